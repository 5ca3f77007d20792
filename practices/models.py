from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django_fsm import GET_STATE, ConcurrentTransitionMixin, FSMField, transition

# --- reference data (F-REF-2, F-REF-5); the practice itself comes with the passport issue


class CategorySet(models.Model):
    """Categories are data: the regulation's 10 (4.1.4) and the Amur decree's older 12 are two sets."""

    name = models.CharField("Название", max_length=200, unique=True)
    source = models.CharField("Источник", max_length=300, blank=True)
    is_current = models.BooleanField("Действующий набор", default=False)

    class Meta:
        verbose_name = "набор категорий"
        verbose_name_plural = "наборы категорий"

    def __str__(self):
        return self.name


class Category(models.Model):
    category_set = models.ForeignKey(CategorySet, verbose_name="Набор", on_delete=models.CASCADE,
                                     related_name="categories")
    name = models.CharField("Название", max_length=200)
    slug = models.SlugField("Код", max_length=80)
    definition = models.TextField("Определение", blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_unknown = models.BooleanField("«Я не знаю, что выбрать»", default=False)

    class Meta:
        ordering = ["category_set", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["category_set", "slug"], name="category_unique_slug")]
        verbose_name = "категория"
        verbose_name_plural = "категории"

    def __str__(self):
        return self.name


class OrganisationType(models.Model):
    """Only a regional executive body or its subordinate organisation may author a practice
    (2.1.5 p.3, Прил.2 «ВАЖНО»)."""

    name = models.CharField("Название", max_length=200, unique=True)
    may_author = models.BooleanField("Может быть автором практики", default=False)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "тип организации"
        verbose_name_plural = "типы организаций"

    def __str__(self):
        return self.name


class CategoryResponsibleBody(models.Model):
    """A region's executive body responsible for a category on the platform (F-REF-2; seed 000, Прил.1)."""

    category = models.ForeignKey(Category, verbose_name="Категория", on_delete=models.CASCADE,
                                 related_name="responsible_bodies")
    region = models.ForeignKey("regions.Region", verbose_name="Регион", on_delete=models.CASCADE,
                               related_name="category_bodies")
    name = models.CharField("Исполнительный орган", max_length=300)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["region", "category", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["category", "region", "name"],
                                               name="category_body_unique")]
        verbose_name = "ответственный исполнительный орган"
        verbose_name_plural = "ответственные исполнительные органы"

    def __str__(self):
        return f"{self.category} — {self.name}"


# --- practice levels (F-REF-5): fixed by the regulation, 2.1.6, so code rather than data


class Level(models.IntegerChoices):
    FIRST = 1, "1 уровень"
    SECOND = 2, "2 уровень"
    THIRD = 3, "3 уровень"


LEVELS_INTRO = (
    "Практики «Смартеки» делятся на три уровня реализации в соответствии с масштабом внедрения описываемой "
    "практики от комплексной управленческой модели по работе в конкретном направлении социально-экономического "
    "развития региона к системным практикам достижений конкретных целей в рамках актуальной для регионов "
    "повестки и инструментам, способствующим решению конкретных задач. Уровень практики определяется "
    "экспертом-модератором в процессе описания практики."
)

LEVEL_DESCRIPTIONS = {
    Level.FIRST: (
        "управленческие модели регионов-лидеров по работе в конкретном направлении социально-экономического "
        "развития (здравоохранение, образование, народосбережение, поддержка семьи, рождаемости, многодетности, "
        "инвестиционная привлекательность и т. д.)."
    ),
    Level.SECOND: (
        "системные практики регионов-лидеров, входящие в управленческие модели. Описывают работу региона по "
        "достижению конкретных целей в рамках одного из направлений социально-экономического развития."
    ),
    Level.THIRD: (
        "управленческие инструменты, являющиеся элементами системных практик и способствующие "
        "совершенствованию, ускорению, оптимизации процессов, в рамках реализации практики (цифровизация "
        "процессов, введение новых регламентов, протоколов, механизмов взаимодействия с населением и т. д.)."
    ),
}


# --- ratings and their indicators (F-REF-3, 4.1.4–4.1.5)


