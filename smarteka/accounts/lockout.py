"""Login lockouts (issue 15 item 3) on django-axes: the counting rule, the Russian lockout page, the ASI
moderator's list of lockouts and the unlock.

choice (the regulation is silent; README «Надёжность и безопасность»): failed logins within the last
``AXES_COOLOFF_TIME`` (15 minutes after the latest failure) lock

- an account from one address after 5 failures (a user who mistyped, a guesser at one computer),
- an account from any addresses after 10 (a guesser spread over many addresses),
- an address for every account after 20 (one computer trying many accounts; an office behind NAT still
  has room for its staff's typos).

While locked, further attempts are refused without being counted (the wait shown stays true), and a
correct password is refused too. A successful login clears that account's failures (not the address's,
so a guesser cannot reset the address's count by logging into an account of their own). The ASI moderator
sees every current lockout at «Роли и назначения → Блокировки входа» and can lift one; each unlock is
recorded (:class:`~smarteka.accounts.models.LoginUnlock`, and in the account's history).

The failures live in axes' ``AccessAttempt`` table (the database handler: the lockouts can be listed,
which a cache cannot do); the address comes from ``smarteka.ratelimit.client_ip``.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from smarteka.history.services import record
from smarteka.permissions import require
from smarteka.ratelimit import wait_text
from smarteka.text import plural_form

ACCOUNT_IP, ACCOUNT, ADDRESS = "account_ip", "account", "ip"
KIND_LABELS = {
    ACCOUNT_IP: "Учётная запись с одного адреса",
    ACCOUNT: "Учётная запись со всех адресов",
    ADDRESS: "Адрес для всех учётных записей",
}
KIND_FIELDS = {ACCOUNT_IP: ("username", "ip_address"), ACCOUNT: ("username",), ADDRESS: ("ip_address",)}


def limits():
    """``{kind: failures that lock}`` from ``LOGIN_FAILURE_LIMITS`` (settings)."""
    return dict(settings.LOGIN_FAILURE_LIMITS)


def cool_off():
    return get_cool_off()


def username_from(request, credentials=None):
    """``AXES_USERNAME_CALLABLE``: the e-mail as the login form normalises it (lower case, trimmed), from
    the credentials (``username`` from the form, ``email`` from ``authenticate(email=…)``) or the POST."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    value = (value or "").strip().lower()
    return value or None


def _recent(now=None):
    now = now or timezone.now()
    return AccessAttempt.objects.filter(attempt_time__gt=now - cool_off())


def _values(username, ip_address):
    return {"username": username, "ip_address": ip_address}


def _group_rows(kind, username, ip_address, now=None):
    """The recent attempt rows of one group; None when the group has no key (no e-mail typed)."""
    values = _values(username, ip_address)
    if any(values[field] is None for field in KIND_FIELDS[kind]):
        return None
    return _recent(now).filter(**{field: values[field] for field in KIND_FIELDS[kind]})


def _failures(rows):
    return rows.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _unlocks_at(rows, limit):
    """When the group's recent failures drop below ``limit``: rows leave the window oldest first."""
    remaining = _failures(rows)
    for attempt_time, failures in rows.order_by("attempt_time").values_list("attempt_time",
                                                                           "failures_since_start"):
        remaining -= failures
        if remaining < limit:
            return attempt_time + cool_off()
    return None


