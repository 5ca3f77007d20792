"""F-PLUS-5 subscriptions: a logged-in user subscribes to a category or a region and gets one e-mail per
newly published practice there — once, even when the publication is announced twice — with a one-click
unsubscribe that works without logging in (issue 19 item 5)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from practices.api import subscriptions as services
from practices.models import Practice, PracticeState, Subscription, SubscriptionSent
from practices.signals import practice_published
from practices.tasks import subscription_emails, subscription_sweep
from tests import factories
from validation import services as validation

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(region_b):
    return factories.UserFactory(email="reader@example.org", region=region_b)


def _publish(practice, by, capture):
    with capture(execute=True):
        return validation.publish(practice, by=by)


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_one_email_per_practice_under_a_publication_run_twice_f_plus_5(
        practice_in, asi_moderator, subscriber, category_a, region_a, django_capture_on_commit_callbacks):
    """F-PLUS-5: subscribed to the practice's category AND its region, the subscriber gets one e-mail; the
    announcement repeated (signal again, the task again, the sweep) sends nothing more."""
    services.subscribe(subscriber, category=category_a)
    services.subscribe(subscriber, region=region_a)
    other = factories.UserFactory(email="other@example.org")
    services.subscribe(other, region=factories.region("77", "Москва"))  # another region: nothing
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    assert practice.category_id == category_a.pk and practice.region_id == region_a.pk
    mail.outbox.clear()
    practice = _publish(practice, asi_moderator, django_capture_on_commit_callbacks)
    assert len(_mails_to(subscriber.email)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        practice_published.send(sender=Practice, practice=practice, by=asi_moderator)
    subscription_emails.delay(practice.pk)
    subscription_sweep.delay()
    assert services.send_new_practice_emails(practice.pk) == 0
    assert len(_mails_to(subscriber.email)) == 1
    assert not _mails_to(other.email)
    assert SubscriptionSent.objects.filter(practice=practice, user=subscriber).count() == 1
    message = _mails_to(subscriber.email)[0]
    assert practice.title in message.subject and practice.title in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/practices/subscriptions/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_failed_send_leaves_no_log_row_and_the_rerun_sends_it_f_plus_5(
        practice_in, asi_moderator, subscriber, category_a, monkeypatch, django_capture_on_commit_callbacks):
    services.subscribe(subscriber, category=category_a)
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    mail.outbox.clear()

    def broken(self, fail_silently=False):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    _publish(practice, asi_moderator, django_capture_on_commit_callbacks)  # the failure is logged
    assert not SubscriptionSent.objects.exists()
    assert not _mails_to(subscriber.email)
    monkeypatch.undo()
    assert subscription_sweep.delay().get() == 1
    assert len(_mails_to(subscriber.email)) == 1


def test_a_subscription_made_after_publication_does_not_announce_it_f_plus_5(practice_in, subscriber, category_a):
    practice = practice_in(PracticeState.PUBLISHED)
    services.subscribe(subscriber, category=category_a)
    mail.outbox.clear()
    assert services.send_new_practice_emails(practice.pk) == 0


def test_the_task_goes_to_the_mail_queue_f_plus_5():
    from smarteka.celery import app

    for name in ("practices.subscription_emails", "practices.subscription_sweep"):
        assert app.amqp.router.route({}, name)["queue"].name == "mail"


def test_unsubscribe_link_works_without_login_f_plus_5(
        client, practice_in, asi_moderator, subscriber, category_a, django_capture_on_commit_callbacks):
    services.subscribe(subscriber, category=category_a)
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    mail.outbox.clear()
    _publish(practice, asi_moderator, django_capture_on_commit_callbacks)
    body = _mails_to(subscriber.email)[0].body
    url = re.search(r"http://testserver(/practices/subscriptions/unsubscribe/\S+/)", body).group(1)
    response = client.get(url)  # anonymous
    assert response.status_code == 200 and "Вы отписались" in response.content.decode()
    assert not Subscription.objects.filter(user=subscriber).exists()
    assert client.get(url).status_code == 200  # the second click is harmless
    response = client.post(url, {"resubscribe": "1"})
    assert "Подписка возвращена" in response.content.decode()
    assert Subscription.objects.filter(user=subscriber, category=category_a).exists()
    # the mail client's one-click POST (RFC 8058)
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and not Subscription.objects.filter(user=subscriber).exists()
    # a forged token changes nothing
    services.subscribe(subscriber, category=category_a)
    assert client.get(url[:-5] + "xxxx/").status_code == 404
    assert Subscription.objects.filter(user=subscriber).exists()


def test_subscriptions_page_subscribe_and_unsubscribe_f_plus_5(client, subscriber, category_a, region_b):
    client.force_login(subscriber)
    url = reverse("practices:subscriptions")
    response = client.post(url, {"category": "", "region": ""})
    assert "Выберите категорию или регион." in response.content.decode()
    response = client.post(url, {"category": category_a.pk, "region": region_b.pk})
    assert "Выберите что-то одно" in response.content.decode()
    client.post(url, {"category": category_a.pk})
    client.post(url, {"region": region_b.pk})
    client.post(url, {"region": region_b.pk})  # twice: one subscription
    page = client.get(url).content.decode()
    assert "Здравоохранение" in page and region_b.name in page
    assert Subscription.objects.filter(user=subscriber).count() == 2
    subscription = Subscription.objects.get(user=subscriber, region=region_b)
    other = factories.UserFactory()
    client.force_login(other)
    assert client.post(reverse("practices:subscription_delete", args=[subscription.pk])).status_code == 404
    client.force_login(subscriber)
    client.post(reverse("practices:subscription_delete", args=[subscription.pk]))
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_subscriptions_page_needs_login_f_plus_5(client):
    response = client.get(reverse("practices:subscriptions"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_subscription_emails_honour_the_notification_settings_f_plus_9(
        practice_in, asi_moderator, subscriber, category_a, django_capture_on_commit_callbacks):
    """F-PLUS-9, group «Подписки и объявления»: «сразу на почту» gets the letter (logged, in the practice's
    history), «ежедневная сводка» no letter now and the practice in the one digest, «только на платформе» no
    e-mail at all; each of them has the notice on the platform."""
    from smarteka.notifications import preferences
    from smarteka.notifications.models import EmailLog, EmailMode, Notice
    from smarteka.notifications.tasks import send_daily_digests

    daily = factories.UserFactory(email="daily@example.org")
    quiet = factories.UserFactory(email="quiet@example.org")
    preferences.set_modes(daily, {"subscriptions": EmailMode.DIGEST})
    preferences.set_modes(quiet, {"subscriptions": EmailMode.IN_APP})
    for user in (subscriber, daily, quiet):
        services.subscribe(user, category=category_a)
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    mail.outbox.clear()
    practice = _publish(practice, asi_moderator, django_capture_on_commit_callbacks)
    assert len(_mails_to(subscriber.email)) == 1
    assert not _mails_to(daily.email) and not _mails_to(quiet.email)
    logged = EmailLog.objects.get(recipient=subscriber)
    assert logged.result == EmailLog.Result.SENT and logged.object_id == practice.pk and practice.title in logged.subject
    for user in (subscriber, daily, quiet):
        assert Notice.objects.filter(recipient=user, kind="subscription_new_practice", object_id=practice.pk).count() == 1
    assert send_daily_digests() == 1
    assert len(_mails_to(subscriber.email)) == 1 and not _mails_to(quiet.email)
    (digest,) = _mails_to(daily.email)
    assert practice.title in digest.body
