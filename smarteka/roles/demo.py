"""Demo history of role grants (F-ROLE-2): the demo grants are the ASI moderator's, and one grant
was made and later revoked, so the history page shows both kinds of record."""

from django.utils import timezone

from smarteka.roles.models import Role, RoleGrant

DEMO_REVOKE_REASON = "Переход на другую должность (демонстрационные данные)"


def load(ctx):
    users = ctx.get("users", {})
    asi, plain = users.get("asi"), users.get("user")
    if asi is None:
        return
    RoleGrant.objects.filter(granted_by__isnull=True).exclude(user=asi).update(granted_by=asi)
    if plain is not None and plain.region_id and not RoleGrant.objects.filter(user=plain).exists():
        RoleGrant.objects.create(
            user=plain, role=Role.RECIPIENT, region_id=plain.region_id, granted_by=asi,
            comment="Письмо региона (демонстрационные данные)", revoked_by=asi, revoked_at=timezone.now(),
            revoke_reason=DEMO_REVOKE_REASON,
        )
