from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "smarteka.history"
    label = "history"
    verbose_name = "История переходов"
