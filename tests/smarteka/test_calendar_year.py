"""F-DL-12: each year's production calendar is confirmed or not; from 1 November the ASI moderators are
reminded (in-app and e-mail, on 1 November and then on Mondays, never twice a day) until next year's
calendar is confirmed; deadlines counted into an unconfirmed year show «предварительный срок»."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from practices.enums import PracticeState
from smarteka.deadlines import services as deadlines
from smarteka.notifications.models import Notice
from smarteka.workcalendar import tasks
from smarteka.workcalendar.models import CalendarDay, CalendarYear, CalendarYearReminder
from smarteka.workcalendar.seed import decreed_years
from smarteka.workcalendar.services import is_provisional

D = datetime.date
MSK = zoneinfo.ZoneInfo("Europe/Moscow")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_calendar")]


def at(day, hour=9):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=MSK), tick=False)


def set_confirmed(year, confirmed):
    CalendarYear.objects.update_or_create(year=year, defaults={"confirmed": confirmed})


def test_f_dl_12_years_whose_transfers_holidays_knows_are_confirmed_by_the_seed():
    known = decreed_years()
    assert {2020, 2024, 2025, 2026} <= known
    confirmed = set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    assert confirmed == {year for year in range(2020, 2031) if year in known}
    assert CalendarYear.objects.get(year=2030).confirmed is False  # no decree for 2030 yet
    assert not is_provisional(D(2026, 5, 8))
    assert is_provisional(D(2030, 5, 8))
    assert is_provisional(D(2035, 1, 15))  # no row at all: provisional too


def test_f_dl_12_asi_moderator_reminded_from_1_november_weekly_until_next_year_is_confirmed(
        asi_moderator, author, django_capture_on_commit_callbacks):
    set_confirmed(2028, True)
    set_confirmed(2029, False)
    sent_on = []
    day = D(2028, 10, 20)
    while day <= D(2028, 12, 12):
        if day == D(2028, 11, 29):  # the decree is out, the ASI moderator confirms the year
            set_confirmed(2029, True)
        with at(day):
            for _ in range(2):  # a rerun on the same day sends nothing more
                with django_capture_on_commit_callbacks(execute=True):
                    if tasks.remind_unconfirmed_year():
                        sent_on.append(day)
        day += datetime.timedelta(days=1)
    # Wed 1 November, then Mondays 6, 13, 20, 27 November; none after the confirmation on 29 November
    assert sent_on == [D(2028, 11, 1), D(2028, 11, 6), D(2028, 11, 13), D(2028, 11, 20), D(2028, 11, 27)]
    notices = Notice.objects.filter(kind="calendar_unconfirmed")
    assert [n.recipient for n in notices] == [asi_moderator] * 5
    assert notices[0].title == "Производственный календарь на 2029 год не подтверждён"
    assert [m.to for m in mail.outbox] == [[asi_moderator.email]] * 5
    assert "предварительный срок" in mail.outbox[0].body
    assert CalendarYearReminder.objects.filter(year=2029).count() == 5


def test_f_dl_12_no_reminder_when_next_year_is_confirmed(asi_moderator):
    set_confirmed(2026, True)
    set_confirmed(2027, True)
    with at(D(2026, 11, 2)):  # a Monday in November
        assert tasks.remind_unconfirmed_year() == 0
    assert not Notice.objects.filter(kind="calendar_unconfirmed").exists()


def test_f_dl_12_reminders_go_on_into_the_year_while_it_is_still_unconfirmed(asi_moderator):
    """choice: a year not confirmed by 31 December keeps being reminded on Mondays."""
    set_confirmed(2029, False)
    with at(D(2029, 1, 8)):  # Monday
        assert tasks.remind_unconfirmed_year() == 1
    with at(D(2029, 1, 9)):  # Tuesday
        assert tasks.remind_unconfirmed_year() == 0


def test_f_dl_12_remind_task_is_a_daily_beat_task():
    from smarteka.celery import app

    app.finalize()
    entry = app.conf.beat_schedule["workcalendar.remind_unconfirmed_year"]
    assert entry["task"] == "workcalendar.remind_unconfirmed_year"
    assert entry["schedule"].hour == {8}


def test_f_dl_12_deadline_in_an_unconfirmed_year_is_marked_provisional_on_my_practices(
        client, author, practice_in):
    set_confirmed(2028, False)
    with at(D(2027, 12, 27)):  # returned for revision: 5 working days run into January 2028
        practice = practice_in(PracticeState.REVISION)
        client.force_login(author)
        page = client.get(reverse("practices:my")).content.decode()
    assert practice.title in page
    assert "предварительный срок" in page

    set_confirmed(2028, True)  # the ASI moderator confirms 2028: the mark goes
    with at(D(2027, 12, 27)):
        page = client.get(reverse("practices:my")).content.decode()
    assert practice.title in page and "до " in page
    assert "предварительный срок" not in page


def test_f_dl_12_deadline_in_a_confirmed_year_is_not_marked(client, author, practice_in):
    set_confirmed(2027, True)
    with at(D(2027, 6, 1)):
        practice_in(PracticeState.REVISION)
        client.force_login(author)
        page = client.get(reverse("practices:my")).content.decode()
    assert 'class="practice-deadline">до ' in page
    assert "предварительный срок" not in page


def test_f_dl_12_deadline_reminder_email_marks_a_provisional_due_date(
        region_a, author, django_capture_on_commit_callbacks):
    set_confirmed(2030, False)
    deadlines.open_deadline(region_a, "generic", starts_on=D(2030, 3, 1), due_on=D(2030, 3, 4), assignees=[author])
    with django_capture_on_commit_callbacks(execute=True):
        deadlines.scan(D(2030, 3, 4))
    assert "04.03.2030 (предварительный срок)" in mail.outbox[-1].body


def test_f_dl_12_admin_confirms_a_year_and_reloads_its_days_from_holidays(client):
    admin_user = get_user_model().objects.create_superuser(email="root@example.ru", password="x")
    client.force_login(admin_user)
    set_confirmed(2030, False)
    url = reverse("admin:workcalendar_calendaryear_change", args=[2030])
    response = client.post(url, {"year": 2030, "confirmed": "on", "decree_number": "1234",
                                 "decree_date": "15.09.2029", "note": ""})
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2030)
    assert year.confirmed and year.confirmed_by == admin_user and year.confirmed_at is not None
    assert not is_provisional(D(2030, 5, 8))

    CalendarDay.objects.filter(date=D(2026, 1, 9)).update(is_working=True, kind="workday")
    response = client.post(reverse("admin:workcalendar_calendaryear_changelist"),
                           {"action": "reload_from_holidays", "_selected_action": [2026]}, follow=True)
    assert "Дни перезагружены из пакета holidays" in response.content.decode()
    assert CalendarDay.objects.get(date=D(2026, 1, 9)).is_working is False  # the decree's day off is back
