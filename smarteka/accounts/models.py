from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from smarteka.fsm import ConcurrentTransitionMixin  # django-fsm's, state fields found once (issue 17)
from smarteka.kepturls import reverse  # kept per process (issue 17)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A platform user; the profile of F-ACC-2 lives on the user row itself."""

    username = None
    email = models.EmailField("Электронная почта", unique=True)
    middle_name = models.CharField("Отчество", max_length=150, blank=True)
    organisation_type = models.ForeignKey(
        "practices.OrganisationType", verbose_name="Тип организации", null=True, blank=True,
        on_delete=models.PROTECT,
    )
    organisation_name = models.CharField("Наименование организации", max_length=300, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name="Регион", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField("Должность", max_length=300, blank=True)
    is_head = models.BooleanField(
        "Руководящая должность", default=False,
        help_text="Руководитель (или выше) исполнительного органа субъекта РФ или подведомственной организации",
    )
    work_phone = models.CharField("Рабочий телефон", max_length=40, blank=True)
    mobile_phone = models.CharField("Мобильный телефон", max_length=40, blank=True)
    photo = models.ImageField("Фотография", upload_to="profiles/", blank=True)
    email_verified_at = models.DateTimeField("E-mail подтверждён", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    NAME_FIELDS = ("last_name", "first_name", "middle_name", "email")  # what ``__str__`` reads (lists' ``only()``)

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    # Fields that make a profile «complete» (F-ACC-2), in the order a person fills them.
    # «Отчество» is asked for but not required: not every citizen has a patronymic.
    PROFILE_FIELDS = (
        "last_name", "first_name", "organisation_type", "organisation_name", "region",
        "position", "work_phone", "mobile_phone", "email", "photo",
    )

    def profile_missing(self):
        """Russian labels of the profile fields still empty (F-ACC-2)."""
        missing = []
        for name in self.PROFILE_FIELDS:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            if value in (None, "") or (hasattr(value, "name") and not value.name):
                missing.append(str(field.verbose_name))
        return missing

    @property
    def is_profile_complete(self):
        return not self.profile_missing()


# --- consents (F-ACC-1, 4.1.2, 152-ФЗ)


class ConsentKind(models.TextChoices):
    TERMS = "terms", "Согласие с правилами пользования платформой"
    PERSONAL_DATA = "personal_data", "Согласие на обработку персональных данных"
    DISTRIBUTION = "distribution", "Согласие на обработку персональных данных, разрешенных для распространения"


class ConsentText(models.Model):
    """One version of a consent text. A new version is a new row marked current; consents given
    earlier keep pointing at the version the person actually accepted."""

    kind = models.CharField("Вид согласия", max_length=30, choices=ConsentKind.choices)
    version = models.CharField("Версия", max_length=30)
    title = models.CharField("Заголовок", max_length=300)
    text = models.TextField("Текст")
    is_current = models.BooleanField("Действующая версия", default=True)
    published_at = models.DateTimeField("Дата публикации", default=timezone.now)

    class Meta:
        ordering = ["kind", "-published_at"]
        verbose_name = "текст согласия"
        verbose_name_plural = "тексты согласий"
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consenttext_unique_version"),
            models.UniqueConstraint(fields=["kind"], condition=Q(is_current=True),
                                    name="consenttext_one_current_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, версия {self.version}"

    @classmethod
    def current(cls, kind):
        """The version in force; created from ``consent_texts.DEFAULTS`` in a bare database."""
        found = cls.objects.filter(kind=kind, is_current=True).first()
        if found is None:
            from smarteka.accounts.consent_texts import DEFAULTS

            version, title, text = DEFAULTS[kind]
            found, _ = cls.objects.get_or_create(
                kind=kind, version=version, defaults={"title": title, "text": text, "is_current": True}
            )
        return found


class Consent(models.Model):
    """A consent given by a user: which text version, when, from which address (4.1.2)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Пользователь", on_delete=models.CASCADE,
                             related_name="consents")
    kind = models.CharField("Вид согласия", max_length=30, choices=ConsentKind.choices)
    text = models.ForeignKey(ConsentText, verbose_name="Текст согласия", on_delete=models.PROTECT,
                             related_name="consents")
    text_version = models.CharField("Версия текста", max_length=30)
    accepted_at = models.DateTimeField("Когда дано", default=timezone.now)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    withdrawn_at = models.DateTimeField("Когда отозвано", null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = "согласие"
        verbose_name_plural = "согласия"

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} (версия {self.text_version})"


# --- passport access (F-ACC-3, 4.1.3)


class AccessRequestStatus(models.TextChoices):
    REQUESTED = "requested", "Ожидает проверки региональным координатором"
    VERIFIED = "verified", "Проверена координатором, ожидает решения модератора АСИ"
    GRANTED = "granted", "Доступ предоставлен"
    REFUSED_BY_COORDINATOR = "refused_by_coordinator", "Отклонена региональным координатором"
    REFUSED_BY_ASI = "refused_by_asi", "Отклонена модератором АСИ"


OPEN_ACCESS_STATUSES = (AccessRequestStatus.REQUESTED, AccessRequestStatus.VERIFIED)


class AccessRequest(ConcurrentTransitionMixin, models.Model):
    """A user's request for access to passport filling: the regional coordinator verifies,
    the ASI moderator grants the Author role (4.1.3). Each step keeps who and when."""

    S = AccessRequestStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Пользователь", on_delete=models.CASCADE,
                             related_name="access_requests")
    region = models.ForeignKey("regions.Region", verbose_name="Регион (на момент заявки)",
                               on_delete=models.PROTECT, related_name="access_requests")
    organisation_type = models.ForeignKey(
        "practices.OrganisationType", verbose_name="Тип организации (на момент заявки)", null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    organisation_name = models.CharField("Организация (на момент заявки)", max_length=300, blank=True)
    position = models.CharField("Должность (на момент заявки)", max_length=300, blank=True)
    comment = models.TextField("Комментарий заявителя", blank=True)
    status = FSMField("Статус", max_length=30, choices=AccessRequestStatus.choices,
                      default=AccessRequestStatus.REQUESTED, protected=True)
    created_at = models.DateTimeField("Когда подана", auto_now_add=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем проверена", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField("Когда проверена", null=True, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем предоставлен доступ",
                                   null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField("Когда предоставлен доступ", null=True, blank=True)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем отклонена", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    refused_at = models.DateTimeField("Когда отклонена", null=True, blank=True)
    refusal_reason = models.TextField("Причина отказа", blank=True)
    role_grant = models.ForeignKey("roles.RoleGrant", verbose_name="Назначенная роль", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = "заявка на доступ к паспорту"
        verbose_name_plural = "заявки на доступ к паспорту"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status__in=["requested", "verified"]),
                                    name="accessrequest_one_open_per_user"),
        ]
        indexes = [models.Index(fields=["status", "region"])]

    def __str__(self):
        return f"Заявка №{self.pk}: {self.user} ({self.region})"

    @property
    def is_open(self):
        return self.status in OPEN_ACCESS_STATUSES

    @property
    def is_refused(self):
        return self.status in (self.S.REFUSED_BY_COORDINATOR, self.S.REFUSED_BY_ASI)

    # transitions change state only; who/when and the side effects are the service's job
    @transition(field=status, source=AccessRequestStatus.REQUESTED, target=AccessRequestStatus.VERIFIED)
    def verify(self):
        pass

    @transition(field=status, source=AccessRequestStatus.VERIFIED, target=AccessRequestStatus.GRANTED)
    def grant(self):
        pass

    @transition(field=status, source=AccessRequestStatus.REQUESTED,
                target=AccessRequestStatus.REFUSED_BY_COORDINATOR)
    def refuse_by_coordinator(self):
        pass

    @transition(field=status, source=AccessRequestStatus.VERIFIED, target=AccessRequestStatus.REFUSED_BY_ASI)
    def refuse_by_asi(self):
        pass


class LoginUnlock(models.Model):
    """A login lockout lifted by the ASI moderator (issue 15 item 3): who, when, which lockout."""

    at = models.DateTimeField("Когда", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто снял", null=True,
                           on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField("Блокировка", max_length=20, choices=[
        ("account_ip", "Учётная запись с одного адреса"),
        ("account", "Учётная запись со всех адресов"),
        ("ip", "Адрес для всех учётных записей"),
    ])
    username = models.CharField("Введённый адрес электронной почты", max_length=255, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    failures = models.PositiveIntegerField("Неудачных попыток")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Учётная запись", null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "снятая блокировка входа"
        verbose_name_plural = "снятые блокировки входа"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or self.ip_address} ({self.at:%d.%m.%Y %H:%M})"
