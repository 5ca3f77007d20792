"""Periodic tasks of the practice's life after publication (issue 21). Each task is idempotent: run twice,
or killed halfway and run again, it finishes the job without duplicates."""

from celery import shared_task  # noqa: F401
from celery.schedules import crontab  # noqa: F401

# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
}
