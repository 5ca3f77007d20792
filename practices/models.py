"""Models of the practices app: reference data, the practice with its passport and state machine,
results, third parties, materials, team, versions. The enums live in ``practices.enums`` and the
catalogue's models in ``practices.models_catalogue``; both are re-exported here."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django_fsm import GET_STATE, FSMField, transition

from practices.enums import (  # noqa: F401  (re-exported: ``from practices.models import PracticeState``)
    ACTUALIZATION_STATES,
    EDITABLE_STATES,
    LEVEL_DESCRIPTIONS,
    LEVELS_INTRO,
    PERSONAL_DATA_KINDS,
    PUBLIC_STATES,
    REVISION_RETURN_STATES,
    WINDOW_RATING_KINDS,
    Level,
    MaterialKind,
    PracticeState,
    RatingKind,
    Track,
)
from practices.models_catalogue import (  # noqa: F401  (re-exported, F-CAT-1, F-CAT-4)
    Appreciation,
    DigestIssue,
    DigestSubscription,
    SearchSynonym,
    SearchWord,
)
from practices.models_reference import (  # noqa: F401  (re-exported, F-REF-2 … F-REF-6)
    Category,
    CategoryResponsibleBody,
    CategorySet,
    CostRange,
    EventFormat,
    ImplementationMethod,
    OrganisationType,
    Rating,
    RatingIndicator,
    SubmissionWindow,
    SubmissionWindowQuerySet,
)
from practices.models_revision import PointStatus, RevisionPoint  # noqa: F401  (F-PLUS-8)
from practices.models_subscriptions import Subscription, SubscriptionSent  # noqa: F401  (F-PLUS-5)
from practices.submission.completeness import submission_problems
from smarteka.fsm import ConcurrentTransitionMixin  # django-fsm's, state fields found once (issue 17)
from smarteka.history.services import last_transition
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import transition_permission

# --- the practice and its passport (F-PASS-1 … F-PASS-5, SPEC §6 states)

# a return into revision is one from a review stage: not the creation, a revision step or a draft
REVISION_NOT_FROM = ("", PracticeState.REVISION, PracticeState.DRAFT)


# issue 17 item 2: the long passport texts (and the search vector, stored in the row) that list pages never
# show — ``.defer(*PRACTICE_TEXT)`` keeps rows narrow where many practices are joined or sorted
PRACTICE_TEXT = ("search_vector", "goal", "tasks", "essence", "audience_main", "audience_secondary", "results_main",
                 "results_additional", "roadmap_steps", "normative_acts", "specifics", "support_offered")


class Practice(ConcurrentTransitionMixin, models.Model):
    """A practice and its passport (Прил.2). Fields are blank in a draft; what submission needs is
    checked by ``submission_problems()`` (F-PASS-4), not by the database."""

    author = models.ForeignKey("accounts.User", verbose_name="Автор", on_delete=models.PROTECT,
                               related_name="authored_practices")
    region = models.ForeignKey("regions.Region", verbose_name="Регион-автор", on_delete=models.PROTECT,
                               related_name="practices")
    state = FSMField("Статус", default=PracticeState.DRAFT, choices=PracticeState.choices, protected=True,
                     db_index=True)
    track = models.CharField("Трек подачи", max_length=30, choices=Track.choices,
                             default=Track.REGIONAL_INITIATIVE)

    # 1–6: what the practice is
    title = models.CharField("Как называется практика?", max_length=110, blank=True)
    goal = models.TextField("Для достижения какой цели она была создана?", blank=True)
    tasks = ArrayField(models.TextField(), verbose_name="Какие задачи вы перед собой ставили для достижения цели?",
                       default=list, blank=True)
    essence = models.TextField("Опишите суть практики", blank=True)
    audience_main = models.TextField("Главные целевые аудитории", blank=True)
    audience_secondary = models.TextField("Второстепенные целевые аудитории", blank=True)
    results_main = models.TextField("Главные результаты", blank=True)
    results_additional = models.TextField("Дополнительные результаты", blank=True)
    # F-PLUS-1: set by migration 0015_impact_from_text where the free-text results held figures that did
    # not parse into rows; the author is asked to fill the rows (cleared once the results have rows)
    results_rows_requested = models.BooleanField("Нужно заполнить количественные результаты", default=False)
    # 7–8
    category = models.ForeignKey(Category, verbose_name="Категория", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="practices")
    rating_indicators = models.ManyToManyField("RatingIndicator", verbose_name="Показатели рейтингов",
                                               blank=True, related_name="practices")
    organisation_type = models.ForeignKey(OrganisationType, verbose_name="Тип организации", null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField("Название организации", max_length=300, blank=True)
    # 10: cover (a StoredFile, private until publication) and its public thumbnail for cards
    cover = models.ForeignKey("files.StoredFile", verbose_name="Обложка карточки практики", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    cover_thumbnail = models.ImageField("Миниатюра обложки", upload_to="covers/", blank=True)
    # 11–18: implementation
    implemented_regions = models.ManyToManyField("regions.Region", verbose_name="Другие регионы, где внедрена",
                                                 blank=True, related_name="implemented_practices")
    implementation_year = models.PositiveSmallIntegerField("Год реализации практики", null=True, blank=True)
    is_leader_project = models.BooleanField(
        "Практика реализации лидерского проекта АСИ / идеи ТОП-100 Форума", default=False)
    cost_range = models.ForeignKey("CostRange", verbose_name="Сколько стоила реализация?", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    implementation_methods = models.ManyToManyField(
        "ImplementationMethod", verbose_name="Каким образом можно внедрить практику в другом регионе?",
        blank=True, related_name="+")
    implementation_method_other = models.CharField("Другой способ внедрения", max_length=300, blank=True)
    roadmap_steps = ArrayField(models.TextField(), verbose_name="Основные шаги плана реализации практики",
                               default=list, blank=True)
    normative_acts = models.TextField("Нормативные правовые акты и принятые меры", blank=True)
    months_to_launch = models.PositiveSmallIntegerField("Сколько месяцев потребовалось для запуска практики",
                                                        null=True, blank=True)
    specifics = models.TextField("Особенности, которые нужно учесть при внедрении", blank=True)
    support_offered = models.TextField("Поддержка, кроме консультационной, при внедрении", blank=True)
    level = models.PositiveSmallIntegerField("Уровень практики", null=True, blank=True, choices=Level.choices)
    # confirmations (4.1.6, 4.1.7)
    confirms_criteria = models.BooleanField("Практика соответствует критериям п. 2.1.5 Регламента", default=False)
    confirms_accuracy = models.BooleanField("Гарантирую достоверность сведений", default=False)
    confirms_consulting = models.BooleanField("Согласен оказывать консультационную помощь при тиражировании",
                                              default=False)

    created_at = models.DateTimeField("Создана", auto_now_add=True)
    updated_at = models.DateTimeField("Изменена", auto_now=True)
    submitted_at = models.DateTimeField("Подана", null=True, blank=True)
    published_at = models.DateTimeField("Опубликована", null=True, blank=True)
    # validation (issue 6, feat/validation): routing, packaging, fast track, rejection (SPEC §6)
    expert_moderator = models.ForeignKey(
        "accounts.User", verbose_name="Эксперт-модератор", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="moderated_practices", help_text="Кому модератор АСИ направил практику на упаковку (Прил.1)")
    packaged_at = models.DateTimeField("Упакована", null=True, blank=True)
    # F-VAL-7, issue 17: when the practice entered its current state — written by every transition that
    # changes the state (practices.signals.stage_started), so the review queues sort the longest-waiting
    # first from an index instead of looking up each practice's history (migration 0019 filled it from
    # the history); empty for a practice whose history does not say
    stage_started_at = models.DateTimeField("В текущем статусе с", null=True, blank=True, editable=False)
    evaluation_ordered = models.BooleanField(
        "Модератор АСИ назначил экспертную оценку", default=False,
        help_text="Для практик по рекомендации комиссии Госсовета / ФОИВ экспертиза не обязательна (4.4.1)")
    rejection_grounds = ArrayField(models.TextField(), verbose_name="Основания отклонения", default=list,
                                   blank=True)

    # --- catalogue (F-CAT-1, F-CAT-2; migration 0006_catalogue)
    archive_ground = models.TextField("Основание перевода в Базу знаний", blank=True)
    archived_at = models.DateTimeField("Переведена в Базу знаний", null=True, blank=True)  # issue 21, F-ARCH-1
    # written only by the database trigger of migration 0006_catalogue (weights: A name, B goal and
    # essence, C the rest of the passport, D category and region names)
    search_vector = SearchVectorField(null=True, editable=False)

    # --- actualization (4.5, F-ACT-1): the author's edit of a published practice is a copy of it under
    # review (state ``actualization``), pointing at the published practice it will replace once accepted
    actualization_of = models.ForeignKey(
        "self", verbose_name="Актуализация практики", null=True, blank=True, on_delete=models.CASCADE,
        related_name="actualizations")
    actualized_at = models.DateTimeField("Актуализирована", null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "практика"
        verbose_name_plural = "практики"
        indexes = [models.Index(fields=["state", "region"]),
                   GinIndex(fields=["search_vector"], name="practice_search_gin"),  # catalogue
                   # «Мои практики» (issue 17 item 2): the author's newest page and count from the index alone
                   models.Index(fields=["author", "-updated_at", "-id"], include=["state", "actualization_of"],
                                name="practice_author_updated"),
                   # the review queues' sections (validation/queues.py): a state's longest-waiting first
                   models.Index(fields=["state", "stage_started_at", "id"], name="practice_stage_queue")]

    LIST_DEFER = PRACTICE_TEXT  # what a list of objects of any kind never shows (smarteka.cabinet_providers)
    # what ``__str__`` reads, and the state django-fsm reads on every load (the lists' ``only()``, issue 17)
    NAME_FIELDS = ("title", "state")

    def __str__(self):
        return self.title or f"Черновик практики № {self.pk}"

    def get_absolute_url(self):
        """The public practice page (F-CAT-3); for an unpublished practice it leads those allowed to the preview."""
        return reverse("practices:detail", args=[self.pk])

    # --- the author's transitions (SPEC §6; side effects live in practices/services.py)

    def submission_problems(self, today=None, *, window=True, year=True):
        """Russian sentences, every unmet condition of F-PASS-4 at once
        (see practices/submission/completeness.py)."""
        return submission_problems(self, today=today, window=window, year=year)

    def has_no_actualization_problems(self):
        """F-ACT-1: the actualized passport is complete (no window, no three-year rule)."""
        return not self.submission_problems(window=False, year=False)

    def has_no_submission_problems(self):
        return not self.submission_problems()

    def has_no_resubmission_problems(self):
        # choice: the submission window (4.3.1) is checked once, at the first submission
        return not self.submission_problems(window=False)

    def revision_return_state(self):
        """The stage that sent the practice back: ``from_state`` of the last transition into
        ``revision`` in the history (F-VAL-8); regional review when there is none."""
        last = last_transition(self, PracticeState.REVISION, exclude_from=REVISION_NOT_FROM)
        if last is None:
            return PracticeState.REGIONAL_REVIEW
        # experts approved by majority but asked for additions (4.4.8): the revised practice goes on to
        # the next stage without a new vote
        if last.from_state == PracticeState.EXPERT_REVIEW and last.action == "experts_approve_with_additions":
            return self.state_after_experts()
        return last.from_state

    @transition(field=state, source=PracticeState.DRAFT, target=PracticeState.REGIONAL_REVIEW,
                conditions=[has_no_submission_problems], permission=transition_permission("submit_practice"))
    def submit(self):
        """The author submits the passport to the regional coordinator (4.1.8)."""

    @transition(field=state, source=PracticeState.REVISION,
                target=GET_STATE(lambda practice: practice.revision_return_state(),
                                 states=REVISION_RETURN_STATES),
                conditions=[has_no_resubmission_problems], permission=transition_permission("submit_practice"))
    def resubmit(self):
        """The revised passport goes back to the stage that returned it (SPEC §6, 4.1.9)."""

    # --- validation (issue 6, feat/validation): fields and the reviewers' transitions (SPEC §6).
    # Transition methods change the state only; side effects (history, notices, deadlines, files) live
    # in validation/services.py, whose one entry point ``move`` runs every transition below.

    REVIEW_STATES = (PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
                     PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH)

    def claims_investment_rating(self):
        """Tagged with an indicator of the investment-climate rating: verified by the rating committee
        after the experts (Прил.3)."""
        if self.pk is None:
            return False
        return self.rating_indicators.filter(rating__kind=Rating.Kind.INVESTMENT).exists()

    def window_ratings(self):
        """The investment and quality-of-life ratings the practice's indicators belong to (4.3.1)."""
        if not self.pk:
            return []
        return list(Rating.objects.filter(indicators__practices=self, kind__in=WINDOW_RATING_KINDS)
                    .distinct().order_by("order", "name"))

    def state_after_experts(self):
        return (PracticeState.RATING_COMMITTEE if self.claims_investment_rating()
                else PracticeState.READY_TO_PUBLISH)

    def regional_document_kinds(self):
        """Material kinds that confirm the practice for the region (4.1.8): the agency's request letter
        on the agency-request track; otherwise the regional interdepartmental commission's protocol
        (on the State Council track the commission's / federal body's letter and protocol count too)."""
        if self.track == Track.AGENCY_REQUEST:
            return [MaterialKind.AGENCY_LETTER]
        if self.track == Track.STATE_COUNCIL:
            return [MaterialKind.COMMISSION_PROTOCOL, MaterialKind.STATE_COUNCIL_LETTER]
        return [MaterialKind.COMMISSION_PROTOCOL]

    def has_regional_confirmation_document(self):
        return self.materials.filter(kind__in=self.regional_document_kinds()).exists()

    def is_packaged(self):
        return self.packaged_at is not None and self.expert_moderator_id is not None

    def is_fast_track(self):
        return self.track == Track.STATE_COUNCIL

    def is_recent_enough(self):
        """2.1.5 p.1: implemented no earlier than three years before the year of publication — checked again
        when the practice is published (a practice submitted in December may be published in January)."""
        return not self.implementation_year or self.implementation_year >= timezone.localdate().year - 3

    def has_state_council_letter(self):
        """The recommending letter and protocol (3.2.2) are attached: only then the simplified procedure."""
        return self.materials.filter(kind=MaterialKind.STATE_COUNCIL_LETTER).exists()

    def may_skip_expert_review(self):
        return self.is_fast_track() and not self.evaluation_ordered

    @transition(field=state, source=PracticeState.REGIONAL_REVIEW, target=PracticeState.PACKAGING,
                conditions=[has_regional_confirmation_document], permission=transition_permission("confirm_regionally"))
    def confirm_regionally(self):
        """Stage 1: the region's coordinator confirms (4.1.8, F-VAL-1)."""

    @transition(field=state, source=list(REVISION_RETURN_STATES), target=PracticeState.REVISION,
                permission=transition_permission("return_for_revision"))
    def return_for_revision(self):
        """Any review stage returns the passport to the author for 5 working days (4.1.9, F-VAL-5)."""

    @transition(field=state, source=[*REVISION_RETURN_STATES, PracticeState.REVISION], target=PracticeState.REJECTED,
                permission=transition_permission("reject_practice"))
    def reject(self):
        """Any review stage rejects, each actor on its own grounds (4.1.8, the grounds after 4.1.9); the ASI
        moderator also refuses a practice on revision (4.1.9: «непредставления дополнительных материалов»)."""

    @transition(field=state, source=PracticeState.PACKAGING, target=PracticeState.EXPERT_REVIEW,
                conditions=[is_packaged], permission=transition_permission("start_expert_review"))
    def start_expert_review(self):
        """The ASI moderator sends the packaged practice to expert evaluation (Прил.1, F-VAL-2)."""

    @transition(field=state, source=PracticeState.PACKAGING, target=PracticeState.READY_TO_PUBLISH,
                conditions=[is_packaged, may_skip_expert_review, has_state_council_letter], permission=transition_permission("skip_expert_review"))
    def skip_expert_review(self):
        """F-TRACK-2: a recommended practice goes from packaging towards publication (4.4.1)."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW,
                target=GET_STATE(lambda practice: practice.state_after_experts(),
                                 states=[PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH]),
                permission=transition_permission("close_expert_review"))
    def experts_approve(self):
        """Majority approve (4.4.8): the rating committee for investment-rating practices, else publication."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW, target=PracticeState.REVISION,
                permission=transition_permission("close_expert_review"))
    def experts_approve_with_additions(self):
        """Majority approve, some asked for additions (4.4.8): the author revises, then the practice goes on
        to the next stage without a new vote (``revision_return_state``)."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW, target=PracticeState.REJECTED,
                permission=transition_permission("close_expert_review"))
    def experts_reject(self):
        """Majority reject (4.4.7–4.4.8)."""

    @transition(field=state, source=PracticeState.RATING_COMMITTEE, target=PracticeState.READY_TO_PUBLISH,
                permission=transition_permission("rating_confirm"))
    def rating_confirm(self):
        """The rating committee verified the claimed effect on the investment-climate rating (Прил.3)."""

    @transition(field=state, source=PracticeState.READY_TO_PUBLISH, target=PracticeState.PUBLISHED,
                conditions=[is_recent_enough], permission=transition_permission("publish_practice"))
    def publish(self):
        """The ASI moderator publishes the practice for replication (Прил.1, F-VAL-6)."""

    # --- a practice's life after publication (issue 21; services in validation/lifecycle/archiving.py)

    @transition(field=state, source=PracticeState.PUBLISHED, target=PracticeState.ARCHIVED,
                permission=transition_permission("archive_practice"))
    def archive(self):
        """The ASI moderator sends a published practice to the knowledge base on a proposal of the
        expert-moderator (4.2.1.4–4.2.1.5, 4.6.1, F-ARCH-1)."""

    @transition(field=state, source=PracticeState.ARCHIVED, target=PracticeState.PUBLISHED,
                permission=transition_permission("restore_from_archive"))
    def restore_from_archive(self):
        """The ASI moderator returns an archived practice to the catalogue (issue 21 item 4; the regulation
        is silent)."""
    # --- actualization (4.5.4–4.5.6, F-ACT-1): the copy's own transitions; side effects (copying the
    # accepted edit onto the published practice, clocks, notices) in validation/lifecycle/actualization.py

    @transition(field=state, source=PracticeState.ACTUALIZATION, target=PracticeState.ACTUALIZATION_REVIEW,
                conditions=[has_no_actualization_problems], permission=transition_permission("submit_actualization"))
    def submit_actualization(self):
        """The author sends the actualized passport to the expert-moderator (4.5.4)."""

    @transition(field=state, source=PracticeState.ACTUALIZATION_REVIEW, target=PracticeState.ACTUALIZATION,
                permission=transition_permission("review_actualization"))
    def return_actualization(self):
        """The expert-moderator (or the ASI moderator) returns the edit to the author with a comment."""

    @transition(field=state, source=PracticeState.ACTUALIZATION_REVIEW, target=PracticeState.ACTUALIZATION_ACCEPTED,
                permission=transition_permission("review_actualization"))
    def accept_actualization(self):
        """The edit is accepted: the service copies it onto the published practice; the copy stays closed
        with its history."""

    @transition(field=state, source=[s for s in PracticeState.values if s != PracticeState.DELETED],
                target=PracticeState.DELETED, permission=transition_permission("delete_practice"))
    def soft_delete(self):
        """Soft deletion (4.1.13): the ASI moderator's act on an official request, or the author's own draft
        never submitted. Named ``soft_delete`` rather than ``delete`` so that Django's ``Model.delete``
        (admin, cascades, tests) keeps its meaning."""

    def deleted_from_state(self):
        """The state the practice was deleted from: ``from_state`` of the last transition into «Удалена» in
        the history (F-VAL-8); None when the history has none."""
        last = last_transition(self, PracticeState.DELETED)
        return last.from_state if last is not None and last.from_state else None

    def was_deleted_from_a_state(self):
        return self.deleted_from_state() not in (None, PracticeState.DELETED)

    @transition(field=state, source=PracticeState.DELETED,
                target=GET_STATE(lambda practice: practice.deleted_from_state(),
                                 states=[s for s in PracticeState.values if s != PracticeState.DELETED]),
                conditions=[was_deleted_from_a_state], permission=transition_permission("restore_deleted"))
    def restore_deleted(self):
        """The ASI moderator recovers a deleted practice (4.1.13 soft deletion; choice: back to the state it
        was deleted from, read from the history, the recovery recorded like every transition)."""


class MeasuredResult(models.Model):
    """An indicator measured before and after (F-PLUS-1): the passport's results and the rows an adopting
    region reports for the same practice (``replication.ReplicationResult``)."""

    indicator = models.CharField("Показатель", max_length=300)
    unit = models.CharField("Единица измерения", max_length=50, blank=True)
    value_before = models.DecimalField("Значение до", max_digits=16, decimal_places=2)
    date_before = models.DateField("Дата значения «до»", null=True, blank=True)
    value_after = models.DecimalField("Значение после", max_digits=16, decimal_places=2)
    date_after = models.DateField("Дата значения «после»", null=True, blank=True)
    source = models.CharField("Источник данных", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.indicator


class PracticeResult(MeasuredResult):
    """A quantitative result: indicator, unit, before and after (F-PASS-1 results, F-PLUS-1)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="results")
    # F-PLUS-1: the rating indicator this result measures, where one fits (4.1.5)
    rating_indicator = models.ForeignKey(RatingIndicator, verbose_name="Показатель рейтинга", null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(MeasuredResult.Meta):
        verbose_name = "количественный результат"
        verbose_name_plural = "количественные результаты"


class ThirdParty(models.Model):
    """Item 15: a third-party organisation, the terms of interaction and its zone of responsibility."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="third_parties")
    name = models.CharField("Организация", max_length=300)
    terms = models.TextField("Условия взаимодействия")
    responsibility = models.TextField("Зона ответственности")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "сторонняя организация"
        verbose_name_plural = "сторонние организации"

    def __str__(self):
        return self.name


class Material(models.Model):
    """A material of the passport: an uploaded file (checked by content) or a link."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("Тип материала", max_length=40, choices=MaterialKind.choices)
    title = models.CharField("Название", max_length=300, blank=True)
    file = models.ForeignKey("files.StoredFile", verbose_name="Файл", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    url = models.URLField("Ссылка", max_length=500, blank=True)
    is_public = models.BooleanField("Показывать в каталоге", default=True)
    added_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = "материал практики"
        verbose_name_plural = "материалы практики"
        constraints = [
            models.CheckConstraint(condition=~Q(file__isnull=True, url=""), name="material_file_or_url"),
            # issue 13 item 11 (4.1.6, 152-ФЗ): personal-data consents are never public
            models.CheckConstraint(condition=~Q(kind__in=PERSONAL_DATA_KINDS, is_public=True),
                                   name="material_personal_data_private"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def display_name(self):
        """What the practice page calls it (issue 14, item 10): its own title, else the file's name, else
        the link — never the kind, which is the group's heading."""
        if self.title:
            return self.title
        if self.file_id:
            return self.file.original_name
        return self.url

    @property
    def format_label(self):
        """«PDF», «DOCX» … from the content check, or «ссылка»."""
        if not self.file_id:
            return "ссылка"
        return (self.file.extension or self.file.file_format or "").lstrip(".").upper()


class TeamMember(models.Model):
    """A member of the practice team (F-ACC-4): a registered user, or an e-mail invitation that turns
    into a member when the invited person registers. The author is a member too (choice of SPEC §1)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="team_memberships")
    invited_email = models.EmailField("E-mail приглашения", blank=True)
    invited_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    role_in_team = models.CharField("Роль в команде", max_length=200, blank=True)
    is_mentor = models.BooleanField("Наставник", default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "участник команды"
        verbose_name_plural = "команда практики"
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], condition=Q(user__isnull=False),
                                    name="team_member_unique_user"),
            models.UniqueConstraint(fields=["practice", "invited_email"], condition=~Q(invited_email=""),
                                    name="team_member_unique_invite"),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else self.invited_email


class PracticeVersion(models.Model):
    """Every submitted version of the passport, as a field-by-field snapshot (F-PASS-5)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("Версия")
    data = models.JSONField("Снимок паспорта")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice", "-number"]
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practice_version_unique")]
        verbose_name = "версия паспорта"
        verbose_name_plural = "версии паспорта"

    def __str__(self):
        return f"{self.practice} — версия {self.number}"


class VersionSeen(models.Model):
    """The version a reviewer last saw, so the diff shows what changed since their last look."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PracticeVersion, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "user"], name="version_seen_unique")]

    def __str__(self):
        return f"{self.user} видел версию {self.version.number}"



def completeness_prefetch():
    """``queryset.prefetch_related(*completeness_prefetch())``: what missing_by_section,
    materials_missing, team_missing and is_on_team read, fetched once for a whole list of practices."""
    return (*PASSPORT_PARTS, team_prefetch())


# what missing_by_section and materials_missing read besides the team
PASSPORT_PARTS = ("results", "rating_indicators", "implementation_methods", "materials")


def team_prefetch():
    """The team of each practice of a list, with the members' organisation types (``is_on_team``, the team's
    completeness)."""
    return Prefetch("team", queryset=TeamMember.objects.select_related("user__organisation_type").order_by("pk"))
