"""Query counts of the replication pages stay constant as data grows (STYLE): «Мои заявки» (F-REP-1),
the implementation moderator's queue (F-REP-3), the ASI queue (F-REP-2), a request page with many
messages and documents (F-REP-4, F-REP-5), the events list and an event page (F-EVT-1, F-EVT-2)."""

import datetime
import itertools

import pytest
from django.urls import reverse

from practices.models import EventFormat
from regions.models import Region
from replication import services
from replication.events import services as event_services
from tests import factories
from tests.query_counts import assert_constant_queries
from tests.replication.conftest import make_request

pytestmark = pytest.mark.django_db


def _title(i):
    return f"Практика-{i:02d} для тиражирования"


@pytest.fixture
def requests_of(author, recipient, asi_moderator, implementation_moderator, production_calendar):
    """``grow(k)``: k requests of ``recipient`` on new published practices; every other one assigned
    to ``implementation_moderator``. Returns the practice titles."""
    counter = itertools.count(1)

    def grow(k, *, event=None, assign_all=False):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = factories.published_practice(author, title=_title(i))
            kwargs = {"event": event, "event_other": ""} if event else {}
            req = make_request(practice, recipient, **kwargs)
            if assign_all or i % 2:
                services.assign_moderator(req, by=asi_moderator, moderator=implementation_moderator)
            shown.append(_title(i))
        return shown

    return grow


def test_f_rep_1_my_requests_query_count_constant(client, recipient, requests_of):
    client.force_login(recipient)
    assert_constant_queries(client, reverse("replication:my"), requests_of)


def test_f_rep_3_moderator_queue_query_count_constant(client, implementation_moderator, requests_of):
    client.force_login(implementation_moderator)
    assert_constant_queries(client, reverse("replication:moderator_queue"),
                            lambda k: requests_of(k, assign_all=True))


def test_f_rep_2_asi_queue_query_count_constant(client, asi_moderator, requests_of):
    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("replication:asi_queue"), requests_of)


@pytest.mark.parametrize("viewer", ["recipient", "implementation_moderator", "asi_moderator"])
def test_f_rep_4_request_page_with_many_messages_and_documents_query_count_constant(
        client, assigned, recipient, implementation_moderator, asi_moderator, viewer):
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            services.post_message(assigned, by=recipient if i % 2 else implementation_moderator,
                                  body=f"Сообщение номер {i:02d}",
                                  attachments=[factories.pdf_upload(f"вложение-{i:02d}.pdf")])
            services.upload_document(assigned, by=recipient, kind="roadmap",
                                     upload=factories.pdf_upload(f"дорожная-карта-{i:02d}.pdf"))
            shown += [f"Сообщение номер {i:02d}", f"вложение-{i:02d}.pdf", f"дорожная-карта-{i:02d}.pdf"]
        return shown

    client.force_login({"recipient": recipient, "implementation_moderator": implementation_moderator,
                        "asi_moderator": asi_moderator}[viewer])
    assert_constant_queries(client, reverse("replication:request_detail", args=[assigned.pk]), grow)


def _event(title, asi_moderator, practices, regions):
    return event_services.save_event(None, by=asi_moderator, fields={
        "title": title, "format": EventFormat.objects.get(name__icontains="демо-дни"),
        "date": datetime.date(2026, 3, 12), "place": "Казань", "organiser": "Дивизион «Развитие регионов»",
    }, practices=practices, invited_regions=regions)


def test_f_evt_1_event_list_query_count_constant(client, asi_moderator, recipient, author):
    counter = itertools.count(1)
    regions = list(Region.objects.order_by("code")[:3])

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = factories.published_practice(author, title=_title(i))
            _event(f"Демо-день номер {i:02d}", asi_moderator, [practice], regions)
            shown += [f"Демо-день номер {i:02d}"]
        return shown

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("replication:event_list"), grow)


def test_f_evt_2_event_page_with_many_requests_and_interests_query_count_constant(
        client, asi_moderator, author, requests_of, production_calendar):
    event = _event("Демо-день практик", asi_moderator, [], [])
    regions = iter(Region.objects.exclude(code__in=["28", "16"]).order_by("code"))
    counter = itertools.count(1)

    def grow(k):
        titles = requests_of(k, event=event)
        practices = list(event.practices.all()) + [factories.published_practice(author, title=f"Презентация-{i:02d}")
                                                   for i in [next(counter) for _ in range(k)]]
        event.practices.set(practices)
        for practice in practices[-k:]:
            region = next(regions)
            event_services.record_interest(event, by=asi_moderator, region=region, practice=practice,
                                     interest="interested")
            titles += [practice.title, region.name]
        return titles

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("replication:event_detail", args=[event.pk]), grow)
