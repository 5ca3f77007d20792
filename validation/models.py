"""Models of the validation app.

Selections («Отборы», F-TRACK-4, 3.2.5–3.2.7, 4.3.4) and Club of Strategic Initiatives sessions
(КСИ, F-TRACK-5, 4.4.9). Side effects (history, notifications) live in
``validation/selections/services.py``.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from smarteka.kepturls import reverse  # kept per process (issue 17)
from validation.lifecycle.models_actualization import (  # noqa: F401  (the app's models, 4.5.4–4.5.6)
    OPEN_ACTUALIZATION_STATES,
    ActualizationRequest,
    ActualizationState,
    RequesterRole,
)

# --- selections (F-TRACK-4)

LAUNCH_LEAD_MONTHS = 2  # 3.2.5, 4.3.4: the launch is requested ≥ 2 months before intake starts


def latest_launch_request(intake_from):
    """The last day a launch may be requested for intake starting on ``intake_from`` (3.2.5, 4.3.4)."""
    return intake_from - relativedelta(months=LAUNCH_LEAD_MONTHS)


def launch_lead_error(launch_requested_on, intake_from):
    """The Russian message when the launch request came later than two months before intake, else None."""
    if not launch_requested_on or not intake_from:
        return None
    latest = latest_launch_request(intake_from)
    if launch_requested_on > latest:
        return (
            "Запрос на запуск отбора должен быть направлен в Агентство не позднее чем за два месяца "
            f"до даты старта приёма заявок (п. 3.2.5, 4.3.4 Регламента): для старта приёма "
            f"{intake_from:%d.%m.%Y} — не позднее {latest:%d.%m.%Y}."
        )
    return None


class SelectionState(models.TextChoices):
    DRAFT = "draft", "Черновик"
    ANNOUNCED = "announced", "Объявлен"
    INTAKE = "intake", "Приём заявок"
    EVALUATION = "evaluation", "Оценка заявок"
    FINISHED = "finished", "Итоги подведены"


PUBLIC_SELECTION_STATES = (SelectionState.ANNOUNCED, SelectionState.INTAKE, SelectionState.EVALUATION,
                           SelectionState.FINISHED)


class Selection(models.Model):
    """A time-limited call for practices on a theme, initiated by a State Council commission
    (3.2.5–3.2.7, 4.3.4). The ASI moderator creates and announces it; its state moves
    draft → announced → intake → evaluation → finished by the moderator's actions."""

    title = models.CharField("Название отбора", max_length=300)
    slug = models.SlugField("Адрес страницы", max_length=120, unique=True,
                            help_text="Латинские буквы, цифры и дефис; если оставить пустым, будет составлен "
                                      "из названия.")
    description = models.TextField("Описание и тематика отбора", blank=True)
    initiator = models.CharField("Инициатор отбора", max_length=300,
                                 help_text="Профильная комиссия Государственного Совета Российской Федерации, "
                                           "направившая запрос (п. 3.2.5).")
    regulation = models.ForeignKey("files.StoredFile", verbose_name="Положение о проведении отбора",
                                   null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    criteria = ArrayField(models.TextField(), verbose_name="Обязательные требования (критерии) комиссии",
                          default=list, blank=True)
    experts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="Эксперты отбора", blank=True,
                                     related_name="selections_as_expert")
    launch_requested_on = models.DateField("Дата запроса на запуск отбора")
    launch_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Запрос направил (пользователь платформы)", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    intake_from = models.DateField("Начало приёма заявок")
    intake_to = models.DateField("Окончание приёма заявок")
    results_on = models.DateField("Дата подведения итогов", null=True, blank=True)
    awards = models.TextField("Порядок награждения победителей", blank=True,
                              help_text="Если награждение предполагается (п. 3.2.6).")
    state = FSMField("Статус", default=SelectionState.DRAFT, choices=SelectionState.choices, protected=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Создал", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Создан", default=timezone.now)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Объявил", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    announced_at = models.DateTimeField("Объявлен", null=True, blank=True)

    class Meta:
        ordering = ["-intake_from", "-pk"]
        verbose_name = "отбор"
        verbose_name_plural = "отборы"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("selections:detail", args=[self.slug])

    def clean(self):
        errors = {}
        message = launch_lead_error(self.launch_requested_on, self.intake_from)
        if message:
            errors["launch_requested_on"] = message
        if self.intake_from and self.intake_to and self.intake_to < self.intake_from:
            errors["intake_to"] = "Окончание приёма заявок не может быть раньше его начала."
        if self.results_on and self.intake_to and self.results_on < self.intake_to:
            errors["results_on"] = "Итоги нельзя подвести раньше окончания приёма заявок."
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.state in PUBLIC_SELECTION_STATES

    def is_intake_open(self, today=None):
        """Applications are accepted in the intake state, between the intake dates inclusive."""
        today = today or timezone.localdate()
        return self.state == SelectionState.INTAKE and self.intake_from <= today <= self.intake_to

    # --- transitions (the ASI moderator's actions; services add history and notices)

    def has_announcement_data(self):
        return not self.announcement_problems()

    def announcement_problems(self):
        problems = []
        if not self.criteria:
            problems.append("Не указаны обязательные требования (критерии) комиссии.")
        if not self.regulation_id:
            problems.append("Не загружено положение о проведении отбора.")
        message = launch_lead_error(self.launch_requested_on, self.intake_from)
        if message:
            problems.append(message)
        return problems

    @transition(field=state, source=SelectionState.DRAFT, target=SelectionState.ANNOUNCED,
                conditions=[has_announcement_data])
    def announce(self):
        """Publish the selection's page and tell platform users (3.2.6)."""

    @transition(field=state, source=SelectionState.ANNOUNCED, target=SelectionState.INTAKE)
    def open_intake(self):
        """Start accepting applications."""

    @transition(field=state, source=SelectionState.INTAKE, target=SelectionState.EVALUATION)
    def close_intake(self):
        """Stop accepting applications; the commission's experts evaluate."""

    @transition(field=state, source=SelectionState.EVALUATION, target=SelectionState.FINISHED)
    def finish(self):
        """Results are summed up; winners are shown."""


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "На модерации"
    ACCEPTED = "accepted", "Принята"
    REFUSED = "refused", "Отклонена"


