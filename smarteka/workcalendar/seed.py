"""Build production-calendar rows from the `holidays` package (RU): public holidays (Labour Code
art. 112), the government's day transfers and working Saturdays, pre-holiday shortened days."""

import datetime

import holidays
from holidays.countries.russia import RussiaStaticHolidays

# Non-working public holidays, Labour Code art. 112 (month, day).
PUBLIC_HOLIDAYS = {(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
                   (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}

FIRST_YEAR, LAST_YEAR = 2020, 2030


def build_days(first_year=FIRST_YEAR, last_year=LAST_YEAR):
    """Yield (date, is_working, kind, note) for every day of the years."""
    years = range(first_year, last_year + 1)
    ru = holidays.country_holidays("RU", years=years, language="ru")
    working_weekends = set(ru.weekend_workdays)
    day = datetime.date(first_year, 1, 1)
    end = datetime.date(last_year, 12, 31)
    rows = {}
    while day <= end:
        weekend = day.weekday() >= 5
        if (day.month, day.day) in PUBLIC_HOLIDAYS:
            rows[day] = [False, "holiday", ru.get(day, "")]
        elif day in ru:
            rows[day] = [False, "transfer", ru.get(day)]
        elif weekend and day in working_weekends:
            rows[day] = [True, "transfer", "Рабочий день (выходной перенесён постановлением Правительства РФ)"]
        elif weekend:
            rows[day] = [False, "weekend", ""]
        else:
            rows[day] = [True, "workday", ""]
        day += datetime.timedelta(days=1)

    # Labour Code art. 95: the working day right before a public holiday is one hour shorter; so is a
    # working Saturday (transfer) followed only by days off up to a public holiday (2024-04-27, 2025-11-01).
    for day, row in rows.items():
        if not row[0]:
            continue
        following = day + datetime.timedelta(days=1)
        if (following.month, following.day) in PUBLIC_HOLIDAYS and following in rows:
            row[1] = "shortened"
            row[2] = "Предпраздничный день, сокращённый на один час"
            continue
        if day.weekday() >= 5:
            while following in rows and not rows[following][0]:
                if (following.month, following.day) in PUBLIC_HOLIDAYS:
                    row[1] = "shortened"
                    row[2] = "Рабочий день по переносу, предпраздничный, сокращённый на один час"
                    break
                following += datetime.timedelta(days=1)
    for day, (is_working, kind, note) in sorted(rows.items()):
        yield day, is_working, kind, note


def seed(model, first_year=FIRST_YEAR, last_year=LAST_YEAR, *, overwrite=False):
    """Insert the rows into ``model`` (CalendarDay, possibly the historical one of a migration).
    Existing rows (maybe corrected by hand in the admin) are kept unless ``overwrite``."""
    objs = [model(date=d, is_working=w, kind=k, note=n[:255]) for d, w, k, n in build_days(first_year, last_year)]
    if overwrite:
        model.objects.filter(date__range=(objs[0].date, objs[-1].date)).delete()
    model.objects.bulk_create(objs, ignore_conflicts=True, batch_size=2000)
    return len(objs)


def decreed_years():
    """The years whose day transfers the installed `holidays` knows: the keys of its table of substituted
    days (one entry per government decree, with the decree's source in its comments). A later year holds
    the fixed holidays of art. 112 alone (F-DL-12)."""
    return set(RussiaStaticHolidays.special_public_holidays)


def package_note():
    return f"Дни загружены из пакета holidays {holidays.__version__}"


def seed_years(model, first_year=FIRST_YEAR, last_year=LAST_YEAR):
    """Create the CalendarYear rows missing for the years (``model`` may be the historical one of a
    migration): confirmed when the installed `holidays` knows the year's transfers. Existing rows (maybe
    confirmed by hand in the admin) are kept."""
    known = decreed_years()
    objs = [model(year=year, confirmed=year in known,
                  note=package_note() if year in known else "Переносы дней неизвестны: только праздники ст. 112 ТК РФ")
            for year in range(first_year, last_year + 1)]
    model.objects.bulk_create(objs, ignore_conflicts=True)
    return len(objs)


def reload_year(model, year):
    """Replace every day of ``year`` with the installed `holidays` package's (the admin's «Перезагрузить из
    пакета holidays»). Returns whether the package knows that year's transfers."""
    # built with the next year too, so that 31 December sees the New Year holiday after it
    objs = [model(date=d, is_working=w, kind=k, note=n[:255])
            for d, w, k, n in build_days(year, year + 1) if d.year == year]
    model.objects.filter(date__year=year).delete()
    model.objects.bulk_create(objs, batch_size=2000)
    return year in decreed_years()
