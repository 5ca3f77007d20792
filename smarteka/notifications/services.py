"""In-app notices and their e-mails (F-NOTE-1).

``notify`` is called inside the caller's transaction: the rows commit or roll back with it, and the
e-mail task is queued only after a commit (``transaction.on_commit``).

The Notice row is the e-mail outbox (issue 15 item 7): a notice whose e-mail is wanted has
``email_wanted`` set; when the broker cannot take the task, the failure is logged, never raised to the
user (whose action has already committed), and ``tasks.sweep_unsent_emails`` queues the e-mail later."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from smarteka import usercache
from smarteka.notifications import preferences
from smarteka.notifications.models import EmailMode, Notice
from smarteka.notifications.tasks import send_notice_email

logger = logging.getLogger(__name__)

_emails_off = ContextVar("smarteka_notice_emails_off", default=False)


@contextmanager
def without_emails():
    """Notices made inside are kept in-app only (demo data loading: no e-mail flood to demo users)."""
    token = _emails_off.set(True)
    try:
        yield
    finally:
        _emails_off.reset(token)


def _recipients(recipients):
    if recipients is None:
        return []
    if hasattr(recipients, "pk"):
        recipients = [recipients]
    seen, result = set(), []
    for user in recipients:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def build_notice(recipient, *, kind, title, body="", url="", obj=None, requires_action=False):
    """An unsaved Notice; save many at once with ``create_notices``."""
    notice = Notice(recipient=recipient, kind=kind, title=title[:300], body=body, url=url[:500],
                    requires_action=requires_action)
    if obj is not None:
        notice.content_type = ContentType.objects.get_for_model(obj)  # cached by Django after the first call
        notice.object_id = obj.pk
    return notice


def queue_emails(notice_ids):
    """Queue one e-mail task per notice; returns the ids queued. Never raises: at the first failure
    (broker unreachable) it logs and stops, the rest stay unsent in the outbox for the sweep
    (issue 15 item 7)."""
    queued = []
    for notice_id in notice_ids:
        try:
            send_notice_email.delay(notice_id)
        except Exception:
            logger.exception("Could not queue the e-mail of notice %s; %s notice(s) left for the sweep",
                             notice_id, len(notice_ids) - len(queued))
            break
        queued.append(notice_id)
    return queued


def _apply_settings(notices):
    """F-PLUS-9: each notice's e-mail as its recipient set its group — at once (``email_wanted``), in the
    daily digest (``digest_wanted``) or none; mandatory kinds (``preferences.MANDATORY_KINDS``) always at
    once. One query for the recipients' settings, none when every notice is mandatory."""
    optional = [n for n in notices if not preferences.is_mandatory(n.kind)]
    modes = preferences.modes_of({n.recipient_id for n in optional})
    for notice in notices:
        mode = (EmailMode.IMMEDIATE if preferences.is_mandatory(notice.kind)
                else modes.get((notice.recipient_id, preferences.group_of(notice.kind)), EmailMode.IMMEDIATE))
        notice.email_wanted = mode == EmailMode.IMMEDIATE
        notice.digest_wanted = mode == EmailMode.DIGEST


def create_notices(notices, *, email=True):
    """Save unsaved notices in one INSERT and queue one e-mail per notice after the commit — for the
    recipients who want it at once (F-PLUS-9); the digest ones wait for ``tasks.send_daily_digests``."""
    for notice in notices:
        notice.email_wanted = notice.digest_wanted = False
    if email and notices and not _emails_off.get():
        _apply_settings(notices)
    notices = Notice.objects.bulk_create(notices)
    recipients = {n.recipient_id for n in notices}
    ids = [n.pk for n in notices if n.email_wanted]

    def after_commit():
        usercache.forget(recipients)  # the header's counters show the new notices on the next page
        if ids:
            queue_emails(ids)

    if notices and (ids or settings.USER_CACHE_SECONDS):
        transaction.on_commit(after_commit)
    return notices


def notify(recipients, *, kind, title, body="", url="", obj=None, requires_action=False, email=True):
    """Notify each recipient (a user or an iterable of users) in-app and, after commit, by e-mail."""
    return create_notices(
        [build_notice(user, kind=kind, title=title, body=body, url=url, obj=obj, requires_action=requires_action)
         for user in _recipients(recipients)],
        email=email,
    )


def resolve_action(obj, kind=None, user=None):
    """Mark the open action notices about ``obj`` (optionally of one kind / for one user) as done."""
    notices = Notice.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        requires_action=True, action_done_at__isnull=True,
    )
    if kind is not None:
        notices = notices.filter(kind=kind)
    if user is not None:
        notices = notices.filter(recipient=user)
    if settings.USER_CACHE_SECONDS:  # the header's «Мой кабинет» counter of each recipient
        recipients = set(notices.values_list("recipient_id", flat=True))
        transaction.on_commit(lambda: usercache.forget(recipients))
    return notices.update(action_done_at=timezone.now())


def mark_read(notice_id, *, by):
    """Mark one of the user's own notices read; returns it (Notice.DoesNotExist for anyone else's)."""
    notice = Notice.objects.get(pk=notice_id, recipient=by)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, by):
    return Notice.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(user):
    """The bell's count, kept between requests by ``smarteka.usercache`` (dropped on a new notice and on
    the user's POST — reading a notice is one)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return usercache.remembered(
        user, "unread", Notice.objects.filter(recipient=user, read_at__isnull=True).count)
