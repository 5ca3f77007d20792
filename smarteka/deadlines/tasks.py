from celery import shared_task
from celery.schedules import crontab

from smarteka.deadlines import services


@shared_task(name="deadlines.scan", acks_late=True)
def scan_deadlines():
    """F-DL-11: the daily reminder scan (safe to run twice or in two workers at once)."""
    return services.scan()


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "deadlines.scan": {"task": "deadlines.scan", "schedule": crontab(hour=8, minute=0)},
}
