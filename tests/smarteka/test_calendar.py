"""F-DL-11 / SPEC §10: working days follow the Russian production calendar. Expected dates are taken
from the official production calendars (government decrees on day transfers for 2024, 2025, 2026),
not from the function under test."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from smarteka.workcalendar.models import CalendarDay
from smarteka.workcalendar.services import (
    add_working_days,
    invalidate,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = datetime.date
pytestmark = pytest.mark.usefixtures("production_calendar")


def test_f_dl_11_five_working_days_from_2025_12_29_cross_the_new_year_holidays():
    # Mon 29.12.2025 → Tue 30.12 (1); 31.12.2025 is a day off moved from Sun 05.01; 1–8.01.2026 holidays;
    # Fri 09.01.2026 is a day off moved from Sat 03.01; 10–11.01 weekend; then 12.01 (2), 13 (3), 14 (4), 15 (5).
    assert add_working_days(D(2025, 12, 29), 5) == D(2026, 1, 15)


def test_f_dl_11_five_working_days_from_1_may_2026():
    # Fri 01.05.2026 holiday; 2–3.05 weekend; Mon 04 (1) … Thu 07 (4); Fri 08.05 is a shortened working
    # day (5). Victory Day falls on Saturday 09.05, so Monday 11.05 is off.
    assert add_working_days(D(2026, 5, 1), 5) == D(2026, 5, 8)
    assert add_working_days(D(2026, 5, 1), 6) == D(2026, 5, 12)
    assert not is_working_day(D(2026, 5, 11))


def test_f_dl_11_2024_working_saturdays_are_counted():
    # Sat 28.12.2024 worked (for Mon 30.12); 30–31.12.2024 and 1–8.01.2025 off.
    # From Fri 27.12.2024: Sat 28.12 (1), Thu 09.01.2025 (2), Fri 10.01 (3), Mon 13.01 (4), Tue 14.01 (5).
    assert is_working_day(D(2024, 12, 28))
    assert add_working_days(D(2024, 12, 27), 1) == D(2024, 12, 28)
    assert add_working_days(D(2024, 12, 27), 5) == D(2025, 1, 14)
    # Sat 27.04.2024 worked; 29–30.04 and 1.05 off: from Fri 26.04: 27.04 (1), Thu 02.05 (2), Fri 03.05 (3).
    assert add_working_days(D(2024, 4, 26), 3) == D(2024, 5, 3)
    assert is_working_day(D(2024, 11, 2))


def test_f_dl_11_2025_transfers():
    # 2025 decree: off 02.05, 08.05, 13.06, 03.11, 31.12; Saturday 01.11 worked.
    for day in (D(2025, 5, 2), D(2025, 5, 8), D(2025, 6, 13), D(2025, 11, 3), D(2025, 12, 31)):
        assert not is_working_day(day), day
    assert is_working_day(D(2025, 11, 1))
    # From Fri 31.10.2025: Sat 01.11 (1); 02.11 Sun, 03.11 off, 04.11 holiday; Wed 05.11 (2).
    assert add_working_days(D(2025, 10, 31), 2) == D(2025, 11, 5)
    # From Wed 30.04.2025: 1–4.05 off; Mon 05 (1), Tue 06 (2), Wed 07 (3); 8–11.05 off; Mon 12.05 (4).
    assert add_working_days(D(2025, 4, 30), 4) == D(2025, 5, 12)
    # From Wed 11.06.2025: 12.06 holiday, 13.06 off, weekend; Mon 16.06 (1).
    assert add_working_days(D(2025, 6, 11), 1) == D(2025, 6, 16)


def test_f_dl_11_working_days_per_year_match_the_official_calendar():
    # Official production calendars: 2024 — 248 working days, 2025 — 247, 2026 — 247; January 2026 — 15.
    assert working_days_between(D(2023, 12, 31), D(2024, 12, 31)) == 248
    assert working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 247
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 247
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 31)) == 15
    assert working_days_between(D(2026, 1, 31), D(2025, 12, 31)) == -15
    assert working_days_between(D(2025, 12, 29), add_working_days(D(2025, 12, 29), 5)) == 5


def test_f_dl_11_kinds_and_shortened_days_are_recorded():
    assert CalendarDay.objects.get(date=D(2025, 1, 7)).kind == CalendarDay.Kind.HOLIDAY
    assert CalendarDay.objects.get(date=D(2025, 12, 31)).kind == CalendarDay.Kind.TRANSFER
    assert CalendarDay.objects.get(date=D(2025, 12, 27)).kind == CalendarDay.Kind.WEEKEND
    # pre-holiday shortened days of 2025: 07.03, 30.04, 11.06, 01.11 (a working Saturday)
    shortened = CalendarDay.objects.filter(date__year=2025, kind=CalendarDay.Kind.SHORTENED)
    assert [d.date for d in shortened] == [D(2025, 3, 7), D(2025, 4, 30), D(2025, 6, 11), D(2025, 11, 1)]
    assert all(d.is_working for d in shortened)
    assert next_working_day(D(2026, 1, 1)) == D(2026, 1, 12)


def test_f_dl_11_one_query_then_cached_and_an_admin_edit_is_seen_at_once():
    invalidate()
    with CaptureQueriesContext(connection) as queries:
        add_working_days(D(2025, 12, 29), 5)
        working_days_between(D(2020, 1, 1), D(2030, 12, 31))
        is_working_day(D(2027, 2, 20))
    assert len(queries) == 1
    # A future decree: make Friday 2030-05-10 a day off.
    day = CalendarDay.objects.get(date=D(2030, 5, 10))
    day.is_working, day.kind, day.note = False, CalendarDay.Kind.TRANSFER, "Постановление (пример)"
    day.save()
    assert not is_working_day(D(2030, 5, 10))


def test_f_dl_11_calendar_is_editable_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:workcalendar_calendarday_changelist") + "?date__year=2026")
    assert response.status_code == 200
    assert "Производственный календарь" in response.content.decode()
