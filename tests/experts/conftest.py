"""Expert pools with current-year members and votes on practices in expert evaluation (F-VAL-3, F-VAL-9);
the practices come from ``practice_in(PracticeState.EXPERT_REVIEW)`` (tests/conftest.py)."""

import pytest

from experts import services as expert_services
from experts.criteria import CRITERION_CODES, Decision, InclusionCriterion
from smarteka.roles.models import Role
from tests import factories
from validation.expert_review.services import invite_expert

CRITERIA_OK = [InclusionCriterion.LEADERSHIP, InclusionCriterion.LEGISLATION]


def all_met(unmet=()):
    return {code: {"met": code not in unmet, "note": ""} for code in CRITERION_CODES}


def new_pool_experts(pool, asi_moderator, category, numbers):
    """Experts of ``category`` named «Экспертов-NN», members of ``pool`` this year."""
    made = []
    for i in numbers:
        user = factories.UserFactory(last_name=f"Экспертов-{i:02d}", region=None)
        factories.grant(user, Role.EXPERT, category=category)
        expert_services.add_member(pool, user, by=asi_moderator, criteria=CRITERIA_OK, basis="Приказ")
        made.append(user)
    return made


def declared(invitation):
    """F-PLUS-7: the invited expert declares «нет конфликта интересов» (the passport and the form open)."""
    if invitation.interests == "pending":
        invitation = expert_services.declare_interests(invitation, by=invitation.expert, conflict=False)
    return invitation


def evaluate_invitation(invitation, decision=Decision.APPROVE):
    invitation = declared(invitation)
    unmet = () if decision == Decision.APPROVE else ("5",)
    expert_services.submit_evaluation(invitation, by=invitation.expert, answers=all_met(unmet), decision=decision,
                                      revision_points="Дополнить состав команды" if decision == Decision.REVISION
                                      else "")


@pytest.fixture
def pool_a(category_a, experts, asi_moderator):
    """The pool of category_a with the four ``experts`` as members of this year."""
    pool = expert_services.pool_for(category_a)
    for expert, last_name in zip(experts, ("Лебедев", "Новикова", "Морозов", "Зайцева"), strict=True):
        expert.last_name = last_name  # distinct names: the pages show names, not e-mails
        expert.save(update_fields=["last_name"])
        expert_services.add_member(pool, expert, by=asi_moderator, criteria=CRITERIA_OK,
                                   basis="Список структурного подразделения")
    return pool


@pytest.fixture
def vote(expert_moderator):
    """``vote(practice, experts, decisions)``: invite each expert and submit their decision."""

    def run(practice, experts, decisions):
        invitations = []
        for expert, decision in zip(experts, decisions, strict=True):
            invitation = declared(invite_expert(practice, expert, by=expert_moderator))
            unmet = () if decision == Decision.APPROVE else ("5",)
            expert_services.submit_evaluation(
                invitation, by=expert, answers=all_met(unmet), decision=decision,
                revision_points="Дополнить состав команды до трёх человек\nУказать источник данных"
                if decision == Decision.REVISION else "")
            invitations.append(invitation)
        return invitations

    return run
