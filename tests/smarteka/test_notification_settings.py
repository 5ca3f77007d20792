"""F-PLUS-9: notification settings honoured — per group «сразу на почту» / «ежедневная сводка» / «только на
платформе»; the mandatory revision e-mail (4.1.9); the daily digest; one-click signed unsubscribe with
List-Unsubscribe headers; the e-mail log shown in the object's history."""

import pytest
from django.core import mail
from django.urls import reverse

from practices.models import PracticeState
from smarteka.notifications import preferences
from smarteka.notifications.models import EmailLog, EmailMode, Notice, NotificationSetting
from smarteka.notifications.services import notify
from smarteka.notifications.tasks import send_daily_digests
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# One real kind of each group, as the apps send them.
KIND_OF_GROUP = {
    "review": "practice_confirmed",
    "deadlines": "deadline_reminder",
    "replication": "replication_message",
    "digest": "replication_interest_summary",
    "subscriptions": "selection_announced",
}


@pytest.fixture
def user(db):
    return UserFactory(email="reader@example.ru")


def _notify(user, kind, capture, title="Событие"):
    with capture(execute=True):
        return notify(user, kind=kind, title=title, url="/notifications/")[0]


def test_f_plus_9_every_group_has_a_kind_mapped():
    assert {preferences.group_of(kind) for kind in KIND_OF_GROUP.values()} == set(preferences.GROUP_LABELS)
    assert {g: preferences.group_of(k) for g, k in KIND_OF_GROUP.items()} == {g: g for g in KIND_OF_GROUP}


