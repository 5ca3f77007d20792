from celery import shared_task
from celery.schedules import crontab

from smarteka.workcalendar import reminders


@shared_task(name="workcalendar.remind_unconfirmed_year", acks_late=True)
def remind_unconfirmed_year():
    """F-DL-12: the daily check whether the ASI moderators must be reminded to confirm next year's
    production calendar (idempotent: one reminder per year and day)."""
    return reminders.remind_unconfirmed_year()


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "workcalendar.remind_unconfirmed_year": {"task": "workcalendar.remind_unconfirmed_year",
                                             "schedule": crontab(hour=8, minute=10)},
}
