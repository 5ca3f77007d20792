from django.core.management.base import BaseCommand, CommandError

from smarteka.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Восстанавливает базу и файлы из архива make backup в пустую систему (issue 15 item 9)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Архив smarteka-YYYYMMDD-HHMMSS.tar.gz")
        parser.add_argument("--force", action="store_true",
                            help="Стереть непустые базу и папку файлов перед восстановлением")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error))
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Восстановлено из {options['file']}: таблиц {len(manifest['tables'])}, строк {rows}, "
            f"файлов {len(manifest['files'])}; снимок от {manifest['created_at']}"
        ))
