from django.apps import AppConfig


class ReplicationConfig(AppConfig):
    name = "replication"
    verbose_name = "Тиражирование"

    def ready(self):
        from replication import tasks  # noqa: F401  (deadline kinds F-DL-3, F-DL-4, F-DL-7)
