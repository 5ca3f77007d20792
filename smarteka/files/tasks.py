from celery import shared_task
from celery.schedules import crontab

from smarteka.files import services


@shared_task(name="files.sweep_orphans")
def sweep_orphans():
    """F-FILE-1: remove stored bytes whose upload was rolled back (no StoredFile names them)."""
    return len(services.sweep_orphans())


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "files.sweep_orphans": {"task": "files.sweep_orphans", "schedule": crontab(hour=3, minute=30)},
}
