"""The platform's own periodic tasks (collected by smarteka/celery.py)."""

from celery import shared_task

from smarteka import health


@shared_task(name="smarteka.worker_heartbeat", ignore_result=True)
def worker_heartbeat():
    """Issue 15, item 10: a worker that runs this writes the time into the broker's Redis; /healthz reports
    the worker stale when the stamp is older than three minutes. Idempotent: each run overwrites the stamp."""
    health.write_heartbeat()


# Collected by smarteka/celery.py: every minute (a plain interval, no crontab).
beat_schedule = {
    "smarteka.worker_heartbeat": {"task": "smarteka.worker_heartbeat", "schedule": 60.0,
                                  "options": {"expires": 50}},
}
