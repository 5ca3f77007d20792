"""Models of a practice's stewardship after publication (issue 21; regulation 4.1.11, 4.1.12; SPEC F-ARCH-2,
F-ACC-5, F-DL-5, F-DL-6, F-DL-10). Imported by ``validation/models.py``; side effects live in
``validation/lifecycle/stewardship.py`` and ``validation/lifecycle/contacts.py``.

- ``AuthorReplacement``: a reasoned request of the author or the region's coordinator to replace the author
  (4.1.11), carried out or declined by the ASI moderator. A carried-out row is also the former author's
  record: ``practices.permissions.view_history`` reads ``practice.author_replacements`` (by its relation name,
  not imported) so the old author keeps reading the practice and its history.
- ``ContactUpdateRequest``: the ASI moderator's request to a region's coordinator to update its authors' and
  teams' contacts within 14 working days (4.1.12), or the yearly campaign due by the end of January.
- ``AuthorSilence``: a moderator records that an author does not answer; after 14 working days a contact
  update request to the coordinator opens by itself, once (4.1.12, F-DL-6).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from smarteka.kepturls import reverse  # kept per process (issue 17)


class ReplacementState(models.TextChoices):
    PENDING = "pending", "На рассмотрении модератора АСИ"
    DONE = "done", "Автор заменён"
    DECLINED = "declined", "Отклонена"


class ReplacementRequester(models.TextChoices):
    """4.1.11: «аргументированным запросом автора практики или регионального координатора»."""

    AUTHOR = "author", "Автор практики"
    COORDINATOR = "coordinator", "Региональный координатор"


class AuthorReplacement(models.Model):
    """A request to replace a practice's author (4.1.11, F-ARCH-2): the new author's profile on the platform,
    a contact phone number and the reason, as the regulation lists them."""

    S = ReplacementState

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="author_replacements")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто запросил", on_delete=models.PROTECT,
                                     related_name="+")
    requester_role = models.CharField("Запрос направил", max_length=20, choices=ReplacementRequester.choices)
    old_author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Прежний автор", on_delete=models.PROTECT,
                                   related_name="replaced_authorships")
    new_author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Новый автор", on_delete=models.PROTECT,
                                   related_name="+")
    phone = models.CharField("Контактный номер телефона нового автора", max_length=40)
    reason = models.TextField("Причина смены автора")
    state = models.CharField("Статус", max_length=20, choices=ReplacementState.choices,
                             default=ReplacementState.PENDING, db_index=True)
    created_at = models.DateTimeField("Подан", default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Решение принял", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("Решение принято", null=True, blank=True)
    decision_comment = models.TextField("Комментарий модератора АСИ", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "запрос на замену автора"
        verbose_name_plural = "запросы на замену автора"
        constraints = [
            models.UniqueConstraint(fields=["practice"], condition=Q(state="pending"),
                                    name="author_replacement_one_pending",
                                    violation_error_message="По этой практике уже есть запрос на замену автора, "
                                                            "ожидающий решения модератора АСИ."),
        ]

    def __str__(self):
        return f"Замена автора практики «{self.practice}»: {self.old_author} → {self.new_author}"

    def get_absolute_url(self):
        return reverse("validation:replacement", args=[self.pk])


class ContactReason(models.TextChoices):
    """The three cases of 4.1.12, verbatim."""

    LEFT_JOB = "left_job", ("в связи с прекращением автором практики трудовой деятельности в организации, "
                            "обеспечивающей реализацию и сопровождение практики в регионе")
    AUTHOR_SILENT = "author_silent", (
        "если автор практики не предоставляет ответ на обращение эксперта-модератора или модератора АСИ по "
        "контактным данным (рабочий номер телефона, мобильный номер телефона, адрес электронной почты), указанным "
        "в профиле, в срок более 14 (Четырнадцати) рабочих дней с момента направления запроса")
    YEARLY = "yearly", "ежегодно по истечении календарного года (до конца января нового календарного года)"


class ContactUpdateRequest(models.Model):
    """The ASI moderator asks a region's coordinator to update the contacts of its practices' authors and
    teams (4.1.12, F-ACC-5): 14 working days (F-DL-5), or by the end of January for the yearly campaign
    (F-DL-10, ``year`` set, one per region and year). ``requested_by`` is None when the platform opened it:
    the campaign, or an author's silence (``silence``, once per silence)."""

    region = models.ForeignKey("regions.Region", verbose_name="Регион", on_delete=models.PROTECT,
                               related_name="contact_update_requests")
    reason = models.CharField("Основание (п. 4.1.12)", max_length=20, choices=ContactReason.choices)
    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="contact_update_requests")
    comment = models.TextField("Комментарий модератора АСИ", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто запросил", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField("Кампания года", null=True, blank=True,
                                            help_text="Ежегодная актуализация контактов в январе этого года")
    silence = models.OneToOneField("validation.AuthorSilence", verbose_name="Автор не отвечал", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="contact_request")
    created_at = models.DateTimeField("Направлен", default=timezone.now)
    confirmed_at = models.DateTimeField("Контакты обновлены", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Подтвердил", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmation_comment = models.TextField("Комментарий координатора", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "запрос на актуализацию контактов"
        verbose_name_plural = "запросы на актуализацию контактов"
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], condition=Q(year__isnull=False),
                                    name="contact_campaign_once_per_region_year"),
            models.CheckConstraint(condition=Q(year__isnull=True) | Q(reason="yearly"),
                                   name="contact_campaign_is_yearly"),
        ]
        indexes = [models.Index(fields=["region", "confirmed_at"])]

    def __str__(self):
        what = f"кампания {self.year} года" if self.year else f"запрос от {self.created_at:%d.%m.%Y}"
        return f"Актуализация контактов: {self.region} ({what})"

    def get_absolute_url(self):
        return reverse("validation:contact_request", args=[self.pk])

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class AuthorSilence(models.Model):
    """A moderator's record that the author does not answer their request by the contacts of the profile
    (4.1.12, F-DL-6): after 14 working days the region's coordinator is asked to update the contacts, once."""

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="author_silences")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Автор", on_delete=models.PROTECT,
                               related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто записал", on_delete=models.PROTECT,
                                    related_name="+")
    since = models.DateField("Обращение направлено", default=timezone.localdate)
    comment = models.TextField("Как и когда обращались к автору")
    created_at = models.DateTimeField("Записано", default=timezone.now)
    answered_at = models.DateTimeField("Автор ответил", null=True, blank=True)

    class Meta:
        ordering = ["-since", "-pk"]
        verbose_name = "автор не отвечает"
        verbose_name_plural = "авторы не отвечают"
        constraints = [
            models.UniqueConstraint(fields=["practice"], condition=Q(answered_at__isnull=True),
                                    name="author_silence_one_open_per_practice",
                                    violation_error_message="Молчание автора по этой практике уже записано."),
        ]

    def __str__(self):
        return f"Автор практики «{self.practice}» не отвечает с {self.since:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("validation:review", args=[self.practice_id])

    @property
    def answered(self):
        return self.answered_at is not None
