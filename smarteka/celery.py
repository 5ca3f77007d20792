"""The Celery app. Tasks live in each app's tasks.py; periodic ones add themselves to
settings.CELERY_BEAT_SCHEDULE through ``beat_schedule`` in that module (collected here)."""

import os
from importlib import import_module

from celery import Celery
from django.apps import apps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarteka.settings")

app = Celery("smarteka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def collect_beat_schedules(sender, **kwargs):
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise
            continue
        sender.conf.beat_schedule.update(getattr(module, "beat_schedule", {}))
