from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = "Регионы"

    def ready(self):
        from regions import cabinet as regions_cabinet
        from smarteka import cabinet

        # «Мой кабинет» (issue 14, item 4): the coordinator's region page
        cabinet.register(regions_cabinet.overview, awaiting=False)
