"""Subscriptions to new practices of a category or a region (F-PLUS-5): one e-mail per newly published
practice per subscriber, with a one-click unsubscribe.

* Publication is validation's (``validation.services.publish``); it sends ``practices.signals.
  practice_published`` after the commit, and ``on_practice_published`` here queues the e-mail task on
  the «mail» queue (practices imports nothing of validation).
* Exactly once: before an e-mail is sent a ``SubscriptionSent`` row (practice, user) is inserted with
  ``ON CONFLICT DO NOTHING``; the insert and the sending share a transaction, so a second run, a retried
  task or a second worker finds the row and sends nothing, and a failed send leaves no row (the hourly
  sweep retries it).
* choice (the regulation is silent): a subscriber of both the practice's category and its region gets
  one e-mail; a subscription made after the practice was published does not announce it; the sweep looks
  at practices published in the last ``SWEEP_HOURS`` hours.
* Unsubscribe: a signed link (``django.core.signing``, no login, no expiry) in the body and in the
  ``List-Unsubscribe`` header, with ``List-Unsubscribe-Post`` for the mail clients' one-click button
  (RFC 8058).
* Notification settings (F-PLUS-9, group «Подписки и объявления»): «сразу на почту» gets this letter (written
  to the e-mail log, shown in the practice's history), «ежедневная сводка» gets the new practice in the
  daily summary, «только на платформе» no e-mail; each subscriber gets the notice on the platform."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeState, Subscription, SubscriptionSent
from smarteka.notifications import preferences
from smarteka.notifications.models import EmailLog, EmailMode
from smarteka.notifications.services import notify
from smarteka.notifications.tasks import log_email

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "practices.subscription.unsubscribe"
SWEEP_HOURS = 48


# --- the user's actions


def subscribe(user, *, category=None, region=None):
    """Subscribe ``user`` to ``category`` or ``region`` (a second subscription to the same is a no-op)."""
    if not user.is_authenticated:
        raise PermissionError("Войдите, чтобы подписаться.")
    if (category is None) == (region is None):
        raise ValueError("subscribe() needs a category or a region")
    subscription, _ = Subscription.objects.get_or_create(user=user, category=category, region=region)
    return subscription


def unsubscribe_token(subscription):
    return signing.dumps({"u": subscription.user_id, "c": subscription.category_id, "r": subscription.region_id},
                         salt=UNSUBSCRIBE_SALT, compress=True)


def read_token(token):
    """``(user_id, category_id, region_id)`` of a valid token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), data.get("c"), data.get("r")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_by_token(token):
    """Delete the subscription the token names; the (user, category, region) or None for a bad token."""
    target = read_token(token)
    if target is not None:
        user_id, category_id, region_id = target
        Subscription.objects.filter(user_id=user_id, category_id=category_id, region_id=region_id).delete()
    return target


def resubscribe_by_token(token):
    target = read_token(token)
    if target is None:
        return None
    user_id, category_id, region_id = target
    if (category_id is None) == (region_id is None):
        return None
    Subscription.objects.get_or_create(user_id=user_id, category_id=category_id, region_id=region_id)
    return target


# --- the e-mails

NOTICE_KIND = "subscription_new_practice"  # preferences.group_of: «Подписки и объявления»
GROUP = preferences.group_of(NOTICE_KIND)


def _claim(practice_id, user_id):
    """Insert-or-skip the sent-log row: True when this call inserted it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {SubscriptionSent._meta.db_table} (practice_id, user_id, sent_at)
                VALUES (%s, %s, %s) ON CONFLICT (practice_id, user_id) DO NOTHING RETURNING id""",
            [practice_id, user_id, timezone.now()])
        return cursor.fetchone() is not None


def _where(subscription):
    """«категории «…»» / «регионе «…»»: what the subscription follows, as the letter and the notice say it."""
    return (f"категории «{subscription.category.name}»" if subscription.category_id
            else f"регионе «{subscription.region.name}»")


def _message(practice, subscription, site_url):
    unsubscribe_url = site_url + reverse("practices:unsubscribe", args=[unsubscribe_token(subscription)])
    where = _where(subscription)
    context = {"practice": practice, "where": where, "site_url": site_url, "unsubscribe_url": unsubscribe_url,
               "practice_url": site_url + practice.get_absolute_url()}
    message = EmailMultiAlternatives(
        f"Смартека: новая практика в {where} — {practice.title}",
        render_to_string("practices/api/email/new_practice.txt", context),
        to=[subscription.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    message.attach_alternative(render_to_string("practices/api/email/new_practice.html", context), "text/html")
    return message


def send_new_practice_emails(practice_id, *, site_url=None):
    """E-mail every subscriber of the practice's category or region once; returns the number sent."""
    practice = (Practice.objects.select_related("category", "region").defer("search_vector")
                .filter(pk=practice_id, state=PracticeState.PUBLISHED).first())
    if practice is None:
        return 0
    site_url = site_url if site_url is not None else getattr(settings, "SITE_URL", "")
    subscriptions = (Subscription.objects.filter(Q(category_id=practice.category_id) | Q(region_id=practice.region_id),
                                                 user__is_active=True)
                     .exclude(user__email="").select_related("user", "category", "region")
                     .order_by("user_id", "region_id", "pk"))  # a category subscription first (region NULL last)
    if practice.published_at:
        subscriptions = subscriptions.filter(created_at__lte=practice.published_at)
    already = set(SubscriptionSent.objects.filter(practice=practice).values_list("user_id", flat=True))
    subscriptions = [s for s in subscriptions if s.user_id not in already]
    modes = preferences.modes_of({s.user_id for s in subscriptions})
    sent, seen = 0, set()
    for subscription in subscriptions:
        if subscription.user_id in seen:
            continue
        seen.add(subscription.user_id)
        mode = modes.get((subscription.user_id, GROUP), EmailMode.IMMEDIATE)
        with transaction.atomic():
            if not _claim(practice.pk, subscription.user_id):
                continue
            _notice(practice, subscription, email=mode != EmailMode.IMMEDIATE)
            if mode == EmailMode.IMMEDIATE:
                message = _message(practice, subscription, site_url)
                message.send()
                log_email(subscription.user, message.subject, EmailLog.Result.SENT, kind=NOTICE_KIND, obj=practice)
                sent += 1
    return sent


def _notice(practice, subscription, *, email):
    """F-PLUS-9: the new practice is also a notice «Подписки и объявления» on the platform. Whoever chose the
    daily summary for that group gets it there (``email=True`` lets the notices' settings decide: the digest
    or nothing); whoever chose «сразу на почту» gets the subscription's own letter, with its one-click
    unsubscribe from this subscription, instead of a second e-mail of the notice."""
    where = _where(subscription)
    notify(subscription.user, kind=NOTICE_KIND, title=f"Новая практика в {where}: {practice.title}",
           url=practice.get_absolute_url(), obj=practice, email=email)


def recently_published(hours=SWEEP_HOURS):
    since = timezone.now() - datetime.timedelta(hours=hours)
    return list(Practice.objects.filter(state=PracticeState.PUBLISHED, published_at__gte=since)
                .values_list("pk", flat=True))


def on_practice_published(sender, practice, **kwargs):
    """``practice_published`` (sent after the commit): queue the e-mails; the sweep catches a lost queueing."""
    from practices.tasks import subscription_emails

    try:
        subscription_emails.delay(practice.pk)
    except Exception:  # noqa: BLE001  the broker is down: the hourly sweep sends them
        log.exception("Could not queue the subscription e-mails of practice %s", practice.pk)
