from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from smarteka.notifications.models import Notice
from smarteka.notifications.signals import notice_emailed


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=8)
def send_notice_email(notice_id):
    """Send one notice by e-mail (F-NOTE-1). Idempotent: the row is claimed with SELECT … FOR UPDATE
    SKIP LOCKED and emailed_at is set in the same transaction, so a redelivered or duplicated task
    sends nothing twice. Returns True when this call sent the e-mail."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(skip_locked=True, of=("self",))
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
