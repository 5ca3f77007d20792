from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "validation"
    verbose_name = "Валидация"

    def ready(self):
        from validation import deadlines  # noqa: F401  registers the F-DL-1 revision deadline kind
