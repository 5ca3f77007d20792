"""F-NOTE-1: in-app notices, their e-mails (Celery task after commit), the bell, «Ожидают моих действий»."""

import email
import email.policy
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse

from smarteka.notifications.models import Notice
from smarteka.notifications.services import notify, resolve_action
from smarteka.notifications.tasks import send_notice_email
from tests.factories import UserFactory

# Local users: the shared conftest's role fixtures pass `region` twice to `_user` (reported to the lead).


@pytest.fixture
def author(region_a):
    return UserFactory(email="author@example.ru", region=region_a)


@pytest.fixture
def coordinator(region_a):
    return UserFactory(email="coordinator@example.ru", region=region_a)


@pytest.fixture
def asi_moderator(db):
    return UserFactory(email="asi@example.ru", region=None)


@pytest.mark.django_db
def test_f_note_1_notify_creates_notice_and_emails_after_commit(author, coordinator, region_a,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notices = notify([author, coordinator, author], kind="practice_returned",
                         title="Практика возвращена на доработку", body="Срок доработки — 5 рабочих дней.",
                         url="/practices/1/", obj=region_a)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert len(notices) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["author@example.ru", "coordinator@example.ru"]
    message = mail.outbox[0]
    assert message.subject == "Смартека: Практика возвращена на доработку"
    assert "Срок доработки — 5 рабочих дней." in message.body
    assert "http://testserver/practices/1/" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://testserver/practices/1/"' in html and "Открыть на платформе" in html
    assert Notice.objects.filter(emailed_at__isnull=False).count() == 2
    assert Notice.objects.get(recipient=author).content_object == region_a


@pytest.mark.django_db(transaction=True)
def test_f_note_1_rolled_back_transaction_sends_nothing(author):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(author, kind="x", title="Не будет отправлено")
            raise RuntimeError("the transition failed")
    assert Notice.objects.count() == 0
    assert mail.outbox == []
    # committed: sent (eager Celery in tests)
    with transaction.atomic():
        notify(author, kind="x", title="Отправлено")
    assert [m.subject for m in mail.outbox] == ["Смартека: Отправлено"]


@pytest.mark.django_db
def test_f_note_1_email_task_is_idempotent(author):
    notice = notify(author, kind="x", title="Один раз", email=False)[0]
    assert send_notice_email(notice.pk) is True
    assert send_notice_email(notice.pk) is False  # redelivered task
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_f_note_1_bell_shows_unread_count(client, author):
    notify(author, kind="x", title="Первое", email=False)
    notify(author, kind="x", title="Второе", email=False)
    client.force_login(author)
    html = client.get(reverse("home")).content.decode()
    assert 'id="bell-count">2<' in html
    assert 'href="/notifications/"' in html
    Notice.objects.filter(recipient=author).update(read_at="2026-01-12T10:00:00Z")
    html = client.get(reverse("home")).content.decode()
    assert "bell-count" not in html


@pytest.mark.django_db
def test_f_note_1_list_unread_first_mark_read_and_mark_all(client, author, coordinator):
    old = notify(author, kind="x", title="Старое прочитанное", email=False)[0]
    old.read_at = old.created_at
    old.save()
    first = notify(author, kind="x", title="Новое непрочитанное", email=False)[0]
    notify(author, kind="x", title="Ещё одно", email=False)
    others = notify(coordinator, kind="x", title="Чужое", email=False)[0]
    client.force_login(author)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Чужое" not in html
    assert html.index("Ещё одно") < html.index("Новое непрочитанное") < html.index("Старое прочитанное")
    assert 'id="unread-total">2<' in html

    response = client.post(reverse("notifications:read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notices-changed"
    assert "Новое непрочитанное" in response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    # someone else's notice: 404, untouched
    assert client.post(reverse("notifications:read", args=[others.pk])).status_code == 404
    assert client.get(reverse("notifications:read", args=[first.pk])).status_code == 405

    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert Notice.objects.filter(recipient=author, read_at__isnull=True).count() == 0
    assert Notice.objects.get(pk=others.pk).read_at is None
    assert 'id="bell-count"' not in client.get(reverse("notifications:bell")).content.decode()


@pytest.mark.django_db
def test_f_note_1_awaiting_my_action_page_and_resolve_action(client, coordinator, asi_moderator, region_a, region_b):
    notify(coordinator, kind="review", title="Рассмотреть практику региона", obj=region_a, requires_action=True,
           email=False)
    notify(coordinator, kind="review", title="Рассмотреть другую практику", obj=region_b, requires_action=True,
           email=False)
    notify(asi_moderator, kind="review", title="Рассмотреть практику региона", obj=region_a,
           requires_action=True, email=False)
    notify(coordinator, kind="info", title="Просто сообщение", email=False)
    client.force_login(coordinator)
    html = client.get(reverse("notifications:actions")).content.decode()
    assert "Ожидают моих действий" in html
    assert "Рассмотреть практику региона" in html and "Рассмотреть другую практику" in html
    assert "Просто сообщение" not in html

    assert resolve_action(region_a, kind="review", user=coordinator) == 1
    html = client.get(reverse("notifications:actions")).content.decode()
    assert html.index("Рассмотреть другую практику") < html.index("Недавно выполнено") < html.index(
        "Рассмотреть практику региона")
    # the other user's action notice is still waiting
    assert Notice.objects.get(recipient=asi_moderator).action_done_at is None



def _test_database_url():
    from urllib.parse import quote

    db = connection.settings_dict
    host = db["HOST"]
    netloc = quote(db["USER"] or "")
    if db["PASSWORD"]:
        netloc += ":" + quote(db["PASSWORD"])
    if host and not host.startswith("/"):
        netloc += "@" + host + (f":{db['PORT']}" if db["PORT"] else "")
        query = ""
    else:
        netloc += "@"
        query = f"?host={host}" if host else ""
    return f"postgresql://{netloc}/{quote(db['NAME'])}{query}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_f_note_1_real_celery_worker_sends_the_email(author, tmp_path):
    """F-NOTE-1 against a real broker (Redis) and a real `celery -A smarteka worker` process."""
    from smarteka.celery import app as celery_app

    notice = notify(author, kind="team_invitation", title="Приглашение в команду практики",
                    body="Вас пригласили в команду.", url="/practices/7/", email=False)[0]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=_test_database_url(), DJANGO_SETTINGS_MODULE="smarteka.settings",
               SMARTEKA_DEV="1", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               EMAIL_FILE_PATH=str(mail_dir), CELERY_TASK_ALWAYS_EAGER="0", SITE_URL="https://smarteka.example")
    assert env.get("REDIS_URL"), "the stack sets REDIS_URL"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "smarteka", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        celery_app.send_task("smarteka.notifications.tasks.send_notice_email", args=[notice.pk], queue=queue)
        deadline = time.monotonic() + 60
        files = []
        while time.monotonic() < deadline and not files:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.5)
            files = list(mail_dir.iterdir())
        assert files, "no e-mail from the worker within 60 s"
        time.sleep(0.5)  # let the backend finish writing
        message = email.message_from_bytes(files[0].read_bytes().split(b"\n" + b"-" * 79)[0],
                                           policy=email.policy.default)
        assert message["To"] == "author@example.ru"
        assert message["Subject"].strip() == "Смартека: Приглашение в команду практики"
        text = message.get_body(("plain",)).get_content()
        assert "Вас пригласили в команду." in text
        assert "https://smarteka.example/practices/7/" in text
        assert 'href="https://smarteka.example/practices/7/"' in message.get_body(("html",)).get_content()
        notice.refresh_from_db()
        assert notice.emailed_at is not None
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.mark.django_db(transaction=True)
def test_f_note_1_demo_loading_keeps_notices_in_app_without_emails(mailoutbox):
    """`make run` loads the demo: its notices appear in the bell, but no demo user gets e-mail."""
    from django.core.management import call_command

    from smarteka.notifications.models import Notice

    call_command("load_demo")
    assert Notice.objects.exists()
    assert mailoutbox == []
