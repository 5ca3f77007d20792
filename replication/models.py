"""Replication (SPEC §8, §9; regulation 5.1–5.3, Прил.4): «Хочу внедрить» requests and their state
machine, the Прил.4 steps inside the states, documents, the per-request message thread, events of the
plan-schedule and the federal-district curators' records of regions' interest.

Transitions change the state only; who/when, history, notices and deadlines are the job of
``replication/services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from practices.models import MeasuredResult
from smarteka.fsm import ConcurrentTransitionMixin  # django-fsm's, state fields found once (issue 17)
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import transition_permission

# --- events of the plan-schedule (F-EVT-1, 5.2, Прил.4 part 1)


class Event(models.Model):
    """An event informing regions about practices recommended for replication (5.2.3–5.2.6)."""

    title = models.CharField("Название мероприятия", max_length=300)
    format = models.ForeignKey("practices.EventFormat", verbose_name="Формат", on_delete=models.PROTECT,
                               related_name="+")
    date = models.DateField("Дата проведения")
    place = models.CharField("Место проведения", max_length=300)
    organiser = models.CharField("Организатор (структурное подразделение Агентства)", max_length=300)
    programme = models.TextField("Программа мероприятия", blank=True)
    speakers = models.TextField("Ключевые спикеры", blank=True)
    practices = models.ManyToManyField("practices.Practice", verbose_name="Презентуемые практики", blank=True,
                                       related_name="presented_at_events")
    invited_regions = models.ManyToManyField("regions.Region", verbose_name="Приглашённые регионы", blank=True,
                                             related_name="invited_to_events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем внесено", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Когда внесено", auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "мероприятие"
        verbose_name_plural = "план-график мероприятий"

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("replication:event_detail", args=[self.pk])

    @property
    def is_held(self):
        return self.date <= timezone.localdate()


class Interest(models.TextChoices):
    INTERESTED = "interested", "Заинтересован во внедрении"
    UNDECIDED = "undecided", "Не определился"
    NOT_INTERESTED = "not_interested", "Не заинтересован"


class RegionInterest(models.Model):
    """A federal-district curator's record of a participating region's feedback on a presented
    practice after an event (5.3.1.1, F-EVT-2)."""

    event = models.ForeignKey(Event, verbose_name="Мероприятие", on_delete=models.CASCADE,
                              related_name="interests")
    region = models.ForeignKey("regions.Region", verbose_name="Регион", on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="+")
    interest = models.CharField("Обратная связь", max_length=20, choices=Interest.choices)
    comment = models.TextField("Комментарий", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем записано", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("Когда записано", default=timezone.now)
    offered_at = models.DateTimeField("Когда региону предложено внедрить практику", null=True, blank=True)

    class Meta:
        ordering = ["event", "region__name", "pk"]
        verbose_name = "обратная связь региона"
        verbose_name_plural = "обратная связь регионов"
        constraints = [
            models.UniqueConstraint(fields=["event", "region", "practice"], name="regioninterest_once",
                                    violation_error_message="Обратная связь этого региона по этой практике "
                                                            "уже записана."),
        ]

    def __str__(self):
        return f"{self.region}: {self.get_interest_display()} ({self.practice})"


class InterestSummary(models.Model):
    """The summary of interested regions a curator passes to the Agency's profile unit (5.3.1.1)."""

    event = models.ForeignKey(Event, verbose_name="Мероприятие", on_delete=models.CASCADE,
                              related_name="summaries")
    federal_district = models.ForeignKey("regions.FederalDistrict", verbose_name="Федеральный округ", null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("Сводная информация")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем передана", null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("Когда передана", default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "сводка о заинтересованности регионов"
        verbose_name_plural = "сводки о заинтересованности регионов"

    def __str__(self):
        return f"Сводка по мероприятию «{self.event.title}» от {self.sent_at:%d.%m.%Y}"


# --- the replication request (F-REP-1 … F-REP-6)


class RequestState(models.TextChoices):
    REQUESTED = "requested", "Хочу внедрить"
    ASSIGNED = "assigned", "Назначен модератор"
    IN_PROGRESS = "in_progress", "Внедряется"
    DONE = "done", "Внедрено"
    DECLINED = "declined", "Отказ реципиента"
    REFUSED = "refused", "Отказ Агентства"
    DISMISSED = "dismissed", "Отклонена без рассмотрения"


OPEN_STATES = (RequestState.REQUESTED, RequestState.ASSIGNED, RequestState.IN_PROGRESS)
CLOSED_STATES = (RequestState.DONE, RequestState.DECLINED, RequestState.REFUSED, RequestState.DISMISSED)


class RefusalGround(models.TextChoices):
    """5.3.3, word for word (REFERENCE_LISTS.md §4)."""

    NO_AUTHORITY = "no_authority", ("отсутствия соответствующих полномочий для внедрения практики у реципиента, "
                                    "согласно подпункту 3.1.1 настоящего Регламента")
    CONTACTS = "contacts", "отсутствия или неверно предоставленных контактных данных реципиента"
    IGNORING = "ignoring", "игнорирования звонков и сообщений модератора внедрения в течение месяца"


class DismissalGround(models.TextChoices):
    """5.1.1, the last paragraph: when the implementation moderator may dismiss without review."""

    POSITION = "position", ("указанная в профиле «Реципиента» информация не соответствует установленным в "
                            "настоящем Регламенте требованиям к полномочиям и должности")
    PROFILE = "profile", "профиль «Реципиента» заполнен не полностью"


ONE_OPEN_MESSAGE = ("От вашего региона уже есть открытая заявка на внедрение этой практики: дождитесь её "
                    "рассмотрения или завершения.")


class ReplicationRequest(ConcurrentTransitionMixin, models.Model):
    """A region's request to implement a published practice («Хочу внедрить», 5.1.1, 5.3)."""

    S = RequestState

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.PROTECT,
                                 related_name="replication_requests")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Реципиент", on_delete=models.PROTECT,
                                  related_name="replication_requests")
    recipient_region = models.ForeignKey("regions.Region", verbose_name="Регион-реципиент",
                                         on_delete=models.PROTECT, related_name="replication_requests")
    state = FSMField("Статус", max_length=20, choices=RequestState.choices, default=RequestState.REQUESTED,
                     protected=True, db_index=True)

    # the form of 5.1.1
    event = models.ForeignKey(Event, verbose_name="Мероприятие, на котором вы узнали о практике", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="requests")
    event_other = models.CharField("Другое мероприятие или источник", max_length=300, blank=True)
    confirms_studied = models.BooleanField(
        "Внимательно изучил(а) описание практики и все приложенные к ней дополнительные материалы", default=False)
    confirms_ready = models.BooleanField("Готов(а) приступить к внедрению практики в своём регионе", default=False)
    confirms_cooperation = models.BooleanField("Готов(а) к взаимодействию с модератором внедрения и автором практики",
                                               default=False)
    undertakes_documents = models.BooleanField(
        "Обязуюсь предоставить модератору внедрения документы, подтверждающие внедрение практики в субъекте "
        "Российской Федерации («дорожную карту», разработанные или доработанные нормативные правовые акты, "
        "распорядительные документы), для их загрузки на платформу", default=False)
    # the recipient's profile as it was at submission (5.1.1 is judged on it)
    recipient_position = models.CharField("Должность (на момент заявки)", max_length=300, blank=True)
    recipient_organisation = models.CharField("Организация (на момент заявки)", max_length=300, blank=True)
    comment = models.TextField("Комментарий реципиента", blank=True)
    created_at = models.DateTimeField("Подана", default=timezone.now)
    updated_at = models.DateTimeField("Изменена", auto_now=True)

    # assignment (5.3.1.3) and the Прил.4 steps
    implementation_moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Модератор внедрения", null=True, blank=True,
        on_delete=models.PROTECT, related_name="moderated_replication_requests")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем назначен модератор", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField("Когда назначен модератор", null=True, blank=True)
    contacted_at = models.DateTimeField("Модератор связался с реципиентом", null=True, blank=True)
    kickoff_held_at = models.DateTimeField("Проведена установочная встреча", null=True, blank=True)
    readiness_confirmed_at = models.DateTimeField("Реципиент уведомил о готовности начать внедрение", null=True,
                                                  blank=True)
    roadmap_uploaded_at = models.DateTimeField("Загружена дорожная карта или иной документ", null=True,
                                               blank=True)
    started_at = models.DateTimeField("Переведена в «Внедряется»", null=True, blank=True)
    last_recipient_activity_at = models.DateTimeField("Последнее действие реципиента", null=True, blank=True)

    # completion (5.3.1.5, 5.3.1.6): the result report
    implementation_started_on = models.DateField("Дата начала внедрения", null=True, blank=True)
    implementation_finished_on = models.DateField("Дата завершения внедрения", null=True, blank=True)
    adaptation = models.TextField("Как практика адаптирована для реализации в регионе", blank=True)
    first_results = models.TextField("Первичные полученные результаты", blank=True)
    expected_effects = models.TextField("Ожидаемые эффекты", blank=True)
    completion_notified_at = models.DateTimeField("Реципиент уведомил о завершении внедрения", null=True,
                                                  blank=True)
    report_checked_at = models.DateTimeField("Отчёт проверен модератором внедрения", null=True, blank=True)
    report_checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем проверен отчёт", null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField("Переведена в «Внедрено»", null=True, blank=True)

    # closing without implementation
    refusal_ground = models.CharField("Основание отказа (п. 5.3.3)", max_length=20, choices=RefusalGround.choices,
                                      blank=True)
    dismissal_ground = models.CharField("Основание отклонения (п. 5.1.1)", max_length=20,
                                        choices=DismissalGround.choices, blank=True)
    closing_reason = models.TextField("Причина", blank=True)
    closed_at = models.DateTimeField("Закрыта", null=True, blank=True)
    refusal_proposed_at = models.DateTimeField("Предложен отказ (реципиент не отвечает месяц)", null=True,
                                               blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "заявка на тиражирование"
        verbose_name_plural = "заявки на тиражирование"
        permissions = [("moderate_replication", "Модератор внедрения этой заявки")]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "recipient_region"],
                condition=Q(state__in=["requested", "assigned", "in_progress"]),
                name="replication_one_open_per_region",
                violation_error_message=ONE_OPEN_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["state", "practice"]), models.Index(fields=["recipient_region", "state"]),
                   # issue 17 item 2: the oldest-first lists (cabinet, queues) read in this order
                   models.Index(fields=["created_at"], name="replication_created")]

    def __str__(self):
        return f"Заявка № {self.pk}: {self.recipient_region} — «{self.practice}»"

    def get_absolute_url(self):
        return reverse("replication:request_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def event_label(self):
        return str(self.event) if self.event_id else self.event_other

    # --- the steps of Прил.4 as guards
    def has_roadmap(self):
        """«Дорожной карты или иного документа» (5.3.1.4): any document of the request but the
        completion letter stands for the start; the ASI moderator checks what it is."""
        return (self.roadmap_uploaded_at is not None
                and self.documents.filter(kind__in=START_DOCUMENT_KINDS).exists())

    def has_official_letter(self):
        return self.documents.filter(kind=DocumentKind.LETTER).exists()

    def has_materials(self):
        """The additional materials attached to the letter (5.3.1.5), checked by the moderator (5.3.1.6)."""
        return self.documents.filter(kind=DocumentKind.MATERIAL).exists()

    def has_report(self):
        """The result form, the official letter and the additional materials (5.3.1.5, 5.3.1.6)."""
        return bool(self.completion_notified_at and self.implementation_started_on and self.adaptation
                    and self.first_results and self.expected_effects and self.has_official_letter()
                    and self.has_materials())

    def report_is_checked(self):
        return self.report_checked_at is not None and self.has_report()

    def steps(self):
        """The Прил.4 steps with when each happened (None: not yet), for the request page."""
        return [
            ("Назначен модератор внедрения", self.assigned_at),
            ("Модератор внедрения связался с реципиентом", self.contacted_at),
            ("Проведена установочная встреча", self.kickoff_held_at),
            ("Реципиент уведомил о готовности начать внедрение", self.readiness_confirmed_at),
            ("Загружена дорожная карта или иной документ", self.roadmap_uploaded_at),
            ("Практика внедряется", self.started_at),
            ("Реципиент уведомил о завершении внедрения", self.completion_notified_at),
            ("Отчёт проверен модератором внедрения", self.report_checked_at),
            ("Практика внедрена", self.done_at),
        ]

    # --- transitions (state only)
    @transition(field=state, source=RequestState.REQUESTED, target=RequestState.ASSIGNED,
                permission=transition_permission("assign_implementation_moderator"))
    def assign(self):
        """The ASI moderator assigns an implementation moderator (5.3.1.3)."""

    @transition(field=state, source=RequestState.ASSIGNED, target=RequestState.IN_PROGRESS,
                conditions=[has_roadmap], permission=transition_permission("start_implementation"))
    def start(self):
        """The ASI moderator checks a roadmap or another document is uploaded and sets «Внедряется» (5.3.1.4)."""

    @transition(field=state, source=RequestState.IN_PROGRESS, target=RequestState.DONE,
                conditions=[report_is_checked], permission=transition_permission("complete_implementation"))
    def complete(self):
        """The ASI moderator sets «Внедрено» after the moderator's check (5.3.1.6)."""

    @transition(field=state, source=list(OPEN_STATES), target=RequestState.DECLINED,
                permission=transition_permission("decline_replication"))
    def decline(self):
        """The recipient informs of the decision not to implement (5.3.4)."""

    @transition(field=state, source=list(OPEN_STATES), target=RequestState.REFUSED,
                permission=transition_permission("refuse_replication"))
    def refuse(self):
        """The Agency refuses on a ground of 5.3.3."""

    @transition(field=state, source=[RequestState.REQUESTED, RequestState.ASSIGNED], target=RequestState.DISMISSED,
                permission=transition_permission("dismiss_replication"))
    def dismiss(self):
        """The implementation moderator dismisses without review (5.1.1)."""


class DocumentKind(models.TextChoices):
    ROADMAP = "roadmap", "Дорожная карта"
    ACT = "act", "Нормативный правовой акт или распорядительный документ"
    LETTER = "letter", "Официальное письмо за подписью руководителя"
    MATERIAL = "material", "Дополнительные материалы"
    OTHER = "other", "Иной документ"


# 5.3.1.4 «дорожной карты или иного документа»: every kind but the completion letter of 5.3.1.5
START_DOCUMENT_KINDS = (DocumentKind.ROADMAP, DocumentKind.ACT, DocumentKind.MATERIAL, DocumentKind.OTHER)


class RequestDocument(models.Model):
    """A document of a request: roadmap, acts, the official letter, materials (5.1.1, 5.3.1.5)."""

    request = models.ForeignKey(ReplicationRequest, verbose_name="Заявка", on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField("Вид документа", max_length=20, choices=DocumentKind.choices)
    file = models.ForeignKey("files.StoredFile", verbose_name="Файл", on_delete=models.PROTECT, related_name="+")
    comment = models.CharField("Комментарий", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Загрузил", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("Загружен", default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = "документ заявки"
        verbose_name_plural = "документы заявки"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file}"


class ReplicationResult(MeasuredResult):
    """F-PLUS-1 / F-REP-4: a measured result of the practice in the recipient region, recorded with the
    result report — the author's indicator (``practice_result``) with the recipient's own before/after, so
    the practice page compares the author region's effect with the adopters'. Choice: the rows are
    optional (5.3.1.5 asks for «первичные результаты» in words), pre-filled from the practice's rows."""

    request = models.ForeignKey(ReplicationRequest, verbose_name="Заявка", on_delete=models.CASCADE,
                                related_name="results")
    practice_result = models.ForeignKey("practices.PracticeResult", verbose_name="Показатель практики", null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="adopter_results")

    class Meta(MeasuredResult.Meta):
        verbose_name = "результат внедрения"
        verbose_name_plural = "результаты внедрения"


class Message(models.Model):
    """One message of the request's thread (F-REP-6)."""

    request = models.ForeignKey(ReplicationRequest, verbose_name="Заявка", on_delete=models.CASCADE,
                                related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Автор сообщения", null=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = models.TextField("Сообщение")
    attachments = models.ManyToManyField("files.StoredFile", verbose_name="Вложения", blank=True, related_name="+")
    created_at = models.DateTimeField("Отправлено", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "сообщение"
        verbose_name_plural = "сообщения"

    def __str__(self):
        return f"{self.author}: {self.body[:50]}"
