"""The platform's own periodic tasks (collected by smarteka/celery.py)."""

from celery import shared_task
from celery.schedules import crontab

from smarteka import health, reportjobs


@shared_task(name="smarteka.worker_heartbeat", ignore_result=True)
def worker_heartbeat():
    """Issue 15, item 10: a worker that runs this writes the time into the broker's Redis; /healthz reports
    the worker stale when the stamp is older than three minutes. Idempotent: each run overwrites the stamp."""
    health.write_heartbeat()


@shared_task(name="reportjobs.generate", acks_late=True)
def generate_report(job_pk):
    """Issue 18 item 4: generate a background report (queue «reports»). Idempotent: a job already taken or
    finished is left alone; a job whose worker died is taken over (``reportjobs.run_job``)."""
    return reportjobs.run_job(job_pk)


@shared_task(name="reportjobs.cleanup", acks_late=True)
def cleanup_reports():
    """Issue 18 item 4: delete the report files kept past their ``KEEP_DAYS`` (7 days). Idempotent."""
    return reportjobs.cleanup_expired()


# Collected by smarteka/celery.py: the heartbeat every minute (a plain interval, no crontab); the report files'
# cleanup daily at 03:15 Moscow time.
beat_schedule = {
    "smarteka.worker_heartbeat": {"task": "smarteka.worker_heartbeat", "schedule": 60.0,
                                  "options": {"expires": 50}},
    "reportjobs.cleanup": {"task": "reportjobs.cleanup", "schedule": crontab(hour=3, minute=15)},
}
