"""Query counts of the review round's pages stay constant as data grows (STYLE): the evaluation protocol
and the expert-moderator's page of a practice in review (F-VAL-3)."""

import itertools

import pytest
from django.urls import reverse

from practices.models import PracticeState
from tests.experts.conftest import declared, evaluate_invitation, new_pool_experts
from tests.query_counts import assert_constant_queries, page_queries
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", ["expert_moderator", "author"])
def test_f_val_3_protocol_query_count_constant(client, pool_a, category_a, asi_moderator, practice_in,
                                               expert_moderator, author, viewer):
    """The protocol of a vote with 3 evaluations and of one with 12 take as many queries."""

    def closed_review(title, numbers):
        practice = practice_in(PracticeState.EXPERT_REVIEW, title=title)
        for expert in new_pool_experts(pool_a, asi_moderator, category_a, numbers):
            evaluate_invitation(declared(review_services.invite_expert(practice, expert, by=expert_moderator)))
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
                                                         practice_in, expert_moderator):
    """The expert-moderator's page of one practice in review: invited experts, half evaluated."""
    practice = practice_in(PracticeState.EXPERT_REVIEW, title="Практика на экспертизе")
    counter = itertools.count(1)

    def grow(k):
        numbers = [next(counter) for _ in range(k)]
        for n, expert in zip(numbers, new_pool_experts(pool_a, asi_moderator, category_a, numbers), strict=True):
            invitation = declared(review_services.invite_expert(practice, expert, by=expert_moderator))
            if n % 2:
                evaluate_invitation(invitation)
        return [f"Экспертов-{n:02d}" for n in numbers]

    client.force_login(expert_moderator)
    assert_constant_queries(client, reverse("expert_review:review", args=[practice.pk]), grow)
