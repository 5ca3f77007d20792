from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smarteka.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Пишет резервную копию: дамп базы и файлы в один датированный архив (issue 15 item 9)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "backups"),
                            help="Папка для архивов (по умолчанию var/backups)")

    def handle(self, *args, **options):
        try:
            path = create_backup(options["dir"])
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(f"Резервная копия: {path}"))
