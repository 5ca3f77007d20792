"""Query counts of the selection pages stay constant as data grows (STYLE): the selections list and
a selection's page and applications with many applications (F-TRACK-4), a КСИ session with many
decisions (F-TRACK-5)."""

import datetime
import itertools

import pytest
from django.urls import reverse

from tests import factories
from tests.query_counts import assert_constant_queries
from tests.validation.test_selections import make_selection, submitted_practice
from validation.models import KsiOutcome, KsiSession, SelectionState
from validation.selections import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", ["asi_moderator", "author"])
def test_f_track_4_selection_list_query_count_constant(client, asi_moderator, author, viewer):
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            make_selection(asi_moderator, state=SelectionState.INTAKE, title=f"Отбор номер {i:02d}",
                           slug=f"otbor-{i:02d}")
            shown.append(f"Отбор номер {i:02d}")
        return shown

    client.force_login(asi_moderator if viewer == "asi_moderator" else author)
    assert_constant_queries(client, reverse("selections:list"), grow)


@pytest.fixture
def selection_with_applications(asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = factories.PracticeFactory(author=author, title=f"Заявка-практика {i:02d}")
            application = services.apply_to_selection(selection, by=author, practice=practice)
            if i % 3 == 0:
                services.moderate_application(application, by=asi_moderator, accept=True)
            shown.append(f"Заявка-практика {i:02d}")
        return shown

    return selection, grow


def test_f_track_4_selection_page_with_many_applications_query_count_constant(
        client, selection_with_applications, author):
    """The author sees each of their applications on the selection's page."""
    selection, grow = selection_with_applications
    client.force_login(author)
    assert_constant_queries(client, reverse("selections:detail", args=[selection.slug]), grow)


def test_f_track_4_applications_page_query_count_constant(client, selection_with_applications, asi_moderator):
    selection, grow = selection_with_applications
    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("selections:applications", args=[selection.slug]), grow)


def test_f_track_5_ksi_session_with_many_decisions_query_count_constant(client, asi_moderator, author):
    session = KsiSession.objects.create(date=datetime.date(2026, 3, 2),
                                        title="Практики, влияющие на инвестиционный рейтинг", created_by=asi_moderator)
    counter = itertools.count(1)
    outcomes = itertools.cycle([KsiOutcome.RECOMMENDED, KsiOutcome.NOT_ADMITTED])

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = submitted_practice(author, title=f"КСИ-практика {i:02d}")
            outcome = next(outcomes)
            services.record_ksi_decision(session, by=asi_moderator, practice=practice, outcome=outcome,
                                         reason="Нет эффекта" if outcome == KsiOutcome.NOT_ADMITTED else "")
            shown.append(f"КСИ-практика {i:02d}")
        return shown

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("selections:ksi_detail", args=[session.pk]), grow)
