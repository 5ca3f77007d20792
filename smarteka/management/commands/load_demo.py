"""Load demo data: each app may have a ``demo.py`` with ``load(ctx)``; they run bottom-up in
INSTALLED_APPS order and share ``ctx`` (a dict: users by role, regions …). Idempotent: a second
``make run`` reuses what is there."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные: по одному пользователю на роль, регионы, практики."

    def handle(self, *args, **options):
        ctx = {}
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "load"):
                    module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены."))
