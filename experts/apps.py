from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = "Эксперты"

    def ready(self):
        from experts.services import EVALUATION_DEADLINE_KIND
        from smarteka.deadlines.registry import register_kind

        # an invited expert's evaluation (F-VAL-3, F-VAL-9 «overdue»); reminded: the expert, overdue also
        # to the expert-moderator who invited them (the deadline's escalate_to)
        register_kind(EVALUATION_DEADLINE_KIND, "Оценка практики экспертом", remind_days_before=2,
                      reminded="приглашённый эксперт")
