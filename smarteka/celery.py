"""The Celery app. Tasks live in each app's tasks.py; periodic ones add themselves to
settings.CELERY_BEAT_SCHEDULE through ``beat_schedule`` in that module (collected here)."""

import os

from celery import Celery

from smarteka.apps import app_modules

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarteka.settings")

app = Celery("smarteka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def collect_beat_schedules(sender, **kwargs):
    for module in app_modules("tasks"):
        sender.conf.beat_schedule.update(getattr(module, "beat_schedule", {}))
