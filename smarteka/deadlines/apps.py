from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "smarteka.deadlines"
    label = "deadlines"
    verbose_name = "Сроки"

    def ready(self):
        from smarteka.deadlines import registry  # noqa: F401  (registers the demo kind "generic")
