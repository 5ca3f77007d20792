from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "smarteka.deadlines"
    label = "deadlines"
    verbose_name = "Сроки"
