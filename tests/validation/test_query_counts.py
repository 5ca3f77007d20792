"""Query counts of the review pages stay constant as data grows (STYLE; F-VAL-7 queues, F-VAL-8 history,
F-PASS-5 versions, F-PASS-* «Мои практики»)."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeState as S
from practices.models import TeamMember
from practices.services import resubmit_practice
from tests import factories
from tests.factories import answer_revision_points
from tests.query_counts import assert_constant_queries
from validation import services

pytestmark = pytest.mark.django_db

HEAVY = {"small": 2, "large": 12}  # each object is a complete practice driven through the services


def _grower(make):
    counter = itertools.count(1)

    def grow(k):
        return [make(next(counter)) for _ in range(k)]

    return grow


def _title(i):
    return f"Практика-{i:02d} бережливого региона"


@pytest.mark.parametrize("viewer", ["author", "team member"])
def test_f_pass_my_practices_query_count_constant(client, author, practice_in, viewer):
    """«Мои практики» (F-PASS-1, F-PASS-3) with drafts, submitted and returned practices, seen by
    the author and by a member of every practice's team."""
    states = itertools.cycle([S.DRAFT, S.REGIONAL_REVIEW, S.REVISION])
    member = factories.UserFactory(region=author.region, last_name="Участникова")

    def make(i):
        practice = practice_in(next(states), title=_title(i))
        TeamMember.objects.create(practice=practice, user=member, joined_at=timezone.now(), invited_by=author)
        return _title(i)

    client.force_login(author if viewer == "author" else member)
    assert_constant_queries(client, reverse("practices:my"), _grower(make), **HEAVY)


def test_f_pass_5_versions_page_query_count_constant(client, author, coordinator, practice_in):
    practice = practice_in(S.REVISION)
    comments = itertools.count(1)

    def make(i):
        nonlocal practice
        answer_revision_points(practice)
        practice = resubmit_practice(practice, by=author, comment=f"Доработка {i}")
        practice = services.return_for_revision(practice, by=coordinator, comment=f"Замечание {next(comments)}")
        return f"Версия {i + 1}"

    client.force_login(author)
    assert_constant_queries(client, reverse("practices:versions", args=[practice.pk]), _grower(make))


@pytest.mark.parametrize("who,state,investment", [
    ("coordinator", S.REGIONAL_REVIEW, False),
    ("coordinator", S.REVISION, False),
    ("asi", S.PACKAGING, False),
    ("asi", S.READY_TO_PUBLISH, False),
    ("em", S.EXPERT_REVIEW, False),
    ("rating", S.RATING_COMMITTEE, True),
])
def test_f_val_7_queue_query_count_constant(client, actors, practice_in, who, state, investment):
    def make(i):
        practice_in(state, title=_title(i), investment=investment)
        return _title(i)

    client.force_login(actors[who])
    assert_constant_queries(client, reverse("validation:queue"), _grower(make), **HEAVY)


def test_f_val_8_review_page_with_long_history_query_count_constant(client, actors, practice_in):
    """The review page of one practice whose history grows by the expert-moderator's comments."""
    practice = practice_in(S.PACKAGING)

    def make(i):
        services.comment_to_author(practice, by=actors["em"], comment=f"Комментарий номер {i:02d}")
        return f"Комментарий номер {i:02d}"

    client.force_login(actors["em"])
    assert_constant_queries(client, reverse("validation:review", args=[practice.pk]), _grower(make))
