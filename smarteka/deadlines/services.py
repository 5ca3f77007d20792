"""Deadlines (F-DL-11): open, meet, cancel, and the daily reminder scan.

The scan is set-based: for each stage an ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` picks
the candidates through the (state, due_on) index and records the reminders; only the rows that
statement really inserted get notices. A rerun, or a second worker running at the same moment, finds
the unique (deadline, stage) row already there and sends nothing.

It works in batches of ``settings.DEADLINE_SCAN_BATCH`` deadlines, each batch one transaction (the
reminder rows, their notices and the overdue actions commit together), so a worker killed in the middle
(issue 15 item 8) loses at most the batch it was in — rolled back, nothing of it sent — and the task,
redelivered (acks_late + task_reject_on_worker_lost), goes on from the first deadline without its row.
"""

import calendar
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import NoReverseMatch
from django.utils import timezone

from smarteka.deadlines.models import Deadline, Reminder
from smarteka.deadlines.registry import all_kinds, get_kind
from smarteka.notifications.services import build_notice, create_notices
from smarteka.workcalendar.services import add_working_days, due_text, next_working_day, working_days_between

log = logging.getLogger(__name__)


def _add_months(d, months):
    year, month0 = divmod(d.month - 1 + months, 12)
    year += d.year
    return d.replace(year=year, month=month0 + 1, day=min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def compute_due_on(starts_on, *, working_days=None, months=None, years=None):
    """Working days count on the production calendar; a term in months or years that ends on a day off
    moves to the next working day (Labour Code art. 14)."""
    if working_days is not None:
        return add_working_days(starts_on, working_days)
    if months is not None or years is not None:
        return next_working_day(_add_months(starts_on, (months or 0) + 12 * (years or 0)))
    raise ValueError("give working_days, months or years")


def _objects_filter(obj, kind=None):
    qs = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


def open_deadline(obj, kind, *, starts_on=None, working_days=None, months=None, years=None, due_on=None,
                  assignees=(), escalate_to=()):
    """Start a clock on ``obj``. The kind must be registered (``registry.register_kind``)."""
    get_kind(kind)
    starts_on = starts_on or timezone.localdate()
    if due_on is None:
        due_on = compute_due_on(starts_on, working_days=working_days, months=months, years=years)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            kind=kind, content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
            starts_on=starts_on, due_on=due_on,
        )
        if assignees:
            deadline.assignees.set(assignees)
        if escalate_to:
            deadline.escalate_to.set(escalate_to)
    return deadline


def restart_deadlines(obj, kind, *, starts_on, working_days):
    """Count the still open clocks of ``obj`` of ``kind`` from ``starts_on`` (the day a notice reached the
    person, where the regulation counts from then, 4.1.9). Returns how many were moved."""
    due_on = compute_due_on(starts_on, working_days=working_days)
    return (_objects_filter(obj, kind).filter(state=Deadline.State.OPEN)
            .update(starts_on=starts_on, due_on=due_on))


def _close(obj, kind, state):
    return _objects_filter(obj, kind).filter(
        state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE]
    ).update(state=state, closed_at=timezone.now())


def meet_deadlines(obj, kind=None):
    """The awaited action happened (even late): stop the clocks of ``obj`` (of one kind)."""
    return _close(obj, kind, Deadline.State.MET)


def cancel_deadlines(obj, kind=None):
    return _close(obj, kind, Deadline.State.CANCELLED)


def open_deadlines_for(obj, kind=None):
    return _objects_filter(obj, kind).filter(state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])


def open_deadlines_by_object(objs):
    """``{obj.pk: [its open deadlines, due first]}`` for objects of one model, in one query (list pages)."""
    objs = list(objs)
    grouped = {}
    if not objs:
        return grouped
    for deadline in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(objs[0]), object_id__in=[o.pk for o in objs],
            state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE]).order_by("due_on", "pk"):
        grouped.setdefault(deadline.object_id, []).append(deadline)
    return grouped


def days_left(deadline, today=None):
    """Working days from today to the due day (0 on the day, negative when overdue)."""
    return working_days_between(today or timezone.localdate(), deadline.due_on)


# --- the scan ---------------------------------------------------------------------------------------

D = Deadline._meta.db_table
R = Reminder._meta.db_table


def batch_size():
    return getattr(settings, "DEADLINE_SCAN_BATCH", 200)


