from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse


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

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    # Fields that make a profile «complete» (F-ACC-2), in the order a person fills them.
    PROFILE_FIELDS = (
        "last_name", "first_name", "middle_name", "organisation_type", "organisation_name", "region",
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
