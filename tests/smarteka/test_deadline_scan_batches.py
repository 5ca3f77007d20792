"""Issue 15 item 8 (F-DL-11): the scan commits batch by batch. A run that dies in the middle keeps the
batches it committed (their reminders and notices) and loses nothing of the batch it was in; the rerun
goes on from there and sends every reminder and every overdue action exactly once."""

import datetime
from collections import Counter

import pytest

from smarteka.deadlines import services
from smarteka.deadlines.models import Deadline, Reminder
from smarteka.deadlines.registry import register_kind
from smarteka.notifications.models import Notice
from tests.factories import UserFactory

TODAY = datetime.date(2026, 1, 15)  # a Thursday
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_calendar")]


class Killed(Exception):
    pass


def test_issue_15_item_8_scan_killed_midway_resumes_and_sends_each_reminder_once(region_a, settings,
                                                                                monkeypatch):
    settings.DEADLINE_SCAN_BATCH = 3
    acted = []
    register_kind("test_batched", "Проверочный срок", remind_days_before=0,
                  overdue_action=lambda deadline: acted.append(deadline.pk))
    users = [UserFactory(email=f"batch{i}@example.ru") for i in range(7)]
    due_today = [services.open_deadline(region_a, "test_batched", due_on=TODAY, assignees=[u]) for u in users]
    overdue = [services.open_deadline(region_a, "test_batched", due_on=TODAY - datetime.timedelta(days=3),
                                      assignees=[u]) for u in users[:5]]

    real = services._notices_for
    calls = {"n": 0}

    def dies_on_the_fourth_batch(ids, stage, today):
        calls["n"] += 1
        if calls["n"] == 4:  # overdue 3 + 2, due today 3, then the worker dies in the next batch
            raise Killed
        return real(ids, stage, today)

    monkeypatch.setattr(services, "_notices_for", dies_on_the_fourth_batch)
    with pytest.raises(Killed):
        services.scan(TODAY)
    # what the batches before committed stays; the batch in progress left nothing behind
    assert Reminder.objects.filter(stage="overdue").count() == 5
    assert Reminder.objects.filter(stage="due_today").count() == 3
    assert Notice.objects.filter(kind="deadline_due_today").count() == 3
    assert sorted(acted) == sorted(d.pk for d in overdue)

    monkeypatch.setattr(services, "_notices_for", real)
    stats = services.scan(TODAY)  # the redelivered task
    assert (stats["overdue"], stats["due_today"], stats["overdue_actions"]) == (0, 4, 0)
    assert services.scan(TODAY)["notices"] == 0  # and once more: nothing
    assert sorted(Reminder.objects.filter(stage="due_today").values_list("deadline_id", flat=True)) == sorted(
        d.pk for d in due_today)
    assert Counter(Notice.objects.filter(kind="deadline_due_today").values_list("recipient_id", flat=True)) == \
        Counter({u.pk: 1 for u in users})
    assert Counter(Notice.objects.filter(kind="deadline_overdue").values_list("recipient_id", flat=True)) == \
        Counter({u.pk: 1 for u in users[:5]})
    assert sorted(acted) == sorted(d.pk for d in overdue)  # each overdue action once
    assert Deadline.objects.filter(state="overdue").count() == 5
