"""What the expert's own actions tell the review round, which belongs to the app above (experts never
imports it).

Sent inside the action's transaction; the round's receivers (connected in that app's ``AppConfig.ready()``)
notify the expert-moderator who invited the expert."""

from django.dispatch import Signal

# kwargs: invitation, by — the invited expert declined (F-VAL-3)
invitation_declined = Signal()

# kwargs: invitation, evaluation, by, given (evaluations given so far in the round) — F-VAL-3
evaluation_submitted = Signal()
