from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Практики"

    def ready(self):
        from practices import cabinet as practices_cabinet
        from practices.services import REVISION_DEADLINE_KIND
        from practices.team import signals  # noqa: F401  (team invitations, F-ACC-4)
        from smarteka import cabinet
        from smarteka.deadlines.registry import register_kind

        # F-DL-1: the author revises a returned practice within 5 working days (4.1.9); the reviewer who
        # returned it and the region's coordinator see it overdue (escalate_to, set when it is opened)
        register_kind(REVISION_DEADLINE_KIND, "Срок доработки практики автором (5 рабочих дней, п. 4.1.9)",
                      remind_days_before=2)
        # «Мой кабинет» (issue 14, item 4): the author's drafts and revisions, recent practices, lists
        cabinet.register(practices_cabinet.awaiting)
        cabinet.register(practices_cabinet.overview, awaiting=False)
        # issue 17 item 3: cached public pages follow publication, actualization, archiving
        from practices.signals import connect_page_cache

        connect_page_cache()
        # F-VAL-7: every state change starts the new stage (Practice.stage_started_at, the queues' order)
        from django_fsm.signals import post_transition

        from practices.models import Practice
        from practices.signals import stage_started

        post_transition.connect(stage_started, sender=Practice, dispatch_uid="practices.stage_started")
        # F-PLUS-5: e-mails to the subscribers of a newly published practice's category or region
        from practices.api.subscriptions import on_practice_published
        from practices.signals import practice_published

        practice_published.connect(on_practice_published, dispatch_uid="practices.subscriptions.published")
