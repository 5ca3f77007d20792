"""The platform's own periodic tasks (collected by smarteka/celery.py)."""

from celery import shared_task
from celery.schedules import crontab

from smarteka import health, reportjobs


@shared_task(name="smarteka.worker_heartbeat", ignore_result=True)
def worker_heartbeat():
    """Issue 15, item 10: a worker that runs this writes the time into the broker's Redis; /healthz reports
    the worker stale when the stamp is older than three minutes. Idempotent: each run overwrites the stamp."""
    health.write_heartbeat()


# Issue 18 item 4: the background reports' tasks live beside their model (smarteka/reportjobs.py, imported by
# smarteka/models.py, so the worker registers them); named here for the beat schedule below.
generate_report = reportjobs.generate_report
cleanup_reports = reportjobs.cleanup_reports


# Collected by smarteka/celery.py: the heartbeat every minute (a plain interval, no crontab); the report files'
# cleanup daily at 03:15 Moscow time.
beat_schedule = {
    "smarteka.worker_heartbeat": {"task": "smarteka.worker_heartbeat", "schedule": 60.0,
                                  "options": {"expires": 50}},
    "reportjobs.cleanup": {"task": "reportjobs.cleanup", "schedule": crontab(hour=3, minute=15)},
}