class SelectionApplication(models.Model):
    """A passport tagged with a selection (F-TRACK-4): one practice takes part in one selection."""

    selection = models.ForeignKey(Selection, verbose_name="Отбор", on_delete=models.CASCADE,
                                  related_name="applications")
    practice = models.OneToOneField("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                    related_name="selection_application")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Подал", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField("Подана", default=timezone.now)
    status = models.CharField("Результат модерации", max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING)
    refusal_reason = models.TextField("Причина отклонения", blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Модератор", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField("Промодерирована", null=True, blank=True)
    is_winner = models.BooleanField("Победитель отбора", default=False)
    award = models.CharField("Награда", max_length=300, blank=True)

    class Meta:
        ordering = ["applied_at", "pk"]
        verbose_name = "заявка на отбор"
        verbose_name_plural = "заявки на отбор"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="selection_application_refusal_has_reason"),
            models.CheckConstraint(condition=Q(is_winner=False) | Q(status="accepted"),
                                   name="selection_winner_is_accepted"),
        ]

    def __str__(self):
        return f"Заявка «{self.practice}» на отбор «{self.selection}»"


# --- Club of Strategic Initiatives (F-TRACK-5, 4.4.9)


class KsiSession(models.Model):
    """A session of the Club of Strategic Initiatives: preliminary review of the regions' proposals
    received on an Agency request (4.4.9), with its participants and protocol."""

    date = models.DateField("Дата заседания", default=datetime.date.today)
    title = models.CharField("Тема заседания", max_length=300)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="Участники (пользователи платформы)",
                                          blank=True, related_name="ksi_sessions")
    external_participants = models.TextField(
        "Другие участники", blank=True,
        help_text="Представители регионов-лидеров, регионов профильной комиссии Госсовета, подразделений "
                  "Агентства и общественные представители — по одному в строке (ФИО, должность, организация).")
    protocol = models.ForeignKey("files.StoredFile", verbose_name="Протокол заседания", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField("Примечания", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Внёс", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Внесено", default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "заседание Клуба стратегических инициатив"
        verbose_name_plural = "заседания Клуба стратегических инициатив"

    def __str__(self):
        return f"Заседание КСИ {self.date:%d.%m.%Y}: {self.title}"

    def get_absolute_url(self):
        return reverse("selections:ksi_detail", args=[self.pk])

    def external_participant_list(self):
        return [line.strip() for line in self.external_participants.splitlines() if line.strip()]


class KsiOutcome(models.TextChoices):
    RECOMMENDED = "recommended", "Рекомендована"
    NOT_ADMITTED = "not_admitted", "Не допущена"


class KsiDecision(models.Model):
    """One line of the session's protocol: a practice recommended or not admitted, with the reason."""

    session = models.ForeignKey(KsiSession, verbose_name="Заседание", on_delete=models.CASCADE,
                                related_name="decisions")
    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.PROTECT,
                                 related_name="ksi_decisions")
    outcome = models.CharField("Решение", max_length=20, choices=KsiOutcome.choices)
    reason = models.TextField("Обоснование", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Внёс", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("Внесено", default=timezone.now)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = "решение заседания КСИ"
        verbose_name_plural = "решения заседаний КСИ"
        constraints = [
            models.UniqueConstraint(fields=["session", "practice"], name="ksi_decision_once_per_session"),
            models.CheckConstraint(condition=~Q(outcome="not_admitted") | ~Q(reason=""),
                                   name="ksi_not_admitted_has_reason"),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_outcome_display()}"

    def clean(self):
        if self.outcome == KsiOutcome.NOT_ADMITTED and not (self.reason or "").strip():
            raise ValidationError({"reason": "Укажите причину, по которой практика не допущена."})


# --- a practice's life after publication (issue 21): the yearly audit and archiving proposals
from validation.lifecycle.models_archiving import (  # noqa: E402, F401  (re-exported; models registered here)
    ArchiveProposal,
    AuditOutcome,
    AuditRecord,
    ProposalOrigin,
    ProposalState,
)

# --- a practice's stewardship after publication (issue 21: 4.1.11, 4.1.12; F-ARCH-2, F-ACC-5)
from validation.lifecycle.models_stewardship import (  # noqa: E402, F401
    AuthorReplacement,
    AuthorSilence,
    ContactReason,
    ContactUpdateRequest,
    ReplacementRequester,
    ReplacementState,
)
