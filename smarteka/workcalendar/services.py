"""Working-day arithmetic on the production calendar (SPEC §10).

The calendar table is read in ONE query and kept per process as the small set of days that differ
from the plain Monday–Friday rule; it is dropped when a CalendarDay is saved or deleted in this process
and re-read at least every ``CACHE_SECONDS`` (so an admin correction reaches the workers too).
"""

import bisect
import datetime
import threading
import time

from django.db.models import BooleanField, DateField, IntegerField, Value

from smarteka.workcalendar.models import CalendarDay, CalendarYear

CACHE_SECONDS = 600

_lock = threading.Lock()
_cache = {"loaded_at": None, "exceptions": {}, "sorted": [], "confirmed_years": frozenset()}


def invalidate():
    with _lock:
        _cache["loaded_at"] = None


def _exceptions():
    """{date: is_working} for days where the calendar differs from Monday–Friday, and their sorted list."""
    loaded_at = _cache["loaded_at"]
    if loaded_at is None or time.monotonic() - loaded_at > CACHE_SECONDS:
        # one query: the days, and the confirmed years (F-DL-12) as rows with no date
        days = CalendarDay.objects.values_list("date", "is_working", Value(None, output_field=IntegerField()))
        years = CalendarYear.objects.filter(confirmed=True).values_list(
            Value(None, output_field=DateField()), Value(None, output_field=BooleanField()), "year")
        rows = list(days.union(years, all=True))
        exceptions = {d: working for d, working, _ in rows if d is not None and working != (d.weekday() < 5)}
        confirmed = frozenset(year for d, _, year in rows if d is None)
        with _lock:
            _cache["confirmed_years"] = confirmed
            _cache["exceptions"] = exceptions
            _cache["sorted"] = sorted(exceptions)
            _cache["loaded_at"] = time.monotonic()
    return _cache["exceptions"], _cache["sorted"]


def _as_date(d):
    return d.date() if isinstance(d, datetime.datetime) else d


def is_working_day(d):
    d = _as_date(d)
    exceptions, _ = _exceptions()
    return exceptions.get(d, d.weekday() < 5)


def add_working_days(d, n):
    """The n-th working day after ``d`` (n ≥ 0; n == 0 gives ``d`` itself)."""
    if n < 0:
        raise ValueError("n must be ≥ 0")
    d = _as_date(d)
    exceptions, _ = _exceptions()
    one = datetime.timedelta(days=1)
    while n:
        d += one
        if exceptions.get(d, d.weekday() < 5):
            n -= 1
    return d


def next_working_day(d):
    """``d`` itself if it is a working day, else the first working day after it (Labour Code art. 14)."""
    d = _as_date(d)
    while not is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


def _weekdays_between(a, b):
    """Number of Monday–Friday days in (a, b], a <= b."""

    def weekdays_upto(d):  # Mon–Fri days in [epoch, d], epoch = ordinal 1 (a Monday)
        days = d.toordinal()  # ordinal 1 is Monday 0001-01-01
        weeks, rest = divmod(days, 7)
        return weeks * 5 + min(rest, 5)

    return weekdays_upto(b) - weekdays_upto(a)


def working_days_between(a, b):
    """Working days in (a, b]: ``working_days_between(d, add_working_days(d, n)) == n``.
    Negative when b is before a."""
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a)
    exceptions, ordered = _exceptions()
    count = _weekdays_between(a, b)
    lo = bisect.bisect_right(ordered, a)
    hi = bisect.bisect_right(ordered, b)
    for d in ordered[lo:hi]:
        count += 1 if exceptions[d] else -1
    return count


def is_provisional(d):
    """F-DL-12: a date in a year whose production calendar is not confirmed (no decree on day transfers
    yet, or no CalendarYear row): a deadline counted to it is «предварительный срок»."""
    if d is None:
        return False
    _exceptions()
    return _as_date(d).year not in _cache["confirmed_years"]


PROVISIONAL = "предварительный срок"


def due_text(d):
    """A due date as text for notices and e-mails: «12.01.2028 (предварительный срок)» in an unconfirmed
    year (F-DL-12)."""
    return f"{d:%d.%m.%Y}" + (f" ({PROVISIONAL})" if is_provisional(d) else "")
