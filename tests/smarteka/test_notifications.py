"""F-NOTE-1: in-app notices, their e-mails (Celery task after commit), the bell, «Ожидают моих действий»."""

import pytest
from django.core import mail
from django.db import transaction
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

