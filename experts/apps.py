from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = "Эксперты"

    def ready(self):
        # imported here, not at the top: models and services need the app registry ready
        from django.db.models.signals import post_save

        from experts import cabinet as experts_cabinet
        from experts.services import EVALUATION_DEADLINE_KIND, ensure_pool
        from practices.models import Category
        from smarteka import cabinet
        from smarteka.deadlines.registry import register_kind

        # an invited expert's evaluation (F-VAL-3, F-VAL-9 «overdue»); reminded: the expert, overdue also
        # to the expert-moderator who invited them (the deadline's escalate_to)
        register_kind(EVALUATION_DEADLINE_KIND, "Оценка практики экспертом", remind_days_before=2,
                      reminded="приглашённый эксперт")
        # a category's pool exists from the category's creation (4.4.2)
        post_save.connect(ensure_pool, sender=Category, dispatch_uid="experts.ensure_pool")
        # «Мой кабинет» (issue 14, item 4): what awaits the user here, their recent objects, the lists
        cabinet.register(experts_cabinet.awaiting)
        cabinet.register(experts_cabinet.overview, awaiting=False)
