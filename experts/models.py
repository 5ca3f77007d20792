"""Expert pools, memberships, invitations, evaluations and offline pool meetings (F-VAL-3, F-VAL-4, F-VAL-9).

Data only: the services that move a practice (closing a vote, applying a meeting's outcome) belong to
the review round, in the app above experts."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from experts.criteria import CRITERION_CODES, CRITERION_TITLES, Decision, InclusionCriterion
from smarteka.kepturls import reverse  # kept per process (issue 17)


class ExpertPool(models.Model):
    """The expert pool of one practice category (4.4.2)."""

    category = models.OneToOneField("practices.Category", verbose_name="Категория", on_delete=models.PROTECT,
                                    related_name="expert_pool")
    created_at = models.DateTimeField("Создан", auto_now_add=True)

    class Meta:
        ordering = ["category__order", "category__name"]
        verbose_name = "экспертный пул"
        verbose_name_plural = "экспертные пулы"

    def __str__(self):
        return f"Экспертный пул: {self.category}"

    def current_memberships(self, today=None):
        return self.memberships.current(today)


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        """Confirmed, not ended, and covering ``today`` (the pool's composition for this year, 4.4.5)."""
        today = today or timezone.localdate()
        return self.filter(confirmed_at__isnull=False, ended_at__isnull=True, year=today.year,
                           valid_from__lte=today, valid_until__gte=today)

    def pending(self):
        return self.filter(confirmed_at__isnull=True, ended_at__isnull=True)


class PoolMembership(models.Model):
    """One expert in one pool for one calendar year (4.4.5: the pool is updated yearly — a renewal is
    a new row for the next year). The expert-moderator submits the list; the Expert role is granted
    from it by the ASI moderator (Прил.3): ``confirmed_at`` is set when the role is in place."""

    pool = models.ForeignKey(ExpertPool, verbose_name="Пул", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Эксперт", on_delete=models.CASCADE,
                             related_name="pool_memberships")
    year = models.PositiveSmallIntegerField("Год")
    valid_from = models.DateField("Действует с")
    valid_until = models.DateField("Действует по")
    criteria = ArrayField(models.CharField(max_length=20, choices=InclusionCriterion.choices),
                          verbose_name="Критерии включения (п. 4.4.4)", default=list)
    basis = models.TextField("Основание (список структурного подразделения)", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто включил", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField("Когда включён", auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Роль назначил", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("Роль назначена", null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто исключил", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    ended_at = models.DateTimeField("Исключён", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "user__last_name", "user__first_name"]
        verbose_name = "членство в экспертном пуле"
        verbose_name_plural = "членство в экспертных пулах"
        constraints = [
            models.UniqueConstraint(fields=["pool", "user", "year"], name="membership_one_per_pool_user_year",
                                    violation_error_message="Этот эксперт уже включён в пул на этот год."),
        ]

    def __str__(self):
        return f"{self.user} — {self.pool.category}, {self.year}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def criteria_labels(self):
        return [InclusionCriterion(c).label for c in self.criteria if c in InclusionCriterion.values]


class ReviewFormat(models.TextChoices):
    ONLINE = "online", "Онлайн (голосование на платформе)"
    OFFLINE = "offline", "Офлайн (заседание экспертного пула)"


class Outcome(models.TextChoices):
    """The result of stage 3 (Прил.3 chart labels)."""

    APPROVE = "approve", "Большинство экспертов одобрили практику"
    APPROVE_WITH_ADDITIONS = "approve_with_additions", ("Эксперты одобрили практику, но были даны рекомендации "
                                                        "по доработке")
    REVISION = "revision", "Большинство экспертов направили практику на доработку"
    REJECT = "reject", "Большинство экспертов отклонили практику"


class ExpertReview(models.Model):
    """One round of stage 3 for a practice: opened when the first expert is invited (or the practice is
    put on a meeting), closed with its outcome; the evaluation protocol is generated from it."""

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="expert_reviews")
    format = models.CharField("Формат", max_length=10, choices=ReviewFormat.choices, default=ReviewFormat.ONLINE)
    opened_at = models.DateTimeField("Начата", default=timezone.now)
    closed_at = models.DateTimeField("Завершена", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Завершил(а)", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField("Решение", max_length=30, choices=Outcome.choices, blank=True)
    meeting = models.ForeignKey("OfflineMeeting", verbose_name="Заседание", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="reviews")

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "экспертная оценка"
        verbose_name_plural = "экспертные оценки"
        constraints = [
            models.UniqueConstraint(fields=["practice"], condition=Q(closed_at__isnull=True),
                                    name="expertreview_one_open_per_practice"),
        ]

    def __str__(self):
        return f"Экспертная оценка практики «{self.practice}» от {timezone.localtime(self.opened_at):%d.%m.%Y}"

    @property
    def is_closed(self):
        return self.closed_at is not None

    def evaluations(self):
        return (Evaluation.objects.filter(invitation__review=self)
                .select_related("invitation__expert").order_by("submitted_at", "pk"))


class Interests(models.TextChoices):
    """An invited expert's declaration of competing interests (F-PLUS-7). The regulation is silent (4.4.6–4.4.8
    only ask an objective evaluation); choice: the expert declares before seeing the passport. ``NOT_ASKED``
    marks the invitations made before declarations existed (set by the migration), distinct from ``NONE``."""

    PENDING = "pending", "Ещё не заявлено"
    NONE = "none", "Нет конфликта интересов"
    CONFLICT = "conflict", "Есть конфликт интересов"
    NOT_ASKED = "not_asked", "Не спрашивали"


# the declarations that let the expert see the passport and evaluate
INTERESTS_CLEARED = (Interests.NONE, Interests.NOT_ASKED)


class ExpertInvitation(models.Model):
    """The expert-moderator invites an expert of the category's pool to evaluate a practice (4.4.8)."""

    review = models.ForeignKey(ExpertReview, verbose_name="Экспертная оценка", on_delete=models.CASCADE,
                               related_name="invitations")
    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="expert_invitations")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Эксперт", on_delete=models.CASCADE,
                               related_name="expert_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Пригласил(а)", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField("Приглашён", default=timezone.now)
    due_on = models.DateField("Оценить до")
    declined_at = models.DateTimeField("Отказался", null=True, blank=True)
    decline_reason = models.TextField("Причина отказа", blank=True)
    interests = models.CharField("Конфликт интересов", max_length=10, choices=Interests.choices,
                                 default=Interests.PENDING)
    interests_text = models.TextField("Конфликт интересов: в чём он", blank=True)
    interests_declared_at = models.DateTimeField("Заявление о конфликте интересов", null=True, blank=True)
    replaced_at = models.DateTimeField("Заменён", null=True, blank=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто заменил", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    replacement = models.OneToOneField("self", verbose_name="Замена", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="replaces")

    class Meta:
        ordering = ["invited_at", "pk"]
        verbose_name = "приглашение эксперта"
        verbose_name_plural = "приглашения экспертов"
        constraints = [
            models.UniqueConstraint(fields=["review", "expert"], name="invitation_one_per_review_expert",
                                    violation_error_message="Этот эксперт уже приглашён."),
        ]

    def __str__(self):
        return f"{self.expert} — «{self.practice}»"

    def get_absolute_url(self):
        return reverse("experts:evaluate", args=[self.pk])

    @property
    def is_declined(self):
        return self.declined_at is not None

    @property
    def is_replaced(self):
        return self.replaced_at is not None

    @property
    def interests_cleared(self):
        return self.interests in INTERESTS_CLEARED

    @property
    def is_active(self):
        """Counts toward the three experts of 4.4.8: neither declined nor replaced."""
        return not self.is_declined and not self.is_replaced

    def interests_label(self):
        if self.interests == Interests.CONFLICT:
            return f"Есть: {self.interests_text}" if self.interests_text else self.get_interests_display()
        return self.get_interests_display()

    @property
    def evaluation_or_none(self):
        try:
            return self.evaluation
        except Evaluation.DoesNotExist:
            return None

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (self.is_active and self.review.closed_at is None and self.evaluation_or_none is None
                and self.due_on < today)


class Evaluation(models.Model):
    """An expert's evaluation on the criteria of 2.1.5 and their decision (4.4.7). ``answers`` holds
    ``{criterion code: {"met": bool, "note": str}}`` for every code of ``experts.criteria.CRITERIA``."""

    invitation = models.OneToOneField(ExpertInvitation, verbose_name="Приглашение", on_delete=models.CASCADE,
                                      related_name="evaluation")
    answers = models.JSONField("Оценка по критериям п. 2.1.5", default=dict)
    decision = models.CharField("Решение", max_length=10, choices=Decision.choices)
    revision_points = models.TextField("Пункты необходимой доработки", blank=True)
    comment = models.TextField("Комментарий", blank=True)
    submitted_at = models.DateTimeField("Оценка дана", default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = "оценка эксперта"
        verbose_name_plural = "оценки экспертов"

    def __str__(self):
        return f"{self.invitation.expert}: {self.get_decision_display()}"

    def unmet_criteria(self):
        return [code for code in CRITERION_CODES if not (self.answers.get(code) or {}).get("met")]

    def answer_rows(self):
        return [{"code": code, "title": CRITERION_TITLES[code], "met": bool((self.answers.get(code) or {}).get("met")),
                 "note": (self.answers.get(code) or {}).get("note", "")} for code in CRITERION_CODES]

    def revision_point_list(self):
        return [line.strip(" -•\t") for line in self.revision_points.splitlines() if line.strip(" -•\t")]


class OfflineMeeting(models.Model):
    """A meeting of an expert pool outside the platform (4.4.7, Прил.3 «Выбран формат «офлайн»»): the
    expert-moderator creates it, adds members, uploads the signed protocol scan and sets the outcome."""

    pool = models.ForeignKey(ExpertPool, verbose_name="Экспертный пул", on_delete=models.PROTECT,
                             related_name="meetings")
    held_on = models.DateField("Дата заседания")
    place = models.CharField("Место или формат проведения", max_length=300, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="Члены заседания", blank=True,
                                     related_name="pool_meetings")
    practices = models.ManyToManyField("practices.Practice", verbose_name="Рассматриваемые практики",
                                       through="MeetingPractice", related_name="pool_meetings")
    protocol = models.ForeignKey("files.StoredFile", verbose_name="Скан-копия подписанного протокола", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    protocol_uploaded_at = models.DateTimeField("Протокол загружен", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Создал(а)", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Создано", auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "заседание экспертного пула"
        verbose_name_plural = "заседания экспертных пулов"

    def __str__(self):
        return f"Заседание экспертного пула «{self.pool.category}» от {self.held_on:%d.%m.%Y}"


class MeetingPractice(models.Model):
    """A practice considered at a meeting, with the outcome the protocol records."""

    meeting = models.ForeignKey(OfflineMeeting, on_delete=models.CASCADE, related_name="items")
    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="+")
    outcome = models.CharField("Решение по протоколу", max_length=30, choices=Outcome.choices, blank=True)
    revision_points = models.TextField("Пункты необходимой доработки", blank=True)
    applied_at = models.DateTimeField("Решение применено", null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["pk"]
        verbose_name = "практика на заседании"
        verbose_name_plural = "практики на заседании"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "practice"], name="meetingpractice_once_per_meeting",
                                    violation_error_message="Эта практика уже включена в заседание."),
        ]

    def __str__(self):
        return f"{self.practice} — {self.get_outcome_display() or 'решение не указано'}"
