import logging
from datetime import timedelta

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from smarteka.notifications.models import Notice
from smarteka.notifications.signals import notice_emailed

logger = logging.getLogger(__name__)

# The sweep (issue 15 item 7). Choice: a notice is due when its e-mail is still unsent 10 minutes after
# it was made (the first queueing had ample time); at most 500 per run, every 5 minutes.
SWEEP_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=8)
def send_notice_email(notice_id):
    """Send one notice by e-mail (F-NOTE-1). Idempotent: the row is claimed with SELECT … FOR UPDATE
    and emailed_at is set in the same transaction, so a redelivered or duplicated task sends nothing
    twice. It waits for a row locked by someone else (not SKIP LOCKED): the holder may be the sweep that
    queued this very task and has not committed yet — skipping would ack the task and lose the e-mail
    (issue 15 item 8, found by the killed-worker test). Returns True when this call sent the e-mail."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notice_id, emailed_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        recipient = notice.recipient
        if recipient.email and recipient.is_active:
            context = {"notice": notice, "recipient": recipient, "link": absolute_url(notice.url),
                       "site_url": settings.SITE_URL, "support_email": settings.SUPPORT_EMAIL}
            message = EmailMultiAlternatives(
                subject=f"Смартека: {notice.title}",
                body=render_to_string("emails/notice.txt", context),
                to=[recipient.email],
            )
            message.attach_alternative(render_to_string("emails/notice.html", context), "text/html")
            message.send()
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
        notice_emailed.send(sender=Notice, notice=notice)
    return True


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
}
