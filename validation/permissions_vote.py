"""Rules for closing stage 3 (F-VAL-3, F-VAL-4) — the validation app's, kept apart from its other rules.

Registered at start-up through ``validation/permissions.py`` (SmartekaConfig imports ``<app>.permissions``)."""

from experts.permissions import EXPERT_REVIEW, is_practice_expert_moderator
from smarteka.permissions import rule


@rule("close_expert_vote")
def close_expert_vote(user, practice):
    """Choice: closing is an explicit action of the practice's expert-moderator (not automatic on the
    third vote), so a late fourth evaluation is never cut off and the moderator reads the points first."""
    return (practice is not None and practice.state == EXPERT_REVIEW
            and is_practice_expert_moderator(user, practice))


@rule("apply_meeting_outcome")
def apply_meeting_outcome(user, item):
    """The expert-moderator moves a practice per the signed protocol of an offline meeting (4.4.7)."""
    if item is None:
        return False
    practice = item.practice
    return (practice.state == EXPERT_REVIEW and practice.category_id == item.meeting.pool.category_id
            and is_practice_expert_moderator(user, practice))