def _insert_reminders(stage, where, params, limit):
    sql = (f"INSERT INTO {R} (deadline_id, stage, sent_at) "
           f"SELECT d.id, %s, now() FROM {D} d WHERE {where} "
           f"AND NOT EXISTS (SELECT 1 FROM {R} r WHERE r.deadline_id = d.id AND r.stage = %s) "
           f"ORDER BY d.id LIMIT %s "
           f"ON CONFLICT (deadline_id, stage) DO NOTHING RETURNING deadline_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [stage, *params, stage, limit])
        return [row[0] for row in cursor.fetchall()]


def _remind(stage, where, params, today, stats):
    """Record and notify the stage's reminders batch by batch, each batch committed with its notices. A
    short batch ends the loop (a row another scan inserted meanwhile is that scan's to notify)."""
    limit = batch_size()
    while True:
        with transaction.atomic():
            ids = _insert_reminders(stage, where, params, limit)
            stats[stage] += len(ids)
            stats["notices"] += _notices_for(ids, stage, today)
        if len(ids) < limit:
            return


def before_stage_condition(today):
    """SQL condition and parameters selecting open deadlines within their kind's reminder window."""
    groups = defaultdict(list)
    for code, kind in all_kinds().items():
        if kind.remind_days_before > 0:
            groups[kind.remind_days_before].append(code)
    if not groups:
        return None, []
    clauses, params = [], []
    for days, codes in sorted(groups.items()):
        clauses.append("(d.kind = ANY(%s) AND d.due_on <= %s)")
        params += [codes, add_working_days(today, days)]
    latest = add_working_days(today, max(groups))
    where = f"d.state = 'open' AND d.due_on > %s AND d.due_on <= %s AND ({' OR '.join(clauses)})"
    return where, [today, latest, *params]


def _url_of(obj):
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _notices_for(deadline_ids, stage, today):
    if not deadline_ids:
        return 0
    deadlines = list(Deadline.objects.filter(pk__in=deadline_ids)
                     .prefetch_related("assignees", "escalate_to", "content_object"))
    notices = []
    for deadline in deadlines:
        try:
            kind = get_kind(deadline.kind)
            users = kind.recipients(deadline)
        except LookupError:
            kind, users = None, list(deadline.assignees.all())
        label = kind.label if kind else deadline.kind
        obj = deadline.content_object
        subject = str(obj) if obj is not None else ""
        url = _url_of(obj)
        due = due_text(deadline.due_on)  # «… (предварительный срок)» in an unconfirmed year (F-DL-12)
        if stage == Reminder.Stage.BEFORE:
            left = working_days_between(today, deadline.due_on)
            title = f"Приближается срок: {label}"
            body = f"{subject}\nСрок — {due}, осталось рабочих дней: {left}."
        elif stage == Reminder.Stage.DUE_TODAY:
            title = f"Сегодня последний день срока: {label}"
            body = f"{subject}\nСрок истекает сегодня, {due}."
        else:
            title = f"Срок пропущен: {label}"
            body = f"{subject}\nСрок истёк {due}."
            users = users + list(deadline.escalate_to.all())
        seen = set()
        for user in users:
            if user.pk in seen:
                continue
            seen.add(user.pk)
            notice = build_notice(user, kind=f"deadline_{stage}", title=title, body=body.strip(), url=url)
            notice.content_type_id, notice.object_id = deadline.content_type_id, deadline.object_id
            notices.append(notice)
    create_notices(notices)
    return len(notices)


def scan(today=None):
    """Record and send the due reminders; mark overdue deadlines and run their kind's overdue action once.
    Returns {stage: number of new reminders, "notices": n, "overdue_actions": n}."""
    today = today or timezone.localdate()
    stats = {"before": 0, "due_today": 0, "overdue": 0, "notices": 0, "overdue_actions": 0}

    # overdue: open → overdue with one UPDATE per batch (rows another scan holds are skipped; it re-checks
    # state='open' after the row lock), its reminder inserted from the same statement and its overdue
    # action run in the same transaction
    limit = batch_size()
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH newly AS (UPDATE {D} SET state = 'overdue' WHERE state = 'open' AND id IN "
                    f"(SELECT id FROM {D} WHERE state = 'open' AND due_on < %s ORDER BY id LIMIT %s "
                    f"FOR UPDATE SKIP LOCKED) RETURNING id), "
                    f"ins AS (INSERT INTO {R} (deadline_id, stage, sent_at) SELECT id, 'overdue', now() FROM newly "
                    f"ON CONFLICT (deadline_id, stage) DO NOTHING RETURNING deadline_id) "
                    f"SELECT newly.id, ins.deadline_id IS NOT NULL FROM newly LEFT JOIN ins ON ins.deadline_id = newly.id",
                    [today, limit],
                )
                rows = cursor.fetchall()
            newly_overdue = [deadline_id for deadline_id, _ in rows]
            reminded = [deadline_id for deadline_id, inserted in rows if inserted]
            stats["overdue"] += len(reminded)
            stats["notices"] += _notices_for(reminded, Reminder.Stage.OVERDUE, today)
            stats["overdue_actions"] += _run_overdue_actions(newly_overdue)
        if len(rows) < limit:
            break

    _remind(Reminder.Stage.DUE_TODAY, "d.state = 'open' AND d.due_on = %s", [today], today, stats)
    where, params = before_stage_condition(today)
    if where:
        _remind(Reminder.Stage.BEFORE, where, params, today, stats)
    log.info("deadline scan %s: %s", today, stats)
    return stats


def _run_overdue_actions(deadline_ids):
    if not deadline_ids:
        return 0
    with_action = {code for code, kind in all_kinds().items() if kind.overdue_action}
    if not with_action:
        return 0
    count = 0
    for deadline in Deadline.objects.filter(pk__in=deadline_ids, kind__in=with_action).prefetch_related(
            "assignees", "escalate_to", "content_object"):
        get_kind(deadline.kind).overdue_action(deadline)
        count += 1
    return count
