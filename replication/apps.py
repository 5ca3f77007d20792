from django.apps import AppConfig


class ReplicationConfig(AppConfig):
    name = "replication"
    verbose_name = "Тиражирование"

    def ready(self):
        from practices.signals import practice_left_catalogue
        from replication import cabinet as replication_cabinet
        from replication import lifecycle, services
        from replication.deadlines import CONTACT, REVIEW, SILENCE
        from smarteka import cabinet
        from smarteka.deadlines.registry import register_kind

        def silence_overdue(deadline):
            """F-DL-7 overdue: the ASI moderator is offered the refusal on the third ground of 5.3.3."""
            if deadline.content_object is not None:
                services.propose_refusal(deadline.content_object)

        register_kind(CONTACT, "Связаться с реципиентом (5 рабочих дней, п. 5.3.1.4)", remind_days_before=2)
        # F-DL-4 overdue is «flagged»: the deadline turns overdue (queues show it), the scan notifies the assignees
        register_kind(REVIEW, "Рассмотреть заявку на тиражирование (10 рабочих дней, п. 5.3.2)",
                      remind_days_before=3)
        # issue 21 (4.1.13, 4.6): a deleted or archived practice's open requests
        practice_left_catalogue.connect(lifecycle.on_practice_left_catalogue, dispatch_uid="replication.practice_left")
        register_kind(SILENCE, "Ответить модератору внедрения (1 месяц, п. 5.3.3)", remind_days_before=5,
                      overdue_action=silence_overdue)
        # «Мой кабинет» (issue 14, item 4): what awaits the user here, their recent objects, the lists
        cabinet.register(replication_cabinet.awaiting)
        cabinet.register(replication_cabinet.overview, awaiting=False)
        # issue 17 item 3: the «Хотят внедрить» / «Внедрено» counts of the cached public pages
        from replication.pagecache import connect

        connect()
        # issue 18 item 4: the annual summary's XLSX (F-REPORT-3) is generated in the background
        from replication import views_summary

        views_summary.register()
