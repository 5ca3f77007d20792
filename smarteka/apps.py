from importlib import import_module

from django.apps import AppConfig, apps


def app_modules(name):
    """The ``<app>.<name>`` module of each installed app that has one, in INSTALLED_APPS order (an import
    error inside an existing module is raised, not skipped)."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return modules


class SmartekaConfig(AppConfig):
    name = "smarteka"
    verbose_name = "Смартека"

    def ready(self):
        # Importing every app's permissions.py registers its rules in smarteka.permissions.
        app_modules("permissions")
        # «— выберите —» instead of Django's «---------» in every select (issue 14 item 9)
        from smarteka.forms import use_russian_empty_choice

        use_russian_empty_choice()
        # «Мой кабинет» (issue 14, item 4): the platform's own providers; the apps add theirs in their ready()
        from smarteka import cabinet, cabinet_providers
        for provider in cabinet_providers.AWAITING_PROVIDERS:
            cabinet.register(provider)
        for provider in cabinet_providers.OVERVIEW_PROVIDERS:
            cabinet.register(provider, awaiting=False)