class Rating(models.Model):
    class Kind(models.TextChoices):
        INVESTMENT = "investment", "Рейтинг инвестиционной привлекательности"
        QUALITY_OF_LIFE = "quality_of_life", "Рейтинг качества жизни"
        OTHER = "other", "Другой рейтинг Агентства"

    name = models.CharField("Название", max_length=200, unique=True)
    full_name = models.CharField("Полное название", max_length=400, blank=True)
    slug = models.SlugField("Код", max_length=60, unique=True)
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "рейтинг Агентства"
        verbose_name_plural = "рейтинги Агентства"

    def __str__(self):
        return self.name


class RatingIndicator(models.Model):
    """An indicator a practice may be tagged with only if it directly improves it (4.1.5)."""

    rating = models.ForeignKey(Rating, verbose_name="Рейтинг", on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("Код", max_length=20)
    name = models.CharField("Показатель", max_length=300)
    group = models.CharField("Направление / группа показателей", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        ordering = ["rating__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rating", "code"], name="rating_indicator_unique_code")]
        verbose_name = "показатель рейтинга"
        verbose_name_plural = "показатели рейтингов"

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def affects_investment_rating(self):
        return self.rating.kind == Rating.Kind.INVESTMENT


# --- submission windows (F-REF-6, 4.3.1)


class SubmissionWindowQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens__lte=day, closes__gte=day)


class SubmissionWindow(models.Model):
    """Practices affecting the ratings are accepted during the three months after the official
    publication of a rating's results (4.3.1); both dates are inclusive."""

    rating = models.ForeignKey(Rating, verbose_name="Рейтинг", on_delete=models.CASCADE,
                               related_name="submission_windows")
    title = models.CharField("Название", max_length=200)
    results_published = models.DateField("Дата официальной публикации итогов рейтинга", null=True, blank=True)
    opens = models.DateField("Приём открыт с")
    closes = models.DateField("Приём открыт по")

    objects = SubmissionWindowQuerySet.as_manager()

    class Meta:
        ordering = ["opens", "rating__order"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gte=models.F("opens")),
                                              name="submission_window_closes_after_opens")]
        verbose_name = "окно приёма практик"
        verbose_name_plural = "окна приёма практик"

    def __str__(self):
        return self.title

    def is_open(self, day):
        return self.opens <= day <= self.closes

    @classmethod
    def open_for(cls, rating, day):
        """The window of this rating (any rating if None) open on this day, or None."""
        windows = cls.objects.open_on(day)
        if rating is not None:
            windows = windows.filter(rating=rating)
        return windows.order_by("closes").first()


# --- passport drop-down lists (F-REF-5): not in the regulation, so editable lists (choice)


