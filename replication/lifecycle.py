"""What happens to a practice's replication requests when it leaves the catalogue (issue 21; regulation 4.1.13,
4.6): the receiver of ``practices.signals.practice_left_catalogue``, connected in ``ReplicationConfig.ready``.

* ``state="deleted"`` (4.1.13): every open request (requested, assigned, in progress) is closed by the
  Agency's closing transition ``refuse`` with the reason, recorded in its history; the recipient and the
  implementation moderator are told.
* ``state="archived"`` (4.6; choice — the regulation is silent): a request already «Внедряется» continues to
  its end (the recipient is implementing; the archived practice stays readable in the knowledge base);
  requests not yet started (requested, assigned) are closed by ``refuse`` with the reason «практика переведена в
  Базу знаний», and the recipient is told. Finished requests stay untouched either way.

The closing is the system's consequence of the ASI moderator's act (``by`` in the history), not a refusal on a
ground of 5.3.3, so ``refusal_ground`` stays blank and ``closing_reason`` says why.
"""

from django.db import transaction
from django.utils import timezone

from replication.models import ReplicationRequest, RequestState
from smarteka.deadlines.services import cancel_deadlines
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action

ARCHIVED_REASON = "практика переведена в Базу знаний"
DELETED_REASON = "практика удалена с платформы"

CLOSED_ON = {
    "deleted": (RequestState.REQUESTED, RequestState.ASSIGNED, RequestState.IN_PROGRESS),
    "archived": (RequestState.REQUESTED, RequestState.ASSIGNED),
}


def close_requests_of(practice, *, state, by=None, reason=""):
    """Close the practice's requests ``CLOSED_ON[state]``; returns how many were closed. Idempotent."""
    states = CLOSED_ON.get(state)
    if not states:
        return 0
    label = ARCHIVED_REASON if state == "archived" else DELETED_REASON
    closed = 0
    for pk in ReplicationRequest.objects.filter(practice_id=practice.pk, state__in=states).values_list("pk", flat=True):
        with transaction.atomic():
            req = (ReplicationRequest.objects.select_for_update(of=("self",))
                   .select_related("practice", "recipient", "recipient_region", "implementation_moderator")
                   .get(pk=pk))
            if req.state not in states:
                continue
            old = req.state
            req.refuse()  # the Agency's closing transition; the ASI moderator's act on the practice authorised it
            req.closing_reason = f"Заявка закрыта: {label}." + (f" {reason}" if reason else "")
            req.closed_at = timezone.now()
            req.save()
            history.record(req, by=by, old=old, action="closed_practice_left", comment=req.closing_reason)
            cancel_deadlines(req)
            resolve_action(req)
            people = [req.recipient] + ([req.implementation_moderator] if req.implementation_moderator_id else [])
            notify(people, kind="replication_closed_practice_left", obj=req, url=req.get_absolute_url(),
                   title=f"Заявка на внедрение практики «{req.practice}» закрыта",
                   body=f"{req.closing_reason}\nЗаявка № {req.pk}, регион {req.recipient_region}.")
            closed += 1
    return closed


def on_practice_left_catalogue(sender, practice, state, by=None, reason="", **kwargs):
    close_requests_of(practice, state=state, by=by, reason=reason)
