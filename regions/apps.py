from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = "Регионы"

    def ready(self):
        from regions import cabinet as regions_cabinet
        from smarteka import cabinet

        # «Мой кабинет» (issue 14, item 4): the coordinator's region page
        cabinet.register(regions_cabinet.overview, awaiting=False)

        # issue 17 item 3: a region's name or district is on the cached public pages
        from django.db.models.signals import post_save

        from regions.models import Region
        from smarteka import pagecache

        post_save.connect(lambda **kwargs: pagecache.bump(), sender=Region, weak=False,
                          dispatch_uid="regions.pagecache.region")
