"""User actions of the catalogue: «Полезно», digest subscription, the monthly digest (F-CAT-4)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from practices.catalogue.digest import digest, month_name, previous_month
from practices.models import Appreciation, DigestIssue, DigestSubscription, Practice
from smarteka import permissions


def toggle_appreciation(practice, *, by):
    """Mark the practice «Полезно» or take the mark back; returns (marked, count)."""
    with transaction.atomic():
        practice = Practice.objects.select_for_update().get(pk=practice.pk)
        permissions.require(by, "appreciate_practice", practice)
        deleted, _ = Appreciation.objects.filter(user=by, practice=practice).delete()
        marked = not deleted
        if marked:
            try:
                with transaction.atomic():
                    Appreciation.objects.create(user=by, practice=practice)
            except IntegrityError:  # a double click raced us: the mark is there
                pass
    return marked, Appreciation.objects.filter(practice=practice).count()


def set_digest_subscription(user, *, subscribed):
    if not user.is_authenticated:
        raise permissions.PermissionDenied("Войдите, чтобы подписаться на дайджест.")
    if subscribed:
        DigestSubscription.objects.get_or_create(user=user)
    else:
        DigestSubscription.objects.filter(user=user).delete()
    return subscribed


def send_monthly_digest(month=None, *, site_url=""):
    """E-mail the digest of ``month`` (default: the previous month) to every subscriber, once: the
    DigestIssue row is unique per month, so a second run (or a second worker) sends nothing."""
    month = (month or previous_month(timezone.localdate())).replace(day=1)
    try:
        with transaction.atomic():
            issue, created = DigestIssue.objects.get_or_create(month=month)
    except IntegrityError:
        return 0
    if not created:
        return 0
    data = digest(month)
    context = {**data, "site_url": site_url or getattr(settings, "SITE_URL", "")}
    subject = f"Смартека: дайджест практик за {month_name(month)}"
    text = render_to_string("practices/catalogue/email/digest.txt", context)
    body_html = render_to_string("practices/catalogue/email/digest.html", context)
    sent = 0
    for subscription in DigestSubscription.objects.select_related("user").filter(user__is_active=True):
        message = EmailMultiAlternatives(subject, text, to=[subscription.user.email])
        message.attach_alternative(body_html, "text/html")
        message.send()
        sent += 1
    DigestIssue.objects.filter(pk=issue.pk).update(sent_at=timezone.now(), recipients=sent)
    return sent
