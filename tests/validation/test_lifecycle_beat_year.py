"""400 simulated days of EVERY beat task of the platform, each run on the days its crontab fires, twice (issue 21,
«Must show»; F-DL-8, F-DL-9, F-DL-10, F-DL-12, F-ACC-5): day 0 is Thursday 01.10.2026.

* one practice published on day 0 with its yearly actualization clock (F-DL-8, 4.5.1): the author and the
  coordinator are reminded 10 working days before 01.10.2027, on the day and once overdue; the same day the
  daily archiving check proposes it to the expert-moderator (F-DL-9: no replication request for a year);
* the contact campaign (F-DL-10, 4.1.12) opens on 01.01.2027 for the one region with a coordinator, due on the
  last working day of January; the coordinator never confirms: reminded before, on the day, overdue (the ASI
  moderator told of the overdue);
* the production calendar of 2027 is not confirmed on day 0 (F-DL-12): the ASI moderator is reminded on
  1 November and each Monday until confirming it on 01.12.2026; 2028 is not confirmed either, so the reminders
  start again on 01.11.2027.

Every day's tasks run twice: the second run changes nothing.
"""

import datetime

import pytest
import time_machine
from celery.schedules import crontab

from regions.quarterly import Quarter
from smarteka.apps import app_modules
from smarteka.celery import app
from smarteka.deadlines.models import Reminder
from smarteka.notifications.models import Notice
from smarteka.workcalendar.models import CalendarYear
from smarteka.workcalendar.services import add_working_days
from tests.validation.lifecycle_helpers import published
from validation.lifecycle.clocks import open_yearly_clock
from validation.models import ArchiveProposal, ContactUpdateRequest

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))
DAY0 = datetime.date(2026, 10, 1)
DAYS = 400
# the quarters whose report falls due within the 400 days (F-REPORT-2)
QUARTERS = [Quarter(2026, 3), Quarter(2026, 4), Quarter(2027, 1), Quarter(2027, 2), Quarter(2027, 3)]


def _schedule():
    """Every beat entry of the platform (collected the way smarteka/celery.py does), in the order of the day."""
    entries = {}
    for module in app_modules("tasks"):
        entries.update(getattr(module, "beat_schedule", {}))
    assert {"deadlines.scan", "validation.archiving_check", "validation.open_contact_campaign",
            "workcalendar.remind_unconfirmed_year"} <= set(entries)
    return sorted(entries.values(), key=lambda e: _time_of_day(e["schedule"]))


def _time_of_day(schedule):
    if isinstance(schedule, crontab):
        return min(schedule.hour), min(schedule.minute)
    return 0, 0  # an interval (the worker heartbeat, every 60 s): it fires every day, first thing


def _fires_on(schedule, day):
    if not isinstance(schedule, crontab):
        return True
    return (day.month in schedule.month_of_year and day.day in schedule.day_of_month
            and day.isoweekday() % 7 in schedule.day_of_week)


def _run_the_day(entries, day):
    for entry in entries:
        if _fires_on(entry["schedule"], day):
            app.tasks[entry["task"]].apply()


def _state():
    return (Notice.objects.count(), Reminder.objects.count(), ArchiveProposal.objects.count(),
            ContactUpdateRequest.objects.count())


def _first_before(due, days_before):
    """The first day the scan's «before» stage catches a deadline due on ``due``."""
    day = due - datetime.timedelta(days=40)
    while add_working_days(day, days_before) < due:
        day += datetime.timedelta(days=1)
    return day


