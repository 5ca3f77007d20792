"""Issue 15 item 8: a worker killed in the middle of the reminder scan (a real `celery -A smarteka worker`
process, SIGKILL) — after the restart every reminder, notice and e-mail is sent exactly once.

Why it holds: the scan task is acks_late and the settings set task_reject_on_worker_lost (a pool child
killed → the message goes back to the queue at once) and a broker visibility timeout (the whole worker
killed → the unacknowledged message is handed out again once it has passed; 5 s here, 1 h by default).
The scan commits batch by batch, each batch's Reminder rows (unique per deadline and stage), notices and
e-mail tasks together; the rerun starts at the first deadline without its row. A kill between a batch's
commit and the queueing of its e-mails leaves those notices unsent in the outbox: the sweep of item 7
queues each once."""

import email
import email.policy
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import psutil
import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from smarteka.accounts.models import User
from smarteka.deadlines.models import Deadline, Reminder
from smarteka.notifications.models import Notice
from smarteka.notifications.tasks import SWEEP_AFTER, sweep_unsent_emails
from smarteka.stack import CELERY_QUEUES
from tests.smarteka.scan_worker_kinds import SLOW_KIND
from tests.smarteka.test_notification_outbox import Broker, _reset_producers
from tests.smarteka.test_notifications import _test_database_url

N = 150          # deadlines due today, one assignee each
BATCH = 10       # DEADLINE_SCAN_BATCH in the worker
VISIBILITY = 5   # seconds: CELERY_VISIBILITY_TIMEOUT in the worker


def _wait(condition, timeout, what, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None:
            assert worker.poll() is None, f"the worker stopped: {worker.log.read_text()[-3000:]}"
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


def _start_worker(env, log_path):
    """`celery -A smarteka worker` with one pool child (prefork, as `make run`), in a process group of its
    own so that the whole worker (main process and child) can be killed at once."""
    log = open(log_path, "ab")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "smarteka", "worker", "--pool=prefork", "--concurrency=1",
         "--include=tests.smarteka.scan_worker_kinds", "-Q", CELERY_QUEUES, "--loglevel=INFO", "--without-heartbeat",
         "--without-gossip", "--without-mingle"],
        env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    worker.log = log_path
    return worker


def _pool_child(worker):
    _wait(lambda: psutil.Process(worker.pid).children(), 30, "the pool child started", worker)
    return psutil.Process(worker.pid).children()[0]


def _stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def _drained(broker, unsent):
    """Nothing waits in the queue or runs, and no e-mail was sent for a moment."""
    before = unsent.count()
    time.sleep(1.5)
    return (all(broker.server.llen(queue) == 0 for queue in CELERY_QUEUES.split(","))
            and broker.server.hlen("unacked") == 0
            and unsent.count() == before)


def _recipients_of(mail_dir):
    to = []
    for path in mail_dir.iterdir():
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                to.append(email.message_from_bytes(chunk, policy=email.policy.default)["To"])
    return to