def locked_until(username, ip_address, now=None):
    """The moment the login of ``username`` from ``ip_address`` is open again; None when it is open."""
    until = None
    for kind, limit in limits().items():
        rows = _group_rows(kind, username, ip_address, now)
        if rows is not None and _failures(rows) >= limit:
            moment = _unlocks_at(rows, limit)
            if moment and (until is None or moment > until):
                until = moment
    return until


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per group (:func:`limits`) instead of one for all.

    axes compares ``get_failures()`` with ``AXES_FAILURE_LIMIT``; each group's count is scaled so that
    it reaches ``AXES_FAILURE_LIMIT`` exactly when it reaches the group's own limit."""

    def get_failures(self, request, credentials=None):
        username = get_client_username(request, credentials)
        base = settings.AXES_FAILURE_LIMIT
        scaled = [0]
        for kind, limit in limits().items():
            rows = _group_rows(kind, username, request.axes_ip_address, request.axes_attempt_time)
            if rows is not None:
                scaled.append(_failures(rows) * base // limit)
        return max(scaled)

    def reset_user_attempts(self, request, credentials=None):
        """After a successful login: that account's failures only (see the module docstring)."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_message(seconds):
    return ("Слишком много неудачных попыток входа, вход временно заблокирован. "
            f"Попробуйте ещё раз {wait_text(seconds)}.")


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the login page itself, status 429, with the wait and the typed e-mail."""
    from smarteka.accounts.forms import EmailAuthenticationForm  # forms import this module's neighbours

    username = get_client_username(request, credentials)
    until = locked_until(username, request.axes_ip_address)
    seconds = (until - timezone.now()).total_seconds() if until else cool_off().total_seconds()
    form = EmailAuthenticationForm(request, initial={"username": username or ""})
    return render(request, "accounts/login.html", {
        "form": form, "lockout_message": lockout_message(seconds),
        "next": request.POST.get("next", "") or request.GET.get("next", ""),
    }, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- the ASI moderator's list and unlock


@dataclass
class Lockout:
    kind: str
    username: str | None
    ip_address: str | None
    failures: int
    last_attempt: datetime
    until: datetime | None
    account: object = None

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def current_lockouts(now=None):
    """Every group over its limit now, the latest failure first."""
    now = now or timezone.now()
    found = []
    for kind, limit in limits().items():
        fields = KIND_FIELDS[kind]
        groups = (_recent(now).exclude(**{f"{field}__isnull": True for field in fields})
                  .values(*fields).annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
                  .filter(total__gte=limit))
        for group in groups:
            username, ip_address = group.get("username"), group.get("ip_address")
            rows = _group_rows(kind, username, ip_address, now)
            found.append(Lockout(kind, username, ip_address, group["total"], group["last"],
                                 _unlocks_at(rows, limit)))
    accounts = {user.email.lower(): user for user in get_user_model().objects.filter(
        email__in=[lock.username for lock in found if lock.username])}
    for lock in found:
        lock.account = accounts.get(lock.username)
    return sorted(found, key=lambda lock: lock.last_attempt, reverse=True)


def unlock(kind, *, by, username=None, ip_address=None):
    """Lift one lockout (the ASI moderator): forget the group's failures and record who did it.

    Returns the :class:`LoginUnlock` row, or None when the group is no longer locked (a colleague or the
    cool-off came first)."""
    from smarteka.accounts.models import LoginUnlock

    require(by, "unlock_logins")
    if kind not in KIND_FIELDS:
        raise ValueError(kind)
    with transaction.atomic():
        rows = _group_rows(kind, username, ip_address)
        if rows is None:
            return None
        failures = _failures(rows)
        if failures < limits()[kind]:
            return None
        AccessAttempt.objects.filter(**{field: _values(username, ip_address)[field]
                                        for field in KIND_FIELDS[kind]}).delete()
        account = get_user_model().objects.filter(email__iexact=username).first() if username else None
        entry = LoginUnlock.objects.create(by=by, kind=kind, username=username or "", ip_address=ip_address,
                                           failures=failures, account=account)
        if account is not None:
            where = f" с адреса {ip_address}" if ip_address else ""
            record(account, by=by, old="login_locked", new="login_unlocked", action="unlock_login",
                   comment=f"Снята блокировка входа{where} после {failures} "
                           f"{plural_form(failures, 'неудачной попытки', 'неудачных попыток', 'неудачных попыток')}.",
                   labels={"login_locked": "Вход заблокирован", "login_unlocked": "Вход разблокирован"})
        return entry
