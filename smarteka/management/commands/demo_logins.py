from django.core.management.base import BaseCommand

from smarteka.accounts.demo import DEMO_USERS
from smarteka.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Печатает адрес сайта и демонстрационные учётные записи."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **options):
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Смартека работает: {options['url']}"))
        out.write(f"Демо-пользователи (пароль у всех: {DEMO_PASSWORD}):")
        for email, role_label, *_ in DEMO_USERS:
            out.write(f"  {role_label:<42} {email}")
        out.write("Остановить: Ctrl-C")
        out.write("")
