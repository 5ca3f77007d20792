"""Events of the plan-schedule and the federal-district curators (F-EVT-1, F-EVT-2; 5.2, 5.3.1.1, Прил.4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practices.models import EventFormat
from replication.events import services as event_services
from replication.models import Event, InterestSummary, RegionInterest
from smarteka.notifications.models import Notice
from tests import factories
from tests.replication.conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_day():
    return EventFormat.objects.get(name__icontains="демо-дни")


@pytest.fixture
def event(published, demo_day, region_b, asi_moderator):
    return event_services.save_event(None, by=asi_moderator, fields={
        "title": "Демо-день практик здравоохранения", "format": demo_day, "date": datetime.date(2026, 3, 12),
        "place": "Казань", "organiser": "Дивизион «Развитие регионов и инвестиции»",
        "programme": "Презентации регионов-лидеров", "speakers": "Министр здравоохранения Амурской области",
    }, practices=[published], invited_regions=[region_b])


def test_f_evt_1_event_formats_are_the_regulations(demo_day):
    names = set(EventFormat.objects.values_list("name", flat=True))
    assert len(names) >= 8
    assert demo_day.clause.startswith("5.2.4")


def test_f_evt_1_asi_moderator_plans_an_event(client, asi_moderator, published, demo_day, region_b):
    client.force_login(asi_moderator)
    response = client.post(reverse("replication:event_create"), {
        "title": "Окружная сессия ПФО", "format": demo_day.pk, "date": "2026-06-10", "place": "Нижний Новгород",
        "organiser": "Дивизион «Развитие регионов и инвестиции»", "programme": "Сессии регионов-лидеров",
        "speakers": "Эксперты АСИ", "practices": [published.pk], "invited_regions": [region_b.pk]})
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert list(event.practices.all()) == [published] and list(event.invited_regions.all()) == [region_b]
    page = client.get(reverse("replication:event_list")).content.decode()
    assert "Окружная сессия ПФО" in page and "Нижний Новгород" in page


def test_f_evt_1_only_the_asi_moderator_plans_events(client, fd_curator, recipient):
    for user in (fd_curator, recipient):
        client.force_login(user)
        assert client.get(reverse("replication:event_create")).status_code == 403


def test_f_evt_1_event_shows_how_many_requests_followed_it(client, event, published, recipient, outsider):
    client.force_login(outsider)
    assert 'id="event-request-count">0<' in client.get(event.get_absolute_url()).content.decode()
    # the recipient names the event in the «Хочу внедрить» form
    client.force_login(recipient)
    form_page = client.get(reverse("replication:request_create", args=[published.pk]) + f"?event={event.pk}")
    assert "Демо-день практик здравоохранения" in form_page.content.decode()
    client.post(reverse("replication:request_create", args=[published.pk]), {
        "event": event.pk, "confirms_studied": "on", "confirms_ready": "on", "confirms_cooperation": "on",
        "undertakes_documents": "on"})
    client.force_login(outsider)
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'id="event-request-count">1<' in page and "Республика Татарстан" in page
    assert "<strong>1</strong>" in client.get(reverse("replication:event_list")).content.decode()


def test_f_evt_2_curator_records_interest_in_own_district_only(client, event, fd_curator, published,
                                                               region_b, region_a):
    client.force_login(fd_curator)
    url = reverse("replication:interest_record", args=[event.pk])
    response = client.post(url, {"region": region_b.pk, "practice": published.pk,
                                 "interest": "interested", "comment": "Минздрав готов"})
    assert response.status_code == 302
    assert RegionInterest.objects.get().interest == "interested"
    # Амурская область is in another federal district: not in the curator's choice, and the service refuses
    response = client.post(url, {"region": region_a.pk, "practice": published.pk, "interest": "interested"})
    assert response.status_code == 400
    with pytest.raises(PermissionDenied):
        event_services.record_interest(event, by=fd_curator, region=region_a, practice=published,
                                 interest="interested")
    assert RegionInterest.objects.count() == 1


def test_f_evt_2_summary_goes_to_the_agency_and_interested_regions_are_offered_the_practice(
        client, event, fd_curator, published, region_b, asi_moderator, recipient):
    record = event_services.record_interest(event, by=fd_curator, region=region_b, practice=published,
                                      interest="interested")
    client.force_login(fd_curator)
    client.post(reverse("replication:interest_summary", args=[event.pk]))
    summary = InterestSummary.objects.get()
    assert f"— {region_b}: «{published}»" in summary.text
    assert Notice.objects.filter(recipient=asi_moderator, kind="replication_interest_summary").exists()

    client.post(reverse("replication:interest_offer", args=[event.pk, record.pk]))
    offer = Notice.objects.get(recipient=recipient, kind="replication_offer")
    assert offer.url == reverse("replication:request_create", args=[published.pk]) + f"?event={event.pk}"
    record.refresh_from_db()
    assert record.offered_at is not None


def test_f_evt_2_others_may_not_record_or_summarise(client, event, recipient, implementation_moderator,
                                                    published, region_b):
    for user in (recipient, implementation_moderator):
        client.force_login(user)
        assert client.post(reverse("replication:interest_record", args=[event.pk]),
                           {"region": region_b.pk, "practice": published.pk,
                            "interest": "interested"}).status_code == 403
        assert client.post(reverse("replication:interest_summary", args=[event.pk])).status_code == 403
    assert not RegionInterest.objects.exists()


def test_f_evt_2_request_names_the_event(event, published, recipient):
    req = make_request(published, recipient, event=event, event_other="")
    assert req.event == event and event.requests.count() == 1
    other = factories.UserFactory(email="x@example.ru", region=factories.region("27"), is_head=True)
    make_request(published, other)  # free text instead of the event
    assert event.requests.count() == 1
