"""Models of the yearly audit (4.5.3, F-ACT-2) and of archiving proposals (4.2.1.4–4.2.1.5, 4.6.1, F-ARCH-1,
F-DL-9), imported by ``validation.models``. Side effects live in ``validation/lifecycle/audit.py`` and
``validation/lifecycle/archiving.py``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from smarteka.kepturls import reverse  # kept per process (issue 17)
from validation.grounds import ARCHIVING_GROUNDS

# --- the yearly audit (F-ACT-2)


class AuditOutcome(models.TextChoices):
    ACTUAL = "actual", "Актуальна"
    REQUEST_ACTUALIZATION = "request_actualization", "Запросить актуализацию"
    PROPOSE_ARCHIVING = "propose_archiving", "Предложить архивирование"


class AuditRecord(models.Model):
    """The outcome of a practice's yearly audit by an expert-moderator (4.5.3): one per practice and year."""

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="audit_records")
    year = models.PositiveSmallIntegerField("Год аудита")
    outcome = models.CharField("Итог аудита", max_length=30, choices=AuditOutcome.choices)
    comment = models.TextField("Комментарий", blank=True)
    audited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Провёл аудит", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    audited_at = models.DateTimeField("Дата аудита", default=timezone.now)

    class Meta:
        ordering = ["-year", "-audited_at"]
        verbose_name = "аудит практики"
        verbose_name_plural = "аудит практик"
        constraints = [
            models.UniqueConstraint(fields=["practice", "year"], name="audit_once_per_practice_year",
                                    violation_error_message="Аудит этой практики в этом году уже проведён."),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_outcome_display()} ({self.year})"


# --- archiving proposals (F-ARCH-1)


class ProposalState(models.TextChoices):
    AWAITING_EXPERT = "awaiting_expert", "Ожидает решения эксперта-модератора"
    PROPOSED = "proposed", "Направлено модератору АСИ"
    DISMISSED = "dismissed", "Эксперт-модератор не поддержал"
    ARCHIVED = "archived", "Практика переведена в Базу знаний"
    DECLINED = "declined", "Модератор АСИ отклонил"


OPEN_PROPOSAL_STATES = (ProposalState.AWAITING_EXPERT, ProposalState.PROPOSED)
ONE_OPEN_MESSAGE = "По этой практике уже есть открытое предложение об архивировании."


class ProposalOrigin(models.TextChoices):
    EXPERT_MODERATOR = "expert_moderator", "Эксперт-модератор"
    AUDIT = "audit", "Ежегодный аудит"
    DAILY_CHECK = "daily_check", "Ежедневная проверка: нет заявок на внедрение"
    ACTUALIZATION_OVERDUE = "actualization_overdue", "Автор не актуализировал практику в срок"


class ArchiveProposal(models.Model):
    """A proposal to send a published practice to the knowledge base (4.2.1.4–4.2.1.5, 4.6.1).

    awaiting_expert (made by the daily check or an overdue actualization request) → proposed (the
    expert-moderator confirmed it with a ground and a justification) or dismissed; proposed → archived or
    declined by the ASI moderator with a reason. At most one open proposal per practice (a partial unique
    constraint)."""

    S = ProposalState

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.PROTECT,
                                 related_name="archive_proposals")
    ground = models.TextField("Основание (п. 4.6.1 Регламента)", choices=[(g, g) for g in ARCHIVING_GROUNDS])
    origin = models.CharField("Источник", max_length=30, choices=ProposalOrigin.choices,
                              default=ProposalOrigin.EXPERT_MODERATOR)
    finding = models.TextField("Что обнаружила проверка", blank=True)
    justification = models.TextField("Обоснование необходимости архивации", blank=True)
    state = FSMField("Статус", max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED,
                     protected=True, db_index=True)
    created_at = models.DateTimeField("Создано", default=timezone.now)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Предложил", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField("Направлено модератору АСИ", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Решение принял", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("Дата решения", null=True, blank=True)
    decision_reason = models.TextField("Причина отказа", blank=True)
    restored_at = models.DateTimeField("Возвращена в каталог", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "предложение об архивировании"
        verbose_name_plural = "предложения об архивировании"
        constraints = [
            models.UniqueConstraint(fields=["practice"], condition=Q(state__in=OPEN_PROPOSAL_STATES),
                                    name="archive_proposal_one_open", violation_error_message=ONE_OPEN_MESSAGE),
            # 4.2.1.5: the letter to the ASI moderator carries the justification
            models.CheckConstraint(condition=Q(state="awaiting_expert") | Q(state="dismissed") | ~Q(justification=""),
                                   name="archive_proposal_justified"),
            models.CheckConstraint(condition=~Q(state__in=["declined", "dismissed"]) | ~Q(decision_reason=""),
                                   name="archive_proposal_refusal_reasoned"),
        ]
        indexes = [models.Index(fields=["practice", "state"], name="archive_proposal_practice")]

    def __str__(self):
        return f"Предложение об архивировании «{self.practice}»"

    def get_absolute_url(self):
        return reverse("archiving:proposal", args=[self.pk])

    @property
    def ground_label(self):
        """The ground as a sentence of its own (the list items of 4.6.1 end with «;»)."""
        return self.ground.rstrip(";")

    @property
    def is_open(self):
        return self.state in OPEN_PROPOSAL_STATES

    @transition(field=state, source=ProposalState.AWAITING_EXPERT, target=ProposalState.PROPOSED)
    def confirm(self):
        """The expert-moderator confirms with a ground and justification (4.2.1.4–4.2.1.5)."""

    @transition(field=state, source=ProposalState.AWAITING_EXPERT, target=ProposalState.DISMISSED)
    def dismiss(self):
        """The expert-moderator finds no reason to archive."""

    @transition(field=state, source=ProposalState.PROPOSED, target=ProposalState.ARCHIVED)
    def accept(self):
        """The ASI moderator archives the practice (4.6.1)."""

    @transition(field=state, source=ProposalState.PROPOSED, target=ProposalState.DECLINED)
    def decline(self):
        """The ASI moderator declines with a reason."""
