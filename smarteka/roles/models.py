from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    """Roles of SPEC §1. «Пользователь» is every verified user; team members and mentors are
    object grants (django-guardian) on a practice, not roles."""

    AUTHOR = "author", "Автор практики"
    COORDINATOR = "coordinator", "Региональный координатор"
    EXPERT_MODERATOR = "expert_moderator", "Эксперт-модератор"
    EXPERT = "expert", "Эксперт"
    ASI_MODERATOR = "asi_moderator", "Модератор АСИ"
    IMPLEMENTATION_MODERATOR = "implementation_moderator", "Модератор внедрения"
    RATING_COMMITTEE = "rating_committee", "Рейтинговый комитет"
    RECIPIENT = "recipient", "Реципиент"
    FD_CURATOR = "fd_curator", "Куратор ФО"
    PARTNER = "partner", "Партнёр"


REGIONAL_ROLES = {Role.AUTHOR, Role.COORDINATOR, Role.RECIPIENT}
CATEGORY_ROLES = {Role.EXPERT_MODERATOR, Role.EXPERT}
DISTRICT_ROLES = {Role.FD_CURATOR}


class ActiveGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    """One role held by one user in one scope (F-ROLE-1). The row is also the record of who
    granted it and when, and who revoked it and when (F-ROLE-2); revoked rows are kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Пользователь", on_delete=models.CASCADE,
                             related_name="role_grants")
    role = models.CharField("Роль", max_length=40, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name="Регион", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="role_grants")
    category = models.ForeignKey("practices.Category", verbose_name="Категория", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="role_grants")
    federal_district = models.ForeignKey("regions.FederalDistrict", verbose_name="Федеральный округ",
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="role_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем назначена", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField("Когда назначена", auto_now_add=True)
    comment = models.TextField("Основание", blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кем снята", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("Когда снята", null=True, blank=True)

    objects = ActiveGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "назначение роли"
        verbose_name_plural = "назначения ролей"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "category", "federal_district"],
                condition=Q(revoked_at__isnull=True),
                nulls_distinct=False,
                name="rolegrant_one_active_per_scope",
            ),
        ]
        indexes = [models.Index(fields=["role", "region"]), models.Index(fields=["user", "role"])]

    def __str__(self):
        scope = self.region or self.category or self.federal_district
        return f"{self.get_role_display()}" + (f" ({scope})" if scope else "")

    @property
    def is_active(self):
        return self.revoked_at is None