@pytest.fixture
def broker(settings):
    from smarteka.celery import app

    broker = Broker()
    broker.start()
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker.url, False
    _reset_producers(app)
    try:
        yield broker
    finally:
        _reset_producers(app)
        broker.stop()
        shutil.rmtree(broker.dir, ignore_errors=True)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_issue_15_item_8_worker_killed_mid_scan_sends_every_reminder_exactly_once(broker, tmp_path):
    """Issue 15 item 8: 150 reminders due today. The scan's pool child is SIGKILLed after a few batches
    (the worker requeues the task and runs it again); later the whole worker is SIGKILLed mid-scan and
    started again (the broker hands the unacknowledged task out again after the visibility timeout). In
    the end: 150 reminders, 150 notices, 150 e-mails, one per person — nothing twice, nothing missing."""
    from smarteka.celery import app

    today = timezone.localdate()
    users = User.objects.bulk_create(
        [User(email=f"scan{i:03d}@example.ru", first_name="Анна", last_name=f"Проверкина{i}") for i in range(N)])
    user_type = ContentType.objects.get_for_model(User)
    deadlines = Deadline.objects.bulk_create(
        [Deadline(kind=SLOW_KIND, content_type=user_type, object_id=u.pk, starts_on=today, due_on=today)
         for u in users])
    Deadline.assignees.through.objects.bulk_create(
        [Deadline.assignees.through(deadline_id=d.pk, user_id=u.pk) for d, u in zip(deadlines, users, strict=True)])

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = dict(os.environ, DATABASE_URL=_test_database_url(), REDIS_URL=broker.url,
               DJANGO_SETTINGS_MODULE="smarteka.settings", SMARTEKA_DEV="1", CELERY_TASK_ALWAYS_EAGER="0",
               CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY), DEADLINE_SCAN_BATCH=str(BATCH), SLOW_SCAN_DELAY="0.04",
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir),
               SITE_URL="https://smarteka.example")
    reminders = Reminder.objects.filter(deadline__kind=SLOW_KIND)
    unsent = Notice.objects.filter(kind="deadline_due_today", emailed_at__isnull=True)
    worker = _start_worker(env, tmp_path / "worker.log")
    try:
        child = _pool_child(worker)
        app.send_task("deadlines.scan")

        # 1. the pool child dies mid-scan: the worker puts the task back and a new child goes on
        _wait(lambda: reminders.count() >= 3 * BATCH, 60, "the scan started", worker)
        child.kill()
        at_first_kill = reminders.count()
        assert at_first_kill < N
        _wait(lambda: reminders.count() >= 6 * BATCH, 60, "the requeued scan went on", worker)

        # 2. the whole worker dies mid-scan (main process and child): nothing runs until it is back
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        at_second_kill = reminders.count()
        assert at_first_kill < at_second_kill < N
        time.sleep(VISIBILITY + 1)
        assert reminders.count() == at_second_kill
        assert Notice.objects.filter(kind="deadline_due_today").count() == at_second_kill  # batch = its notices
        started = time.monotonic()
        worker = _start_worker(env, tmp_path / "worker.log")
        _wait(lambda: reminders.count() == N, 90, "the scan finished after the restart", worker)
        recovered_s = time.monotonic() - started
        _wait(lambda: _drained(broker, unsent), 90, "the queued e-mails sent", worker)

        # a kill right after a batch's commit stops the queueing of its e-mails (on_commit): those notices
        # stay unsent in the outbox, and the sweep of issue 15 item 7 queues each of them once
        stranded = unsent.count()
        assert stranded <= 2 * BATCH
        with time_machine.travel(timezone.now() + SWEEP_AFTER + timedelta(minutes=1), tick=True):
            assert sweep_unsent_emails.apply().result == stranded
        _wait(lambda: not unsent.exists(), 60, "the swept e-mails sent", worker)
        time.sleep(1)  # a duplicate would have been sent by now
    finally:
        _stop(worker)

    log = (tmp_path / "worker.log").read_text()
    assert "WorkerLostError" in log  # the first kill, seen by the worker (and the task requeued)
    assert sorted(reminders.values_list("deadline_id", flat=True)) == sorted(d.pk for d in deadlines)
    assert set(reminders.values_list("stage", flat=True)) == {Reminder.Stage.DUE_TODAY}
    notices = Counter(Notice.objects.filter(kind="deadline_due_today").values_list("recipient_id", flat=True))
    assert notices == Counter({u.pk: 1 for u in users})
    mails = Counter(_recipients_of(mail_dir))
    assert mails == Counter({u.email: 1 for u in users})
    print(f"\n[issue 15 item 8] {N} reminders; killed at {at_first_kill} (pool child) and {at_second_kill} "
          f"(whole worker); after the restart the scan finished in {recovered_s:.1f} s "
          f"(visibility timeout {VISIBILITY} s); {stranded} e-mails queued by the sweep")


@pytest.mark.django_db(transaction=True)
def test_issue_15_item_8_email_task_waits_for_a_row_the_sweep_still_holds(author, mailoutbox):
    """Issue 15 item 8: the sweep queues a notice's e-mail while its transaction still holds the row
    (FOR UPDATE); a fast worker's task must wait for it, not skip the row and ack the task — that lost
    e-mails after the killed-worker run above."""
    import threading

    from django.db import connections, transaction

    from smarteka.notifications.services import notify
    from smarteka.notifications.tasks import send_notice_email

    notice = notify(author, kind="test", title="Проверка", email=False)[0]  # nothing queued: still unsent
    locked, release = threading.Event(), threading.Event()

    def sweep_like():
        try:
            with transaction.atomic():
                Notice.objects.select_for_update().get(pk=notice.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=sweep_like)
    holder.start()
    assert locked.wait(10)
    threading.Timer(0.5, release.set).start()
    assert send_notice_email.apply(args=[notice.pk]).result is True
    holder.join()
    assert [m.to for m in mailoutbox] == [[author.email]]
    notice.refresh_from_db()
    assert notice.emailed_at is not None

