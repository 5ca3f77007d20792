import logging
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from smarteka.notifications import preferences
from smarteka.notifications.models import EmailLog, Notice
from smarteka.notifications.signals import notice_emailed
from smarteka.text import plural

logger = logging.getLogger(__name__)

# The sweep (issue 15 item 7). Choice: a notice is due when its e-mail is still unsent 10 minutes after
# it was made (the first queueing had ample time); at most 500 per run, every 5 minutes.
SWEEP_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def unsubscribe_link(user, groups):
    token = preferences.unsubscribe_token(user, groups)
    return absolute_url(reverse("notifications:unsubscribe", args=[token]))


def build_message(recipient, subject, template, context, *, groups):
    """The e-mail (text + HTML). Optional ones (``groups`` given) carry the one-click unsubscribe link in the
    text and the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058, F-PLUS-9);
    mandatory ones neither."""
    headers = {}
    if groups:
        link = unsubscribe_link(recipient, groups)
        context = {**context, "unsubscribe_link": link,
                   "unsubscribe_groups": [preferences.GROUP_LABELS[g] for g in groups]}
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    context = {**context, "settings_link": absolute_url(reverse("notifications:settings"))}
    message = EmailMultiAlternatives(subject=subject, body=render_to_string(f"emails/{template}.txt", context),
                                     to=[recipient.email], headers=headers)
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def log_email(recipient, subject, result, *, kind="", notice=None, is_digest=False, error="", obj=None):
    """One row of the e-mail log; ``obj`` (or the notice's object) is the object whose history shows it."""
    content_type_id, object_id = (notice.content_type_id, notice.object_id) if notice else (None, None)
    if obj is not None:
        content_type_id, object_id = ContentType.objects.get_for_model(obj).pk, obj.pk
    return EmailLog.objects.create(
        recipient=recipient, recipients=recipient.email if recipient else "", subject=subject[:400], kind=kind,
        is_digest=is_digest, notice=notice, content_type_id=content_type_id, object_id=object_id, result=result,
        error=str(error)[:500])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=8)
def send_notice_email(notice_id):
    """Send one notice by e-mail (F-NOTE-1). Idempotent: the row is claimed with SELECT … FOR UPDATE
    and emailed_at is set in the same transaction, so a redelivered or duplicated task sends nothing
    twice. It waits for a row locked by someone else (not SKIP LOCKED): the holder may be the sweep that
    queued this very task and has not committed yet — skipping would ack the task and lose the e-mail
    (issue 15 item 8, found by the killed-worker test). Returns True when this call sent the e-mail.

    F-PLUS-9: every try is written to ``EmailLog`` (a failure after the transaction rolled back, then the
    task retries); an optional notice's e-mail carries the unsubscribe link and headers."""
    failed = None
    try:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=notice_id, emailed_at__isnull=True)
                .first()
            )
            if notice is None:
                return False
            failed = notice
            recipient = notice.recipient
            subject = f"Смартека: {notice.title}"
            if recipient.email and recipient.is_active:
                context = {"notice": notice, "recipient": recipient, "link": absolute_url(notice.url),
                           "site_url": settings.SITE_URL, "support_email": settings.SUPPORT_EMAIL}
                groups = [] if preferences.is_mandatory(notice.kind) else [preferences.group_of(notice.kind)]
                build_message(recipient, subject, "notice", context, groups=groups).send()
                log_email(recipient, subject, EmailLog.Result.SENT, kind=notice.kind, notice=notice)
            else:
                log_email(recipient, subject, EmailLog.Result.NO_ADDRESS, kind=notice.kind, notice=notice)
            notice.emailed_at = timezone.now()
            notice.save(update_fields=["emailed_at"])
            notice_emailed.send(sender=Notice, notice=notice)
    except Exception as exc:
        if failed is not None:
            log_email(failed.recipient, f"Смартека: {failed.title}", EmailLog.Result.FAILED, kind=failed.kind,
                      notice=failed, error=exc)
        raise
    return True


def _digest_one(recipient_id):
    """One user's digest: claim their undigested notices (SKIP LOCKED — a parallel run takes another
    user), send one e-mail, mark them digested, log it — all in one transaction, so a run killed before
    the commit leaves them for the next run and a second run finds nothing. Returns True when sent."""
    with transaction.atomic():
        notices = list(
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=recipient_id, digest_wanted=True, digested_at__isnull=True)
            .order_by("created_at", "id")
        )
        if not notices:
            return False
        recipient = notices[0].recipient
        count = len(notices)
        subject = f"Смартека: сводка уведомлений ({plural(count, 'уведомление', 'уведомления', 'уведомлений')})"
        sent = bool(recipient.email and recipient.is_active)
        if sent:
            items = [{"notice": n, "link": absolute_url(n.url), "group": preferences.GROUP_LABELS[
                preferences.group_of(n.kind)]} for n in notices]
            groups = sorted({preferences.group_of(n.kind) for n in notices})
            context = {"items": items, "recipient": recipient, "site_url": settings.SITE_URL,
                       "support_email": settings.SUPPORT_EMAIL, "count": count}
            build_message(recipient, subject, "digest", context, groups=groups).send()
        Notice.objects.filter(pk__in=[n.pk for n in notices]).update(digested_at=timezone.now())
        log_email(recipient, subject, EmailLog.Result.SENT if sent else EmailLog.Result.NO_ADDRESS,
                  kind="digest", is_digest=True)
    return sent


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests():
    """F-PLUS-9: one e-mail a day to each user with notices waiting for the digest («ежедневная сводка»),
    listing every notice not digested yet. Idempotent: a notice is digested once (``digested_at``); run
    twice, the second run sends nothing; killed halfway, the rerun sends the users not done. Choice: at
    18:00 Moscow time, after the working day. Returns how many digests were sent."""
    recipient_ids = (Notice.objects.filter(digest_wanted=True, digested_at__isnull=True)
                     .values_list("recipient_id", flat=True).distinct().order_by("recipient_id"))
    return sum(1 for recipient_id in list(recipient_ids) if _digest_one(recipient_id))


@shared_task(name="notifications.sweep_unsent_emails")
def sweep_unsent_emails():
    """Issue 15 item 7: the Notice row is the outbox. Queue once more the e-mail of every notice that
    wants one, is still unsent SWEEP_AFTER after it was made and was not queued again before; at most
    SWEEP_BATCH per run (the rest wait for the next run), each id once. A notice is marked queued again
    only when the broker took the task, so while the broker stays down nothing is lost: the next run
    tries again. Rows are claimed with SKIP LOCKED, so two sweeps at once split the work; a duplicate
    task would send nothing anyway (send_notice_email is idempotent). Returns how many were queued."""
    due = timezone.now() - SWEEP_AFTER
    queued = []
    with transaction.atomic():
        ids = list(
            Notice.objects.select_for_update(skip_locked=True)
            .filter(email_wanted=True, emailed_at__isnull=True, email_requeued_at__isnull=True,
                    created_at__lte=due)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        for notice_id in ids:
            try:
                send_notice_email.delay(notice_id)
            except Exception:
                logger.exception("Sweep: could not queue the e-mail of notice %s; %s left for the next run",
                                 notice_id, len(ids) - len(queued))
                break
            queued.append(notice_id)
        Notice.objects.filter(pk__in=queued).update(email_requeued_at=timezone.now())
    return len(queued)


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "notifications.sweep_unsent_emails": {"task": "notifications.sweep_unsent_emails",
                                          "schedule": crontab(minute="*/5")},
    "notifications.send_daily_digests": {"task": "notifications.send_daily_digests",
                                         "schedule": crontab(minute=0, hour=18)},
}
