import pkgutil
from importlib import import_module

from django.apps import AppConfig, apps


class SmartekaConfig(AppConfig):
    name = "smarteka"
    verbose_name = "Смартека"

    def ready(self):
        # Every app's permissions.py registers its rules in smarteka.permissions; so do its
        # permissions_<part>.py modules, where helpers working on one app in parallel keep their rules.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.permissions")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.permissions":
                    raise
            for module in sorted(pkgutil.iter_modules(config.module.__path__), key=lambda m: m.name):
                if module.name.startswith("permissions_") and not module.ispkg:
                    import_module(f"{config.name}.{module.name}")
