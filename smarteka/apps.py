from importlib import import_module

from django.apps import AppConfig, apps


class SmartekaConfig(AppConfig):
    name = "smarteka"
    verbose_name = "Смартека"

    def ready(self):
        # Every app's permissions.py registers its rules in smarteka.permissions.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.permissions")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.permissions":
                    raise
