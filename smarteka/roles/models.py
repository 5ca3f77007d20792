from django.conf import settings
from django.core.exceptions import ValidationError
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


# role -> the one scope field it needs (None: the role has no scope)
SCOPE_FIELD = {
    **{role: "region" for role in REGIONAL_ROLES},
    **{role: "category" for role in CATEGORY_ROLES},
    **{role: "federal_district" for role in DISTRICT_ROLES},
}
SCOPE_FIELDS = ("region", "category", "federal_district")
_SCOPE_NAMES = {"region": "регион", "category": "категорию", "federal_district": "федеральный округ"}
_SCOPE_NAMES_DATIVE = {"region": "региону", "category": "категории", "federal_district": "федеральному округу"}
DUPLICATE_MESSAGE = "У пользователя уже есть действующая роль «{role}»{scope}."


def scope_field(role):
    """Name of the scope field ``role`` requires ("region", "category", "federal_district") or None."""
    return SCOPE_FIELD.get(role)


class ActiveGrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


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
    revoke_reason = models.TextField("Причина снятия", blank=True)

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
                violation_error_message="У пользователя уже есть эта роль в этой области.",
            ),
        ]
        indexes = [models.Index(fields=["role", "region"]), models.Index(fields=["user", "role"])]

    def __str__(self):
        scope = self.region or self.category or self.federal_district
        return f"{self.get_role_display()}" + (f" ({scope})" if scope else "")

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def scope(self):
        """The region, category or federal district the grant is bound to (None for unscoped roles)."""
        return self.region or self.category or self.federal_district

    def clean(self):
        """F-ROLE-1: a regional role needs a region, an expert role a category, the FD curator a
        federal district, every other role no scope; one active grant per user, role and scope.
        A saved grant is a record: its role and scope are checked when it is made, not re-judged."""
        super().clean()
        if not self._state.adding or not self.role:
            return
        errors = {}
        needed = scope_field(self.role)
        role_name = Role(self.role).label if self.role in Role.values else self.role
        for name in SCOPE_FIELDS:
            has_value = getattr(self, f"{name}_id") is not None
            if name == needed and not has_value:
                errors[name] = f"Для роли «{role_name}» укажите {_SCOPE_NAMES[name]}."
            elif name != needed and has_value:
                errors[name] = f"Роль «{role_name}» не привязывается к {_SCOPE_NAMES_DATIVE[name]}."
        if errors:
            raise ValidationError(errors)
        if self.user_id and self.revoked_at is None and self.duplicates().exists():
            raise ValidationError({"role": self.duplicate_message()})

    def duplicates(self):
        """Other active grants of the same role in the same scope to the same user."""
        return (RoleGrant.objects.active()
                .filter(user_id=self.user_id, role=self.role, region_id=self.region_id,
                        category_id=self.category_id, federal_district_id=self.federal_district_id)
                .exclude(pk=self.pk))

    def duplicate_message(self):
        scope = self.scope
        role_name = Role(self.role).label if self.role in Role.values else self.role
        return DUPLICATE_MESSAGE.format(role=role_name, scope=f" ({scope})" if scope else "")

    def get_constraints(self):
        # The one-active-grant constraint is checked in clean(), where its message names the role
        # and lands at the role field; the database constraint stays as the last guard.
        return [(cls, [c for c in constraints if c.name != "rolegrant_one_active_per_scope"])
                for cls, constraints in super().get_constraints()]