def test_f_dl_8_f_dl_9_f_dl_10_f_dl_12_400_days_of_every_beat_task(
        author, coordinator, expert_moderator, asi_moderator, production_calendar, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    CalendarYear.objects.update_or_create(year=2027, defaults={"confirmed": False})
    CalendarYear.objects.update_or_create(year=2028, defaults={"confirmed": False})
    entries = _schedule()
    with time_machine.travel(datetime.datetime.combine(DAY0, datetime.time(7, 0), tzinfo=MSK), tick=False):
        practice = published(author, "Практика года", published_at=datetime.datetime(2026, 10, 1, 9, 0, tzinfo=MSK))
        yearly = open_yearly_clock(practice, starts_on=DAY0)
    assert yearly.due_on == datetime.date(2027, 10, 1)

    seen = {}  # (kind, recipient e-mail, object model) -> [days]
    for offset in range(DAYS):
        day = DAY0 + datetime.timedelta(days=offset)
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 0), tzinfo=MSK), tick=False):
            last = Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            _run_the_day(entries, day)
            after_first = _state()
            _run_the_day(entries, day)
            assert _state() == after_first, f"{day}: the second run made more"
            for notice in Notice.objects.filter(pk__gt=last).select_related("recipient", "content_type"):
                model = notice.content_type.model if notice.content_type_id else ""
                seen.setdefault((notice.kind, notice.recipient.email, model), []).append(day)
            if day == datetime.date(2026, 12, 1):  # the ASI moderator confirms 2027 in the admin
                CalendarYear.objects.filter(year=2027).update(confirmed=True, decree_number="№ 1234")

    d = datetime.date
    campaign = ContactUpdateRequest.objects.get()
    assert (campaign.year, campaign.region, campaign.confirmed_at) == (2027, coordinator.region, None)
    campaign_due = d(2027, 1, 29)
    expected = {
        # F-DL-12: 1 November, then Mondays until 2027 is confirmed on 01.12.2026; 2028 from 01.11.2027
        ("calendar_unconfirmed", asi_moderator.email, ""): [
            d(2026, 11, 1), d(2026, 11, 2), d(2026, 11, 9), d(2026, 11, 16), d(2026, 11, 23), d(2026, 11, 30),
            d(2027, 11, 1)],
        # F-DL-10 / F-DL-5: the campaign's clock on the coordinator, its overdue told to the ASI moderator
        ("deadline_before", coordinator.email, "contactupdaterequest"): [_first_before(campaign_due, 3)],
        ("deadline_due_today", coordinator.email, "contactupdaterequest"): [campaign_due],
        ("deadline_overdue", coordinator.email, "contactupdaterequest"): [d(2027, 1, 30)],
        ("deadline_overdue", asi_moderator.email, "contactupdaterequest"): [d(2027, 1, 30)],
        # F-DL-8: the yearly actualization clock on the author and the coordinator
        ("deadline_before", author.email, "practice"): [_first_before(yearly.due_on, 10)],
        ("deadline_due_today", author.email, "practice"): [d(2027, 10, 1)],
        ("deadline_overdue", author.email, "practice"): [d(2027, 10, 2)],
        ("deadline_before", coordinator.email, "practice"): [_first_before(yearly.due_on, 10)],
        ("deadline_due_today", coordinator.email, "practice"): [d(2027, 10, 1)],
        ("deadline_overdue", coordinator.email, "practice"): [d(2027, 10, 2)],
        # F-REPORT-2 (seed 000 п. 3): each finished quarter's report, opened on the quarter's next day, due the
        # last working day before the 15th; unconfirmed here, so reminded, due and overdue
        ("quarterly_report_due", coordinator.email, "quarterlyreport"): [q.next().first_day for q in QUARTERS],
        ("deadline_before", coordinator.email, "quarterlyreport"): [_first_before(q.due_on(), 3) for q in QUARTERS],
        ("deadline_due_today", coordinator.email, "quarterlyreport"): [q.due_on() for q in QUARTERS],
        ("deadline_overdue", coordinator.email, "quarterlyreport"): [
            q.due_on() + datetime.timedelta(days=1) for q in QUARTERS],
    }
    lifecycle = {key: days for key, days in seen.items() if key[0] in {k[0] for k in expected}}
    assert lifecycle == expected
    # F-DL-9: a year after publication without a request, one proposal awaiting the expert-moderator, told once
    proposal = ArchiveProposal.objects.get()
    assert (proposal.practice, timezone_day(proposal.created_at)) == (practice, d(2027, 10, 1))
    assert seen[("archive_proposal_awaiting", expert_moderator.email, "archiveproposal")] == [d(2027, 10, 1)]


def timezone_day(moment):
    return moment.astimezone(MSK).date()
