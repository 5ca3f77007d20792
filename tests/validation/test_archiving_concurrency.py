"""Two moderators acting on the same archiving proposal (or practice) at once (F-ARCH-1; issue 21 «Bad input and
concurrency»): the row lock lets one act, the other is refused — one outcome, one history record."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState
from smarteka.history.models import Transition
from smarteka.roles.models import Role
from tests import factories
from tests.validation.lifecycle_helpers import JUSTIFICATION, MENTOR_GROUND, propose
from validation.lifecycle import archiving
from validation.models import ArchiveProposal, ProposalState

pytestmark = pytest.mark.django_db(transaction=True)

ARCHIVING_ACTIONS = ("archive", "decline_archive_proposal", "confirm_archive_proposal", "dismiss_archive_proposal",
                     "propose_archiving")


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[i] = "won"
        except (PermissionDenied, TransitionNotAllowed, ValidationError) as exc:
            outcomes[i] = f"refused: {type(exc).__name__}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def _records(practice):
    return Transition.objects.filter(object_id=practice.pk, action__in=ARCHIVING_ACTIONS)


@pytest.fixture
def second_asi(region_a):
    user = factories.UserFactory(email="asi-2@example.ru")
    factories.grant(user, Role.ASI_MODERATOR)
    return user


@pytest.fixture
def second_em(category_a):
    user = factories.UserFactory(email="expert-moderator-2@example.ru")
    factories.grant(user, Role.EXPERT_MODERATOR, category=category_a)
    return user


def test_f_arch_1_two_asi_moderators_archive_the_same_proposal_once(practice_in, expert_moderator, asi_moderator,
                                                                    second_asi):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = propose(practice, expert_moderator)
    outcomes = _race(lambda: archiving.archive(proposal, by=asi_moderator),
                     lambda: archiving.archive(proposal, by=second_asi))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.ARCHIVED
    assert ArchiveProposal.objects.get(pk=proposal.pk).state == ProposalState.ARCHIVED
    assert list(_records(practice).exclude(action="propose_archiving").values_list("action", flat=True)) == ["archive"]


def test_f_arch_1_archive_and_decline_at_once_leave_one_outcome(practice_in, expert_moderator, asi_moderator,
                                                                second_asi):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = propose(practice, expert_moderator)
    outcomes = _race(lambda: archiving.archive(proposal, by=asi_moderator),
                     lambda: archiving.decline(proposal, by=second_asi, reason="Практика востребована"))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    decided = ArchiveProposal.objects.get(pk=proposal.pk)
    actions = list(_records(practice).exclude(action="propose_archiving").values_list("action", flat=True))
    if decided.state == ProposalState.ARCHIVED:
        assert actions == ["archive"] and Practice.objects.get(pk=practice.pk).state == PracticeState.ARCHIVED
    else:
        assert decided.state == ProposalState.DECLINED
        assert actions == ["decline_archive_proposal"]
        assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED


def test_f_arch_1_two_expert_moderators_decide_on_an_awaiting_proposal_once(practice_in, expert_moderator,
                                                                            second_em):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = archiving.open_system_proposal(practice, ground=archiving.ARCHIVING_GROUND_NO_REQUESTS,
                                              origin="daily_check", finding="Заявок нет год")
    outcomes = _race(
        lambda: archiving.confirm_proposal(proposal, by=expert_moderator, ground=MENTOR_GROUND,
                                           justification=JUSTIFICATION),
        lambda: archiving.dismiss_proposal(proposal, by=second_em, reason="Практика актуальна"))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    assert ArchiveProposal.objects.get(pk=proposal.pk).state in (ProposalState.PROPOSED, ProposalState.DISMISSED)
    assert _records(practice).filter(action__in=["confirm_archive_proposal", "dismiss_archive_proposal"]).count() == 1


def test_f_arch_1_two_expert_moderators_propose_the_same_practice_once(practice_in, expert_moderator, second_em):
    practice = practice_in(PracticeState.PUBLISHED)
    outcomes = _race(lambda: propose(practice, expert_moderator), lambda: propose(practice, second_em))
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "won"], outcomes
    assert "refused: ValidationError" in outcomes
    assert ArchiveProposal.objects.filter(practice=practice).count() == 1
    assert _records(practice).filter(action="propose_archiving").count() == 1
