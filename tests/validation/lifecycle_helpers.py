"""Builders for the archiving and audit tests (F-ACT-2, F-ARCH-1, F-DL-9): published practices with chosen dates
(a few queries each), replication requests straight through the ORM, proposals through the services."""

from django.utils import timezone

from practices.models import Practice, TeamMember
from replication.models import ReplicationRequest
from tests import factories
from validation.grounds import ARCHIVING_GROUNDS
from validation.lifecycle import archiving

MENTOR_GROUND = ARCHIVING_GROUNDS[5]  # «в случае отсутствия наставника …»
JUSTIFICATION = "Наставник уволился, команда распалась; консультировать реципиентов некому."


def published(author, title, *, published_at=None, category="zdravookhranenie", team=(), mentor=False):
    """A published practice of ``author`` in ``category`` (slug), the author on its team (a mentor if asked)."""
    practice = factories.published_practice(author, title=title, published_at=published_at or timezone.now(),
                                            category=factories.category(category))
    for user in (author, *team):
        TeamMember.objects.create(practice=practice, user=user, joined_at=timezone.now(),
                                  is_mentor=mentor and user == author)
    return practice


def replication_request(practice, recipient, *, created_at=None, state="requested"):
    """A «Хочу внедрить» request made on ``created_at`` in ``state`` (the state field is protected, so a
    queryset update moves it)."""
    req = ReplicationRequest.objects.create(practice=practice, recipient=recipient,
                                            recipient_region=recipient.region,
                                            created_at=created_at or timezone.now())
    if state != "requested":
        ReplicationRequest.objects.filter(pk=req.pk).update(state=state)
    return req


def propose(practice, expert_moderator, ground=MENTOR_GROUND):
    return archiving.propose_archiving(practice, by=expert_moderator, ground=ground, justification=JUSTIFICATION)


def archive(practice, expert_moderator, asi_moderator, ground=MENTOR_GROUND):
    proposal = archiving.archive(propose(practice, expert_moderator, ground), by=asi_moderator)
    return Practice.objects.get(pk=practice.pk), proposal
