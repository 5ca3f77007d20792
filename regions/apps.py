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

        # F-REPORT-2 (seed 000 п. 3): the quarterly report's reminder, opened per region and quarter by
        # regions.tasks.open_quarterly_report_deadlines, met when the coordinator confirms sending the report
        from regions import quarterly
        from smarteka.deadlines.registry import register_kind

        register_kind(quarterly.DEADLINE_KIND, quarterly.DEADLINE_LABEL, remind_days_before=3,
                      reminded=quarterly.coordinators_of)
