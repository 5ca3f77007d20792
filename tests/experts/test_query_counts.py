"""Query counts of the expert pages stay constant as data grows (STYLE): the expert's queue
«Ожидают моей оценки» (F-VAL-3), the pool page (F-VAL-9). The review round's pages: tests/validation/test_query_counts_expert_review.py."""

import itertools

import pytest
from django.urls import reverse

from practices.models import PracticeState
from tests.experts.conftest import declared, evaluate_invitation, new_pool_experts
from tests.query_counts import assert_constant_queries
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def _title(i):
    return f"Практика-{i:02d} для экспертов"


def test_f_val_3_my_queue_query_count_constant(client, pool_a, experts, practice_in, expert_moderator):
    """«Ожидают моей оценки»: invitations waiting and evaluations given, by practice title."""
    expert = experts[0]
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = practice_in(PracticeState.EXPERT_REVIEW, title=_title(i))
            invitation = declared(review_services.invite_expert(practice, expert, by=expert_moderator))
            if i % 2:
                evaluate_invitation(invitation)
            shown.append(_title(i))
        return shown

    client.force_login(expert)
    assert_constant_queries(client, reverse("experts:my_queue"), grow)


def test_f_val_9_pool_page_query_count_constant(client, pool_a, category_a, asi_moderator, practice_in,
                                                expert_moderator):
    """The pool page with many members, each invited to a practice in review; half have evaluated."""
    counter = itertools.count(1)
    practice = practice_in(PracticeState.EXPERT_REVIEW, title="Практика на экспертизе")

    def grow(k):
        numbers = [next(counter) for _ in range(k)]
        for n, expert in zip(numbers, new_pool_experts(pool_a, asi_moderator, category_a, numbers), strict=True):
            invitation = declared(review_services.invite_expert(practice, expert, by=expert_moderator))
            if n % 2:
                evaluate_invitation(invitation)
        return [f"Экспертов-{n:02d}" for n in numbers]

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("experts:pool", args=[pool_a.pk]), grow)
