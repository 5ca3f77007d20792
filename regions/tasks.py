"""Periodic tasks of the regions app. Idempotent: run twice, or killed halfway and run again, they finish the
job without duplicates."""

from celery import shared_task
from celery.schedules import crontab

from regions import quarterly


@shared_task(name="regions.open_quarterly_report_deadlines", acks_late=True)
def open_quarterly_report_deadlines():
    """F-REPORT-2 (seed 000 п. 3): every day, the reminder deadline of the last finished quarter's report for each
    region that has none yet, until the report's due day (``quarterly.open_quarter_deadlines``)."""
    return quarterly.open_quarter_deadlines()


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow. Before the daily deadline scan (08:00).
beat_schedule = {
    "regions.open_quarterly_report_deadlines": {"task": "regions.open_quarterly_report_deadlines",
                                                "schedule": crontab(hour=7, minute=15)},
}
