from django.apps import AppConfig


class WorkcalendarConfig(AppConfig):
    name = "smarteka.workcalendar"
    label = "workcalendar"
    verbose_name = "Производственный календарь"

    def ready(self):
        from smarteka.workcalendar import signals  # noqa: F401
