"""Flood limits for the forms anyone can post (issue 15 item 3): password reset, registration and
«Хочу внедрить», on django-ratelimit's counters in the default cache (Redis in production).

Login failures are counted by django-axes instead (``smarteka.accounts.lockout``); both take the
client's address from :func:`client_ip`, so one proxy setting serves both.

choice (the regulation is silent; README «Надёжность и безопасность»):

- password reset: 3 requests an hour per e-mail (whether or not an account has it — the answer must
  not tell), 10 an hour per address;
- registration: 10 accounts an hour per address (an office behind one NAT registers its staff);
- «Хочу внедрить»: 5 requests an hour per user, 20 per address.

Only submissions that pass the form's own checks count: a user correcting a typo is never limited.
Counters live in fixed windows (django-ratelimit's, with a per-key offset); the message names the time
left in the window. A cache outage opens the gate (logged) rather than locking everyone out.
"""

import ipaddress
import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from smarteka.text import plural

log = logging.getLogger(__name__)


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (ValueError, AttributeError):
        return None


def client_ip(request):
    """The client's address (None when there is no valid one): ``REMOTE_ADDR``, or — behind ``TRUSTED_PROXY_COUNT`` proxies — the
    address the outermost trusted proxy saw, read from the right end of ``X-Forwarded-For`` (entries
    further left are whatever the client chose to send, so they are never trusted)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if part.strip()]
        if forwarded:
            candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
            address = _valid_ip(candidate)
            if address:
                return address
    return _valid_ip(remote)


def counting_ip(request):
    """The address the limits count: :func:`client_ip`, an IPv6 address widened to its /64 network (one
    subscriber usually holds a whole /64, so single IPv6 addresses would be free to rotate)."""
    address = client_ip(request)
    if address and ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


@dataclass(frozen=True)
class Limit:
    """``rate`` in django-ratelimit's notation ("10/h"); ``key(request)`` names the counter (None: skip)."""

    name: str
    rate: str
    key: object


def by_ip(request):
    return counting_ip(request)


def by_user(request):
    return str(request.user.pk) if request.user.is_authenticated else None


def by_field(field):
    def key(request):
        value = (request.POST.get(field) or "").strip().lower()
        return value or None
    return key


def hit(request, group, limits):
    """Count this submission against every limit of ``group``; the seconds to wait when one of them is
    exceeded (the longest), otherwise None."""
    wait = None
    for limit in limits:
        value = limit.key(request)
        if value is None:
            continue
        try:
            usage = get_usage(request, group=f"{group}:{limit.name}", key=lambda _group, _request, v=value: v,
                              rate=limit.rate, increment=True)
        except Exception:  # the cache is down: the form works, the limit does not (logged)
            log.warning("rate limit %s:%s not checked: cache unavailable", group, limit.name, exc_info=True)
            continue
        if usage and usage["should_limit"] and usage["time_left"] >= 0:
            wait = max(wait or 0, usage["time_left"])
    return wait


def wait_text(seconds):
    """«через 15 минут», «через 1 минуту», «через 2 часа»: the wait rounded up to whole minutes."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return "через " + plural(minutes, "минуту", "минуты", "минут")
    return "через " + plural(math.ceil(minutes / 60), "час", "часа", "часов")


def flood_message(what, seconds, kept="всё, что вы ввели, осталось в форме"):
    """«<what>. Попробуйте ещё раз через 15 минут — всё, что вы ввели, осталось в форме.»"""
    return f"{what}. Попробуйте ещё раз {wait_text(seconds)}" + (f" — {kept}." if kept else ".")


# --- the limits of each form (the docstring above says why these numbers)

PASSWORD_RESET = (Limit("email", "3/h", by_field("email")), Limit("ip", "10/h", by_ip))
REGISTRATION = (Limit("ip", "10/h", by_ip),)
REPLICATION_REQUEST = (Limit("user", "5/h", by_user), Limit("ip", "20/h", by_ip))
