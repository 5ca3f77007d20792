from celery import shared_task
from celery.schedules import crontab

from practices.catalogue import services as catalogue_services


@shared_task(name="practices.monthly_digest", acks_late=True)
def monthly_digest():
    """F-CAT-4: the previous month's digest to subscribers (sent once even if the task runs twice)."""
    return catalogue_services.send_monthly_digest()


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "practices.monthly_digest": {"task": "practices.monthly_digest",
                                 "schedule": crontab(day_of_month=1, hour=9, minute=0)},
}
