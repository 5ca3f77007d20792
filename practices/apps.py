from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Практики"

    def ready(self):
        from practices import signals  # noqa: F401  (team invitations, F-ACC-4)