class CostRange(models.Model):
    name = models.CharField("Название", max_length=100, unique=True)
    min_rub = models.PositiveBigIntegerField("От, ₽", null=True, blank=True)
    max_rub = models.PositiveBigIntegerField("До, ₽", null=True, blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "диапазон стоимости"
        verbose_name_plural = "диапазоны стоимости"

    def __str__(self):
        return self.name


class ImplementationMethod(models.Model):
    name = models.CharField("Название", max_length=200, unique=True)
    is_other = models.BooleanField("«Другое» (автор пишет свой вариант)", default=False)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "способ внедрения"
        verbose_name_plural = "способы внедрения"

    def __str__(self):
        return self.name


class EventFormat(models.Model):
    """Event formats recommended by 5.2.3–5.2.5 (F-REF-5)."""

    name = models.CharField("Название", max_length=300, unique=True)
    clause = models.CharField("Пункт Регламента", max_length=10)
    group = models.CharField("Назначение", max_length=400)
    description = models.TextField("Описание")
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["clause", "order"]
        verbose_name = "формат мероприятия"
        verbose_name_plural = "форматы мероприятий"

    def __str__(self):
        return self.name


# --- the practice and its passport (F-PASS-1 … F-PASS-5, SPEC §6 states)


class PracticeState(models.TextChoices):
    DRAFT = "draft", "Черновик"
    REGIONAL_REVIEW = "regional_review", "Подтверждение регионом"
    PACKAGING = "packaging", "Упаковка"
    EXPERT_REVIEW = "expert_review", "Экспертная оценка"
    RATING_COMMITTEE = "rating_committee", "Верификация рейтинговым комитетом"
    READY_TO_PUBLISH = "ready_to_publish", "Готова к публикации"
    PUBLISHED = "published", "Опубликована"
    ARCHIVED = "archived", "В базе знаний"
    REVISION = "revision", "На доработке"
    REJECTED = "rejected", "Отклонена"
    DELETED = "deleted", "Удалена"


class Track(models.TextChoices):
    """Submission tracks (SPEC §5)."""

    REGIONAL_INITIATIVE = "regional_initiative", "Инициатива региона"
    STATE_COUNCIL = "state_council", "Рекомендация комиссии Госсовета или профильного ФОИВ"
    AGENCY_REQUEST = "agency_request", "Запрос Агентства"
    SELECTION = "selection", "Отбор"


def _rule(action):
    """A django-fsm ``permission=`` callable asking the one permission module (smarteka.permissions)."""

    def check(instance, user):
        from smarteka.permissions import can

        return can(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


# the stages that may return a practice for revision, hence where a resubmission may go (SPEC §6)
REVISION_RETURN_STATES = [
    PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
    PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH,
]


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
    evaluation_ordered = models.BooleanField(
        "Модератор АСИ назначил экспертную оценку", default=False,
        help_text="Для практик по рекомендации комиссии Госсовета / ФОИВ экспертиза не обязательна (4.4.1)")
    rejection_grounds = ArrayField(models.TextField(), verbose_name="Основания отклонения", default=list,
                                   blank=True)

    # --- catalogue (F-CAT-1, F-CAT-2; migration 0006_catalogue)
    archive_ground = models.TextField("Основание перевода в Базу знаний", blank=True)
    # written only by the database trigger of migration 0006_catalogue (weights: A name, B goal and
    # essence, C the rest of the passport, D category and region names)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "практика"
        verbose_name_plural = "практики"
        indexes = [models.Index(fields=["state", "region"]),
                   GinIndex(fields=["search_vector"], name="practice_search_gin")]  # catalogue

    def __str__(self):
        return self.title or f"Черновик практики № {self.pk}"

    def get_absolute_url(self):
        """The public practice page (F-CAT-3); for an unpublished practice it leads those allowed to the preview."""
        from django.urls import reverse

        return reverse("practices:detail", args=[self.pk])

    def file_visible_to(self, user, stored_file):
        """Who may download a private file of this practice (F-FILE-1, hook of files:download_file).

        Before publication: the team (author and joined members), the region's coordinator, the ASI
        moderator and expert-moderators of the category. Once published (or archived), the cover and
        the materials marked «Показывать в каталоге» are open to everyone."""
        from practices.permissions import is_on_team, is_reviewer_of

        if self.file_is_public(stored_file):
            return True
        return is_on_team(user, self) or is_reviewer_of(user, self) or self.is_invited_expert(user)

    def file_is_public(self, stored_file):
        """The cover and the materials marked «Показывать в каталоге» of a published or archived
        practice are open to everyone, anonymous visitors included (F-CAT-3)."""
        return self.state in (PracticeState.PUBLISHED, PracticeState.ARCHIVED) and (
            self.cover_id == stored_file.pk or self.materials.filter(file=stored_file, is_public=True).exists())

    def is_invited_expert(self, user):
        """An expert invited to evaluate this practice (F-VAL-3) who has not declined: reads its files."""
        return (user is not None and user.is_authenticated
                and self.expert_invitations.filter(expert_id=user.pk, declined_at__isnull=True).exists())

    # --- the author's transitions (SPEC §6; side effects live in practices/services.py)

    def submission_problems(self, today=None, *, window=True):
        """Russian sentences, every unmet condition of F-PASS-4 at once (see practices/submission.py)."""
        from practices.submission import submission_problems

        return submission_problems(self, today=today, window=window)

    def has_no_submission_problems(self):
        return not self.submission_problems()

    def has_no_resubmission_problems(self):
        # choice: the submission window (4.3.1) is checked once, at the first submission
        return not self.submission_problems(window=False)

    def may_be_submitted_by(self, user):
        from smarteka.permissions import can

        return can(user, "submit_practice", self)

    def revision_return_state(self):
        """The stage that sent the practice back: ``from_state`` of the last transition into
        ``revision`` in the history (F-VAL-8); regional review when there is none."""
        from django.contrib.contenttypes.models import ContentType

        from smarteka.history.models import Transition

        last = (Transition.objects
                .filter(content_type=ContentType.objects.get_for_model(Practice), object_id=self.pk,
                        to_state=PracticeState.REVISION)
                .exclude(from_state__in=["", PracticeState.REVISION, PracticeState.DRAFT])
                .order_by("-at", "-pk").values_list("from_state", flat=True).first())
        if last is None:
            return PracticeState.REGIONAL_REVIEW
        # experts approved by majority but asked for additions (4.4.8): the revised practice goes on to
        # the next stage without a new vote
        if last == PracticeState.EXPERT_REVIEW and self._last_revision_action() == "experts_approve_with_additions":
            return self.state_after_experts()
        return last

    @transition(field=state, source=PracticeState.DRAFT, target=PracticeState.REGIONAL_REVIEW,
                conditions=[has_no_submission_problems], permission=may_be_submitted_by)
    def submit(self):
        """The author submits the passport to the regional coordinator (4.1.8)."""

    @transition(field=state, source=PracticeState.REVISION,
                target=GET_STATE(lambda practice: practice.revision_return_state(),
                                 states=REVISION_RETURN_STATES),
                conditions=[has_no_resubmission_problems], permission=may_be_submitted_by)
    def resubmit(self):
        """The revised passport goes back to the stage that returned it (SPEC §6, 4.1.9)."""

    # --- validation (issue 6, feat/validation): fields and the reviewers' transitions (SPEC §6).
    # Transition methods change the state only; side effects (history, notices, deadlines, files) live
    # in validation/services.py, whose one entry point ``move`` runs every transition below.

    REVIEW_STATES = (PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
                     PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH)

    def _last_revision_action(self):
        from django.contrib.contenttypes.models import ContentType

        from smarteka.history.models import Transition

        return (Transition.objects
                .filter(content_type=ContentType.objects.get_for_model(Practice), object_id=self.pk,
                        to_state=PracticeState.REVISION)
                .exclude(from_state__in=["", PracticeState.REVISION, PracticeState.DRAFT])
                .order_by("-at", "-pk").values_list("action", flat=True).first())

    def claims_investment_rating(self):
        """Tagged with an indicator of the investment-climate rating: verified by the rating committee
        after the experts (Прил.3)."""
        if self.pk is None:
            return False
        return self.rating_indicators.filter(rating__kind=Rating.Kind.INVESTMENT).exists()

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

    def may_skip_expert_review(self):
        return self.is_fast_track() and not self.evaluation_ordered

    @transition(field=state, source=PracticeState.REGIONAL_REVIEW, target=PracticeState.PACKAGING,
                conditions=[has_regional_confirmation_document], permission=_rule("confirm_regionally"))
    def confirm_regionally(self):
        """Stage 1: the region's coordinator confirms (4.1.8, F-VAL-1)."""

    @transition(field=state, source=list(REVISION_RETURN_STATES), target=PracticeState.REVISION,
                permission=_rule("return_for_revision"))
    def return_for_revision(self):
        """Any review stage returns the passport to the author for 5 working days (4.1.9, F-VAL-5)."""

    @transition(field=state, source=list(REVISION_RETURN_STATES), target=PracticeState.REJECTED,
                permission=_rule("reject_practice"))
    def reject(self):
        """Any review stage rejects, each actor on its own grounds (4.1.8, the grounds after 4.1.9)."""

    @transition(field=state, source=PracticeState.PACKAGING, target=PracticeState.EXPERT_REVIEW,
                conditions=[is_packaged], permission=_rule("start_expert_review"))
    def start_expert_review(self):
        """The ASI moderator sends the packaged practice to expert evaluation (Прил.1, F-VAL-2)."""

    @transition(field=state, source=PracticeState.PACKAGING, target=PracticeState.READY_TO_PUBLISH,
                conditions=[is_packaged, may_skip_expert_review], permission=_rule("skip_expert_review"))
    def skip_expert_review(self):
        """F-TRACK-2: a recommended practice goes from packaging towards publication (4.4.1)."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW,
                target=GET_STATE(lambda practice: practice.state_after_experts(),
                                 states=[PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH]),
                permission=_rule("close_expert_review"))
    def experts_approve(self):
        """Majority approve (4.4.8): the rating committee for investment-rating practices, else publication."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW, target=PracticeState.REVISION,
                permission=_rule("close_expert_review"))
    def experts_approve_with_additions(self):
        """Majority approve, some asked for additions (4.4.8): the author revises, then the practice goes on
        to the next stage without a new vote (``revision_return_state``)."""

    @transition(field=state, source=PracticeState.EXPERT_REVIEW, target=PracticeState.REJECTED,
                permission=_rule("close_expert_review"))
    def experts_reject(self):
        """Majority reject (4.4.7–4.4.8)."""

    @transition(field=state, source=PracticeState.RATING_COMMITTEE, target=PracticeState.READY_TO_PUBLISH,
                permission=_rule("rating_confirm"))
    def rating_confirm(self):
        """The rating committee verified the claimed effect on the investment-climate rating (Прил.3)."""

    @transition(field=state, source=PracticeState.READY_TO_PUBLISH, target=PracticeState.PUBLISHED,
                permission=_rule("publish_practice"))
    def publish(self):
        """The ASI moderator publishes the practice for replication (Прил.1, F-VAL-6)."""

    @transition(field=state, source=[PracticeState.DRAFT, PracticeState.REVISION], target=PracticeState.DELETED,
                permission=_rule("delete_practice"))
    def soft_delete(self):
        """Soft deletion by the author (4.1.13). Named ``soft_delete`` rather than ``delete`` so that
        Django's ``Model.delete`` (admin, cascades, tests) keeps its meaning."""


class PracticeResult(models.Model):
    """A quantitative result: indicator, unit, before and after (F-PASS-1 results, F-PLUS-1)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="results")
    indicator = models.CharField("Показатель", max_length=300)
    unit = models.CharField("Единица измерения", max_length=50, blank=True)
    value_before = models.DecimalField("Значение до", max_digits=16, decimal_places=2)
    date_before = models.DateField("Дата значения «до»", null=True, blank=True)
    value_after = models.DecimalField("Значение после", max_digits=16, decimal_places=2)
    date_after = models.DateField("Дата значения «после»", null=True, blank=True)
    source = models.CharField("Источник данных", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "количественный результат"
        verbose_name_plural = "количественные результаты"

    def __str__(self):
        return self.indicator


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


class MaterialKind(models.TextChoices):
    """Materials of 2.1.5 p.4 (F-PASS-2) plus the personal-data consents of 4.1.6."""

    NORMATIVE_ACT = "normative_act", "Нормативные правовые акты"
    SAMPLE_DOCUMENT = "sample_document", "Примеры сопутствующих документов"
    ROADMAP = "roadmap", "Планы и «дорожные карты» по реализации практики"
    PRESENTATION = "presentation", "Презентационные, справочные, информационные, аналитические материалы"
    FEDERAL_RECOGNITION = "federal_recognition", "Документы, подтверждающие оценку на федеральном уровне"
    DEPUTY_GOVERNOR_LETTER = "deputy_governor_letter", "Письмо заместителя высшего должностного лица субъекта РФ"
    VIDEO = "video", "Видеоматериалы"
    PD_CONSENT = "pd_consent", "Согласия на обработку персональных данных незарегистрированных лиц"
    STATE_COUNCIL_LETTER = "state_council_letter", "Письмо и протокол комиссии Госсовета / профильного ФОИВ"
    AGENCY_LETTER = "agency_letter", "Письмо-запрос Агентства"
    COMMISSION_PROTOCOL = "commission_protocol", "Протокол решения региональной межведомственной комиссии"


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
        ]

    def __str__(self):
        return self.title or self.get_kind_display()


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


# --- catalogue, «Полезно» and the monthly digest (F-CAT-1, F-CAT-4): models in models_catalogue.py
from practices.models_catalogue import (  # noqa: E402,F401
    Appreciation,
    DigestIssue,
    DigestSubscription,
    SearchWord,
)
