"""Contacts of authors and teams (4.1.12): F-ACC-5, F-DL-5, F-DL-6, F-DL-10 (issue 21, item 7). Dates frozen with
time-machine; working days on the seeded production calendar."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices.models import PracticeState
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import scan
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from smarteka.workcalendar.services import add_working_days
from validation import tasks
from validation.lifecycle import contacts
from validation.models import ContactReason, ContactUpdateRequest

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=MSK)


def _deadline(obj, kind):
    return Deadline.objects.get(object_id=obj.pk, kind=kind)


# --- the ASI moderator's request (F-ACC-5, F-DL-5)


def test_f_acc_5_f_dl_5_fourteen_working_days_on_the_production_calendar(region_a, coordinator, asi_moderator,
                                                                          production_calendar):
    """Asked on Monday 27 April 2026, the coordinator has 14 working days: the May holidays (1, 11 May) do not
    count, so the term ends on 19 May (calendar weekdays alone would give 15 May)."""
    with time_machine.travel(at(datetime.date(2026, 4, 27)), tick=False):
        request = contacts.request_contact_update(region_a, by=asi_moderator, reason=ContactReason.LEFT_JOB,
                                                  comment="Автор уволился")
    deadline = _deadline(request, "contact_update")
    assert deadline.due_on == datetime.date(2026, 5, 19) == add_working_days(datetime.date(2026, 4, 27), 14)
    assert list(deadline.assignees.all()) == [coordinator]
    assert list(deadline.escalate_to.all()) == [asi_moderator]
    notice = Notice.objects.get(recipient=coordinator, kind="contact_update_requested")
    assert notice.requires_action and "19.05.2026" in notice.title


def test_f_dl_5_reminders_then_overdue_seen_by_the_asi_moderator(client, region_a, coordinator, asi_moderator,
                                                                 production_calendar):
    with time_machine.travel(at(datetime.date(2026, 4, 27)), tick=False):
        request = contacts.request_contact_update(region_a, by=asi_moderator, reason=ContactReason.LEFT_JOB)
    due = _deadline(request, "contact_update").due_on
    scan(today=add_working_days(due, 0) - datetime.timedelta(days=4))  # 15 May, 2 working days before
    assert Notice.objects.filter(recipient=coordinator, kind="deadline_before").count() == 1
    scan(today=due)
    assert Notice.objects.filter(recipient=coordinator, kind="deadline_due_today").count() == 1
    scan(today=due + datetime.timedelta(days=1))
    scan(today=due + datetime.timedelta(days=2))  # a second day: nothing more
    assert _deadline(request, "contact_update").state == Deadline.State.OVERDUE
    assert Notice.objects.filter(recipient=asi_moderator, kind="deadline_overdue").count() == 1

    client.force_login(asi_moderator)
    with time_machine.travel(at(datetime.date(2026, 5, 21)), tick=False):
        page = client.get(reverse("validation:contacts")).content.decode()
    assert "просрочено" in page and region_a.name in page


def test_f_acc_5_coordinator_confirms_and_the_clock_is_met(client, region_a, coordinator, asi_moderator,
                                                           practice_in, production_calendar):
    practice = practice_in(PracticeState.PUBLISHED)
    request = contacts.request_contact_update(region_a, by=asi_moderator, reason=ContactReason.LEFT_JOB)
    client.force_login(coordinator)
    assert str(request.pk) in client.get(reverse("validation:my_contact_requests")).content.decode()
    page = client.get(reverse("validation:contact_request", args=[request.pk])).content.decode()
    assert practice.author.email in page and practice.author.mobile_phone in page  # the contacts to check
    response = client.post(reverse("validation:contact_request", args=[request.pk]), {"comment": "Обновили"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.confirmed_by == coordinator and request.confirmation_comment == "Обновили"
    assert _deadline(request, "contact_update").state == Deadline.State.MET
    assert Notice.objects.filter(recipient=asi_moderator, kind="contact_update_confirmed").exists()
    with pytest.raises(PermissionDenied):  # once
        contacts.confirm_contact_update(request, by=coordinator)


def test_f_acc_5_another_region_s_coordinator_neither_sees_nor_confirms(client, region_a, asi_moderator,
                                                                        coordinator_of_other_region,
                                                                        practice_in, production_calendar):
    practice_in(PracticeState.PUBLISHED)
    request = contacts.request_contact_update(region_a, by=asi_moderator, reason=ContactReason.LEFT_JOB)
    client.force_login(coordinator_of_other_region)
    assert client.get(reverse("validation:contact_request", args=[request.pk])).status_code == 404
    assert client.post(reverse("validation:contact_request", args=[request.pk]), {}).status_code == 404
    with pytest.raises(PermissionDenied):
        contacts.confirm_contact_update(request, by=coordinator_of_other_region)


def test_f_acc_5_request_form_errors_in_russian_at_the_field(client, region_a, coordinator, asi_moderator):
    client.force_login(asi_moderator)
    response = client.post(reverse("validation:contacts"), {"comment": "Срочно"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"region": ["Выберите регион."], "reason": ["Выберите основание из п. 4.1.12 Регламента."]}
    assert "Срочно" in response.content.decode()  # nothing typed lost
    with pytest.raises(ValidationError) as error:
        contacts.request_contact_update(region_a, by=asi_moderator, reason=ContactReason.YEARLY)
    assert "reason" in error.value.message_dict


def test_f_acc_5_only_the_asi_moderator_asks(region_a, coordinator, expert_moderator):
    for user in (coordinator, expert_moderator):
        with pytest.raises(PermissionDenied):
            contacts.request_contact_update(region_a, by=user, reason=ContactReason.LEFT_JOB)


# --- the author's silence (F-DL-6)


def test_f_dl_6_author_silence_opens_the_request_by_itself_exactly_once(practice_in, expert_moderator, coordinator,
                                                                       asi_moderator):
    """A moderator records the author's silence on Monday 27 April 2026; 14 working days later (19 May) the
    daily scan of the next day opens a contact update request to the region's coordinator — once, however
    many times the scan runs."""
    practice = practice_in(PracticeState.PUBLISHED)
    with time_machine.travel(at(datetime.date(2026, 4, 27)), tick=False):
        silence = contacts.record_author_silence(practice, by=expert_moderator, comment="Звонили и писали")
    assert _deadline(silence, "author_silent").due_on == datetime.date(2026, 5, 19)
    assert "author_silence_recorded" in [t.action for t in history_for(practice)]

    for day in (datetime.date(2026, 5, 19), datetime.date(2026, 5, 20), datetime.date(2026, 5, 20),
                datetime.date(2026, 5, 21)):
        with time_machine.travel(at(day), tick=False):
            scan(today=day)
            expected = 0 if day == datetime.date(2026, 5, 19) else 1
            assert ContactUpdateRequest.objects.count() == expected
    request = ContactUpdateRequest.objects.get()
    assert (request.region, request.practice, request.silence, request.reason, request.requested_by) == (
        practice.region, practice, silence, ContactReason.AUTHOR_SILENT, None)
    assert _deadline(request, "contact_update").due_on == add_working_days(datetime.date(2026, 5, 20), 14)
    assert Notice.objects.filter(recipient=coordinator, kind="contact_update_requested").count() == 1
    practice.refresh_from_db()
    assert practice.author_id == practice.author.pk  # replacement stays a reasoned request (4.1.11)


def test_f_dl_6_an_answered_author_opens_nothing(practice_in, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    with time_machine.travel(at(datetime.date(2026, 4, 27)), tick=False):
        silence = contacts.record_author_silence(practice, by=asi_moderator, comment="Письмо без ответа")
        contacts.mark_author_answered(practice, by=asi_moderator, comment="Перезвонил")
    assert _deadline(silence, "author_silent").state == Deadline.State.MET
    scan(today=datetime.date(2026, 6, 1))
    assert not ContactUpdateRequest.objects.exists()


def test_f_dl_6_silence_recorded_by_the_right_moderators_only(practice_in, expert_moderator,
                                                             expert_moderator_of_other_category, coordinator, author):
    practice = practice_in(PracticeState.PUBLISHED)
    for user in (expert_moderator_of_other_category, coordinator, author):
        with pytest.raises(PermissionDenied):
            contacts.record_author_silence(practice, by=user, comment="Не отвечает")
    with pytest.raises(ValidationError) as error:
        contacts.record_author_silence(practice, by=expert_moderator, comment="")
    assert error.value.message_dict == {"comment": ["Опишите, как и когда вы обращались к автору."]}


# --- the yearly campaign (F-DL-10)


def test_f_dl_10_first_of_january_campaign_for_every_coordinator_run_twice(region_a, region_b, coordinator,
                                                                          coordinator_of_other_region,
                                                                          asi_moderator, production_calendar):
    """Every 1 January the beat task opens a request for every region with a coordinator, due at the end of
    January: 31 January 2027 is a Sunday, so the last working day, Friday 29 January. Run twice: no more."""
    assert tasks.beat_schedule["validation.open_contact_campaign"]["task"] == "validation.open_contact_campaign"
    with time_machine.travel(at(datetime.date(2027, 1, 1), hour=7), tick=False):
        assert tasks.open_contact_campaign() == 2
        assert tasks.open_contact_campaign() == 0
    requests = ContactUpdateRequest.objects.order_by("region__name")
    assert {r.region for r in requests} == {region_a, region_b}
    assert all(r.year == 2027 and r.reason == ContactReason.YEARLY and r.requested_by is None for r in requests)
    assert {_deadline(r, "contact_update").due_on for r in requests} == {datetime.date(2027, 1, 29)}
    assert Notice.objects.filter(kind="contact_update_requested").count() == 2
    assert contacts.campaign_due_on(2026) == datetime.date(2026, 1, 30)  # Saturday 31 → Friday 30


def test_f_dl_10_the_asi_moderator_sees_which_regions_have_not_confirmed(client, region_a, region_b, coordinator,
                                                                       coordinator_of_other_region, asi_moderator,
                                                                       practice_in, production_calendar):
    practice_in(PracticeState.PUBLISHED)
    with time_machine.travel(at(datetime.date(2027, 1, 1)), tick=False):
        contacts.open_yearly_campaign()
    confirmed = ContactUpdateRequest.objects.get(region=region_b)
    contacts.confirm_contact_update(confirmed, by=coordinator_of_other_region)
    with time_machine.travel(at(datetime.date(2027, 1, 20)), tick=False):
        client.force_login(asi_moderator)  # a session of that day
        response = client.get(reverse("validation:contacts"))
    overview = response.context
    assert overview["not_confirmed"] == 1 and overview["confirmed"] == 1
    rows = {r.region: r for r in overview["campaign"]}
    assert not rows[region_a].is_confirmed and rows[region_a].practice_count == 1
    assert rows[region_b].is_confirmed
    page = response.content.decode()
    assert "Не подтвердили: <strong id=\"not-confirmed-count\">1</strong> из 2" in page
    # overdue after the end of January
    scan(today=datetime.date(2027, 2, 1))
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False):
        client.force_login(asi_moderator)
        response = client.get(reverse("validation:contacts") + "?year=2027")
    assert response.context["overdue"] == 1


def test_f_dl_10_campaign_page_refused_to_coordinators(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("validation:contacts")).status_code == 403
    assert client.get(reverse("validation:my_contact_requests")).status_code == 200


def test_f_dl_6_silence_recorded_from_the_review_page(client, practice_in, expert_moderator):
    """The review page offers «Автор не отвечает на обращение» to the category's expert-moderator; a missing
    description is refused at the field, with the date kept."""
    practice = practice_in(PracticeState.PUBLISHED)
    client.force_login(expert_moderator)
    url = reverse("validation:act", args=[practice.pk, "author-silent"])
    response = client.post(url, {"since": "2026-11-02", "comment": ""})
    assert response.status_code == 400
    assert "Опишите, как и когда вы обращались к автору." in response.content.decode()
    assert 'value="2026-11-02"' in response.content.decode()
    assert client.post(url, {"since": "2026-11-02", "comment": "Звонили 2 и 5 ноября"}).status_code == 302
    silence = practice.author_silences.get()
    assert silence.since == datetime.date(2026, 11, 2) and silence.recorded_by == expert_moderator
    page = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert "Автор ответил" in page
