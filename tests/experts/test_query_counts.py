"""Query counts of the expert pages stay constant as data grows (STYLE): the expert's queue
«Ожидают моей оценки» (F-VAL-3), the pool page (F-VAL-9), the evaluation protocol (F-VAL-3)."""

import itertools

import pytest
from django.urls import reverse

from experts import services as expert_services
from experts.criteria import Decision
from smarteka.roles.models import Role
from tests import factories
from tests.experts.conftest import CRITERIA_OK, all_met
from tests.query_counts import assert_constant_queries, page_queries
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def _title(i):
    return f"Практика-{i:02d} для экспертов"


def _new_experts(pool, asi_moderator, category, numbers):
    """Experts of ``category`` named «Экспертов-NN», members of ``pool`` this year."""
    made = []
    for i in numbers:
        user = factories.UserFactory(last_name=f"Экспертов-{i:02d}", region=None)
        factories.grant(user, Role.EXPERT, category=category)
        expert_services.add_member(pool, user, by=asi_moderator, criteria=CRITERIA_OK, basis="Приказ")
        made.append(user)
    return made


def _evaluate(invitation, decision=Decision.APPROVE):
    unmet = () if decision == Decision.APPROVE else ("5",)
    expert_services.submit_evaluation(invitation, by=invitation.expert, answers=all_met(unmet), decision=decision,
                                      revision_points="Дополнить состав команды" if decision == Decision.REVISION
                                      else "")


def test_f_val_3_my_queue_query_count_constant(client, pool_a, experts, in_expert_review, expert_moderator):
    """«Ожидают моей оценки»: invitations waiting and evaluations given, by practice title."""
    expert = experts[0]
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = in_expert_review(title=_title(i))
            invitation = review_services.invite_expert(practice, expert, by=expert_moderator)
            if i % 2:
                _evaluate(invitation)
            shown.append(_title(i))
        return shown

    client.force_login(expert)
    assert_constant_queries(client, reverse("experts:my_queue"), grow)


def test_f_val_9_pool_page_query_count_constant(client, pool_a, category_a, asi_moderator, in_expert_review,
                                                expert_moderator):
    """The pool page with many members, each invited to a practice in review; half have evaluated."""
    counter = itertools.count(1)
    practice = in_expert_review(title="Практика на экспертизе")

    def grow(k):
        numbers = [next(counter) for _ in range(k)]
        for n, expert in zip(numbers, _new_experts(pool_a, asi_moderator, category_a, numbers), strict=True):
            invitation = review_services.invite_expert(practice, expert, by=expert_moderator)
            if n % 2:
                _evaluate(invitation)
        return [f"Экспертов-{n:02d}" for n in numbers]

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("experts:pool", args=[pool_a.pk]), grow)


@pytest.mark.parametrize("viewer", ["expert_moderator", "author"])
def test_f_val_3_protocol_query_count_constant(client, pool_a, category_a, asi_moderator, in_expert_review,
                                               expert_moderator, author, viewer):
    """The protocol of a vote with 3 evaluations and of one with 12 take as many queries."""

    def closed_review(title, numbers):
        practice = in_expert_review(title=title)
        for expert in _new_experts(pool_a, asi_moderator, category_a, numbers):
            _evaluate(review_services.invite_expert(practice, expert, by=expert_moderator))
        return review_services.close_expert_vote(practice, by=expert_moderator)

    few_review = closed_review("Практика малая", range(1, 4))
    many_review = closed_review("Практика большая", range(11, 23))
    client.force_login(expert_moderator if viewer == "expert_moderator" else author)
    client.get(reverse("expert_review:protocol", args=[few_review.pk]))
    few, html = page_queries(client, reverse("expert_review:protocol", args=[few_review.pk]))
    many, html_many = page_queries(client, reverse("expert_review:protocol", args=[many_review.pk]))
    print(f"QUERIES protocol ({viewer}): {few} / {many}")
    if viewer == "expert_moderator":
        assert all(f"Экспертов-{n:02d}" in html for n in range(1, 4))
        assert all(f"Экспертов-{n:02d}" in html_many for n in range(11, 23))
    else:  # the team sees numbered experts, not names
        assert all(f"<th>Эксперт {n}</th>" in html for n in range(1, 4)) and "<th>Эксперт 4</th>" not in html
        assert all(f"<th>Эксперт {n}</th>" in html_many for n in range(1, 13)) and "Экспертов-11" not in html_many
    assert few == many


def test_f_val_3_expert_review_page_query_count_constant(client, pool_a, category_a, asi_moderator,
                                                         in_expert_review, expert_moderator):
    """The expert-moderator's page of one practice in review: invited experts, half evaluated."""
    practice = in_expert_review(title="Практика на экспертизе")
    counter = itertools.count(1)

    def grow(k):
        numbers = [next(counter) for _ in range(k)]
        for n, expert in zip(numbers, _new_experts(pool_a, asi_moderator, category_a, numbers), strict=True):
            invitation = review_services.invite_expert(practice, expert, by=expert_moderator)
            if n % 2:
                _evaluate(invitation)
        return [f"Экспертов-{n:02d}" for n in numbers]

    client.force_login(expert_moderator)
    assert_constant_queries(client, reverse("expert_review:review", args=[practice.pk]), grow)
