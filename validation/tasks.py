"""Periodic tasks of the practice's life after publication (issue 21). Each task is idempotent: run twice,
or killed halfway and run again, it finishes the job without duplicates."""

from celery import shared_task
from celery.schedules import crontab

from validation.lifecycle import archiving, contacts


@shared_task(name="validation.archiving_check", acks_late=True)
def archiving_check():
    """F-DL-9 (4.6.1): the daily archiving check — a published practice without a replication request for a year
    or more gets one proposal awaiting its expert-moderator (``archiving.propose_archiving_without_requests``:
    one transaction per practice, a partial unique constraint against a second open proposal)."""
    return archiving.propose_archiving_without_requests()


@shared_task(name="validation.open_contact_campaign", acks_late=True)
def open_contact_campaign():
    """F-DL-10 (4.1.12): every 1 January a contact update campaign for every region with a coordinator, due
    at the end of January; one request per region and year, so a rerun opens nothing more."""
    return contacts.open_yearly_campaign()


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    # after the deadline scan (08:00), whose overdue actualization requests make proposals of their own
    "validation.archiving_check": {"task": "validation.archiving_check", "schedule": crontab(hour=8, minute=30)},
    "validation.open_contact_campaign": {"task": "validation.open_contact_campaign",
                                         "schedule": crontab(minute=0, hour=7, day_of_month=1, month_of_year=1)},
}
