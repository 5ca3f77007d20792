"""The review round of stage 3 (F-VAL-3 online vote, F-VAL-4 offline pool meeting): invitations, the
expert-moderator's page of a practice in expert evaluation, the tally and closing, the evaluation protocol,
offline meetings' practices and outcomes. Reads pools, memberships and evaluations from ``experts``
(which never imports validation); models stay in ``experts/models.py`` where their migrations are."""
