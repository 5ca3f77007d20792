"""F-DL-11: deadlines on the production calendar; reminders once per deadline per stage (before, on
the day, overdue), even when the scan runs again or in two workers at once."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from smarteka.deadlines import services
from smarteka.deadlines.models import Deadline, Reminder
from smarteka.deadlines.registry import register_kind
from smarteka.notifications.models import Notice
from tests.factories import UserFactory

D = datetime.date
pytestmark = pytest.mark.usefixtures("production_calendar")


@pytest.fixture
def author(region_a):
    return UserFactory(email="author@example.ru", region=region_a)


@pytest.fixture
def coordinator(region_a):
    return UserFactory(email="coordinator@example.ru", region=region_a)


@pytest.fixture
def overdue_calls():
    calls = []
    register_kind("test_revision", "Доработка практики", remind_days_before=2,
                  overdue_action=lambda deadline: calls.append(deadline.pk))
    return calls


def scan_and_send(on_commit, today):
    with on_commit(execute=True):
        return services.scan(today)


@pytest.mark.django_db
def test_f_dl_11_open_deadline_counts_working_days_and_months(region_a, author):
    # returned for revision on Mon 29.12.2025, 5 working days → Thu 15.01.2026 (see test_calendar)
    deadline = services.open_deadline(region_a, "generic", starts_on=D(2025, 12, 29), working_days=5,
                                      assignees=[author])
    assert deadline.due_on == D(2026, 1, 15)
    assert services.days_left(deadline, today=D(2025, 12, 30)) == 4  # 12, 13, 14, 15 January
    assert services.days_left(deadline, today=D(2026, 1, 15)) == 0
    assert services.days_left(deadline, today=D(2026, 1, 16)) == -1
    # one month from 31.01.2026 is Sat 28.02.2026 → next working day Mon 02.03.2026
    assert services.open_deadline(region_a, "generic", starts_on=D(2026, 1, 31), months=1).due_on == D(2026, 3, 2)
    # one year from 09.05.2025 is Sat 09.05.2026 (Victory Day); 10.05 Sunday, 11.05 off → 12.05.2026
    assert services.open_deadline(region_a, "generic", starts_on=D(2025, 5, 9), years=1).due_on == D(2026, 5, 12)
    with pytest.raises(LookupError):
        services.open_deadline(region_a, "no-such-kind", working_days=1)


@pytest.mark.django_db
def test_f_dl_11_each_stage_reminds_once_even_when_the_scan_runs_twice(
        region_a, author, coordinator, overdue_calls, django_capture_on_commit_callbacks):
    deadline = services.open_deadline(region_a, "test_revision", starts_on=D(2025, 12, 29), working_days=5,
                                      assignees=[author], escalate_to=[coordinator])
    # Mon 12.01.2026: two working days ahead is 14.01 — not yet
    assert scan_and_send(django_capture_on_commit_callbacks, D(2026, 1, 12))["before"] == 0
    assert mail.outbox == []
    # Tue 13.01: 15.01 is within two working days → "before", once
    for _ in range(2):
        scan_and_send(django_capture_on_commit_callbacks, D(2026, 1, 13))
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["author@example.ru"], "Смартека: Приближается срок: Доработка практики")]
    assert "осталось рабочих дней: 2" in mail.outbox[0].body
    # Thu 15.01: the day itself
    for _ in range(2):
        scan_and_send(django_capture_on_commit_callbacks, D(2026, 1, 15))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Смартека: Сегодня последний день срока: Доработка практики"
    # Fri 16.01: overdue → the assignee and the escalation, state overdue, overdue action once
    for _ in range(2):
        scan_and_send(django_capture_on_commit_callbacks, D(2026, 1, 16))
    assert sorted(m.to[0] for m in mail.outbox[2:]) == ["author@example.ru", "coordinator@example.ru"]
    assert all(m.subject == "Смартека: Срок пропущен: Доработка практики" for m in mail.outbox[2:])
    assert len(mail.outbox) == 4
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.OVERDUE
    assert overdue_calls == [deadline.pk]
    assert sorted(Reminder.objects.filter(deadline=deadline).values_list("stage", flat=True)) == [
        "before", "due_today", "overdue"]
    # in-app too, linked to the object
    assert Notice.objects.filter(recipient=author, object_id=region_a.pk).count() == 3
    assert Notice.objects.get(recipient=coordinator).content_object == region_a


@pytest.mark.django_db
def test_f_dl_11_met_and_cancelled_deadlines_are_not_reminded(region_a, region_b, author,
                                                             django_capture_on_commit_callbacks):
    met = services.open_deadline(region_a, "generic", starts_on=D(2026, 1, 12), working_days=1, assignees=[author])
    services.open_deadline(region_b, "generic", starts_on=D(2026, 1, 12), working_days=1, assignees=[author])
    assert services.meet_deadlines(region_a, "generic") == 1
    assert services.cancel_deadlines(region_b) == 1
    stats = scan_and_send(django_capture_on_commit_callbacks, D(2026, 1, 14))
    assert stats["overdue"] == 0 and mail.outbox == []
    met.refresh_from_db()
    assert met.state == Deadline.State.MET and met.closed_at is not None
    assert not services.open_deadlines_for(region_a).exists()


@pytest.mark.django_db(transaction=True)
def test_f_dl_11_two_workers_scanning_at_once_send_one_email_per_stage(region_a, author, coordinator,
                                                                       overdue_calls):
    today = D(2026, 1, 15)
    # 10 deadlines per stage: due 16.01 (before), 15.01 (today), 14.01 (overdue)
    for due in (D(2026, 1, 16), D(2026, 1, 15), D(2026, 1, 14)):
        for _ in range(10):
            services.open_deadline(region_a, "test_revision", starts_on=D(2026, 1, 1), due_on=due,
                                   assignees=[author], escalate_to=[coordinator])
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(services.scan(today))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert sum(r["before"] for r in results) == 10
    assert sum(r["due_today"] for r in results) == 10
    assert sum(r["overdue"] for r in results) == 10
    assert Reminder.objects.count() == 30
    assert len(overdue_calls) == 10 and len(set(overdue_calls)) == 10
    # before 10 + today 10 to the author, overdue 10 to the author and 10 to the coordinator
    assert len(mail.outbox) == 40
    assert Notice.objects.count() == 40 and not Notice.objects.filter(emailed_at__isnull=True).exists()


def test_f_dl_11_scan_is_a_daily_beat_task():
    from smarteka.celery import app

    app.finalize()
    entry = app.conf.beat_schedule["deadlines.scan"]
    assert entry["task"] == "deadlines.scan"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert app.tasks["deadlines.scan"].acks_late is True
