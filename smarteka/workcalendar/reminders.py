"""F-DL-12: reminding the ASI moderators that next year's production calendar is not confirmed.

Choice (the regulation assumes the calendar; SPEC F-DL-12 asks for a reminder «from 1 November»): the
daily task reminds on 1 November and then every Monday, until the year is confirmed in the admin; it
goes on into the year itself (January …) while that year is still unconfirmed. One CalendarYearReminder
row per year and day (unique) makes a second run on the same day, or two workers at once, send nothing.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from smarteka.notifications.services import notify
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.workcalendar.models import CalendarYear, CalendarYearReminder

REMINDER_KIND = "calendar_unconfirmed"


def year_to_confirm(today):
    """The year whose calendar must be confirmed by now: next year from 1 November, else this year."""
    return today.year + 1 if today.month >= 11 else today.year


def is_reminder_day(today):
    return (today.month, today.day) == (11, 1) or today.weekday() == 0


def remind_unconfirmed_year(today=None):
    """Send the reminder of the day if it is due and not sent yet. Returns the number of notices."""
    today = today or timezone.localdate()
    year = year_to_confirm(today)
    if not is_reminder_day(today) or CalendarYear.objects.filter(year=year, confirmed=True).exists():
        return 0
    try:
        with transaction.atomic():
            CalendarYearReminder.objects.create(year=year, sent_on=today)
            url = _admin_url(year)
            notices = notify(
                holders(Role.ASI_MODERATOR), kind=REMINDER_KIND,
                title=f"Производственный календарь на {year} год не подтверждён",
                body=(f"Сроки, которые приходятся на {year} год, пока считаются по календарю без переносов "
                      f"выходных дней и показываются как «предварительный срок». Когда выйдет постановление "
                      f"Правительства РФ о переносе выходных дней в {year} году, внесите переносы (или "
                      f"перезагрузите дни из обновлённого пакета holidays) и отметьте год подтверждённым."),
                url=url,
            )
    except IntegrityError:  # already sent today (a rerun, or another worker at the same moment)
        return 0
    return len(notices)


def _admin_url(year):
    if CalendarYear.objects.filter(year=year).exists():
        return reverse("admin:workcalendar_calendaryear_change", args=[year])
    return reverse("admin:workcalendar_calendaryear_changelist")

