"""Load demo data: each app may have a ``demo.py`` with ``load(ctx)``; they run bottom-up in
INSTALLED_APPS order and share ``ctx`` (a dict: users by role, regions …). Idempotent: a second
``make run`` reuses what is there."""

from django.core.management.base import BaseCommand
from django.db import transaction

from smarteka.apps import app_modules
from smarteka.notifications.services import without_emails


class Command(BaseCommand):
    help = "Создаёт демонстрационные данные: по одному пользователю на роль, регионы, практики."

    def handle(self, *args, **options):
        ctx = {}
        # demo notices stay in-app: the worker must not mail every demo user at the first start
        with transaction.atomic(), without_emails():
            for module in app_modules("demo"):
                if hasattr(module, "load"):
                    module.load(ctx)
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены."))