@pytest.mark.parametrize("group", list(KIND_OF_GROUP))
def test_f_plus_9_each_group_setting_is_honoured(group, user, django_capture_on_commit_callbacks):
    kind = KIND_OF_GROUP[group]
    other_group = next(g for g in KIND_OF_GROUP if g != group)
    # default: at once
    _notify(user, kind, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    # in-app only: the notice is there, no e-mail now or in the digest
    preferences.set_modes(user, {group: EmailMode.IN_APP})
    notice = _notify(user, kind, django_capture_on_commit_callbacks, title="Только на платформе")
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(pk=notice.pk, recipient=user).exists()
    assert send_daily_digests() == 0
    # another group of the same user is untouched
    _notify(user, KIND_OF_GROUP[other_group], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    # digest: nothing now, one digest later
    preferences.set_modes(user, {group: EmailMode.DIGEST})
    _notify(user, kind, django_capture_on_commit_callbacks, title="В сводку")
    assert len(mail.outbox) == 2
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 3 and "В сводку" in mail.outbox[-1].body
    assert "Только на платформе" not in mail.outbox[-1].body


def test_f_plus_9_digest_user_gets_no_immediate_email_and_exactly_one_digest(user, django_capture_on_commit_callbacks):
    preferences.set_modes(user, {"review": EmailMode.DIGEST, "replication": EmailMode.DIGEST})
    _notify(user, "practice_confirmed", django_capture_on_commit_callbacks, title="Практика подтверждена")
    _notify(user, "replication_message", django_capture_on_commit_callbacks, title="Новое сообщение")
    assert mail.outbox == []
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0  # run twice: still one
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["reader@example.ru"]
    assert digest.subject == "Смартека: сводка уведомлений (2 уведомления)"
    assert "Практика подтверждена" in digest.body and "Новое сообщение" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert Notice.objects.filter(recipient=user, digested_at__isnull=False).count() == 2
    assert EmailLog.objects.filter(recipient=user, is_digest=True, result=EmailLog.Result.SENT).count() == 1


def test_f_plus_9_digest_rerun_after_a_kill_finishes_the_rest(user, django_capture_on_commit_callbacks):
    """A run killed after the first user: the notices of the second are not marked, the rerun sends them."""
    second = UserFactory(email="second@example.ru")
    for person in (user, second):
        preferences.set_modes(person, {"review": EmailMode.DIGEST})
        _notify(person, "practice_confirmed", django_capture_on_commit_callbacks)
    from smarteka.notifications.tasks import _digest_one
    assert _digest_one(user.pk) is True  # the killed run got this far
    assert send_daily_digests() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["reader@example.ru", "second@example.ru"]


def test_f_plus_9_mandatory_revision_email_goes_out_whatever_the_setting(practice_in, author,
                                                                         django_capture_on_commit_callbacks):
    preferences.set_modes(author, {key: EmailMode.IN_APP for key in preferences.GROUP_LABELS})
    with django_capture_on_commit_callbacks(execute=True):
        practice = practice_in(PracticeState.REVISION)
    revision = [m for m in mail.outbox if m.to == [author.email]]
    assert [m.subject for m in revision] == [f"Смартека: Практика «{practice}» возвращена на доработку"]
    assert "List-Unsubscribe" not in revision[0].extra_headers  # mandatory: no unsubscribe
    assert "Это письмо нельзя отключить" in revision[0].body
    notice = Notice.objects.get(kind="practice_revision", recipient=author)
    assert notice.emailed_at is not None  # the 4.1.9 clock started
    log = EmailLog.objects.get(notice=notice)
    assert log.recipients == author.email and log.result == EmailLog.Result.SENT
    assert log.subject == revision[0].subject and log.object_id == practice.pk


def test_f_plus_9_optional_email_has_list_unsubscribe_headers(user, django_capture_on_commit_callbacks):
    _notify(user, "replication_message", django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body and link in message.alternatives[0][0]


def test_f_plus_9_unsubscribe_link_works_without_login(user, client, django_capture_on_commit_callbacks):
    _notify(user, "replication_message", django_capture_on_commit_callbacks)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    response = client.get(link)
    assert response.status_code == 200
    assert "Вы отписались от писем" in response.content.decode() and "«Тиражирование»" in response.content.decode()
    assert NotificationSetting.objects.get(user=user, group="replication").mode == EmailMode.IN_APP
    _notify(user, "replication_message", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # no more e-mails of that group
    # RFC 8058 one-click POST from the mail client (no session, no CSRF token)
    NotificationSetting.objects.filter(user=user).delete()
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NotificationSetting.objects.get(user=user, group="replication").mode == EmailMode.IN_APP


def test_f_plus_9_tampered_unsubscribe_link_is_refused(user, client):
    token = preferences.unsubscribe_token(user, ["review"])
    other = UserFactory(email="other@example.ru")
    forged = preferences.unsubscribe_token(other, ["review"]).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), forged, "not-a-token"):
        response = client.get(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "Ссылка для отписки недействительна" in response.content.decode()
    assert not NotificationSetting.objects.exists()


def test_f_plus_9_settings_page_saves_with_a_message(user, client):
    client.force_login(user)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Настройки уведомлений" in page and "п. 4.1.9 Регламента" in page and "breadcrumb" in page
    for label in ("Сразу на почту", "Ежедневная сводка", "Только на платформе", "Тиражирование"):
        assert label in page
    data = {key: EmailMode.IMMEDIATE for key in preferences.GROUP_LABELS} | {"deadlines": EmailMode.DIGEST}
    response = client.post(reverse("notifications:settings"), data, follow=True)
    assert "Настройки уведомлений сохранены." in response.content.decode()
    assert preferences.user_modes(user)["deadlines"] == EmailMode.DIGEST
    # an invalid choice: refused at the field, the other choices kept
    response = client.post(reverse("notifications:settings"), data | {"review": "bogus"})
    assert response.status_code == 200
    assert "Выберите один из предложенных вариантов." in response.content.decode()
    assert preferences.user_modes(user)["review"] == EmailMode.IMMEDIATE


def test_f_plus_9_email_log_shown_in_the_practice_history(practice_in, author, asi_moderator, outsider, client,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = practice_in(PracticeState.REVISION)
    url = reverse("validation:review", args=[practice.pk])
    client.force_login(asi_moderator)
    page = client.get(url).content.decode()
    assert 'id="email-log"' in page and "возвращена на доработку" in page
    assert author.email not in page.split('id="email-log"')[1].split("</table>")[0]  # names, not addresses


def test_f_plus_9_failed_send_is_logged(user, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    from smarteka.notifications.tasks import send_notice_email
    notice = notify(user, kind="practice_confirmed", title="Не дошло", email=False)[0]

    def boom(self, *args, **kwargs):
        raise OSError("SMTP down")
    monkeypatch.setattr(EmailMultiAlternatives, "send", boom)
    with pytest.raises(OSError):
        send_notice_email(notice.pk)
    log = EmailLog.objects.get(notice=notice)
    assert log.result == EmailLog.Result.FAILED and "SMTP down" in log.error
    notice.refresh_from_db()
    assert notice.emailed_at is None


def test_f_plus_9_email_log_only_to_those_who_may_see_the_history(practice_in, coordinator, outsider, client,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = practice_in(PracticeState.PUBLISHED)
    assert EmailLog.objects.filter(object_id=practice.pk).exists()
    url = reverse("practices:detail", args=[practice.pk])
    client.force_login(coordinator)  # the region's coordinator: view_history
    assert 'id="email-log"' in client.get(url).content.decode()
    client.force_login(outsider)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="email-log"' not in page and "Отправленные письма" not in page
