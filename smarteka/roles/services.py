"""Grant and revoke roles (F-ROLE-2): one function per action, the ASI moderator only."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from smarteka import permissions
from smarteka.notifications.services import notify
from smarteka.roles.models import Role, RoleGrant

LAST_ASI_MODERATOR_MESSAGE = ("Нельзя снять роль с последнего модератора АСИ: "
                              "сначала назначьте роль другому сотруднику.")


def holders(role, **scope):
    """The active users holding ``role`` through an active grant, in the scope given (``region=``,
    ``category=``, ``federal_district=``: an object or its id), by pk — whom a service notifies or
    assigns: ``holders(Role.COORDINATOR, region=practice.region)``."""
    grants = RoleGrant.objects.active().filter(role=role, **scope)
    return list(get_user_model().objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("pk"))


def grant_role(user, role, *, by, region=None, category=None, federal_district=None, comment=""):
    """Give ``user`` the ``role`` in its scope; the row records who granted it and when.
    Raises ``PermissionDenied`` for anyone but the ASI moderator and ``ValidationError`` (Russian
    messages keyed by field) for a wrong scope or a grant the user already holds."""
    permissions.require(by, "grant_roles", message="Назначать роли может только модератор АСИ.")
    grant = RoleGrant(user=user, role=role, region=region, category=category,
                      federal_district=federal_district, comment=comment.strip(), granted_by=by)
    grant.full_clean(exclude=["granted_by", "revoked_by"])
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:  # two moderators granting the same role at the same moment
        raise ValidationError({"role": grant.duplicate_message()}) from None
    permissions.forget_grants(user)
    if by.pk == user.pk:
        permissions.forget_grants(by)
    notify(user, kind="roles.granted", title=f"Вам назначена роль «{grant}»",
           body=f"Роль назначил(а): {by}.", obj=grant)
    return grant


def revoke_role(grant, *, by, reason=""):
    """Take a role away: the grant row stays as the record, with who revoked it, when and why."""
    permissions.require(by, "grant_roles", grant, message="Снимать роли может только модератор АСИ.")
    return close_grant(grant, by=by, reason=reason)


def close_grant(grant, *, by, reason=""):
    """The revocation itself, for ``revoke_role`` and for the Django admin's «Снять роль» action
    (which Django's own staff permissions guard). Refuses a revoked grant and the last ASI moderator."""
    with transaction.atomic():
        locked = RoleGrant.objects.select_for_update().select_related("user").get(pk=grant.pk)
        if not locked.is_active:
            raise ValidationError("Эта роль уже снята.")
        if (locked.role == Role.ASI_MODERATOR
                and not RoleGrant.objects.active().filter(role=Role.ASI_MODERATOR)
                .exclude(pk=locked.pk).exists()):
            raise ValidationError(LAST_ASI_MODERATOR_MESSAGE)
        locked.revoked_by = by
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason.strip()
        locked.save(update_fields=["revoked_by", "revoked_at", "revoke_reason"])
    for name in ("revoked_by", "revoked_at", "revoke_reason"):
        setattr(grant, name, getattr(locked, name))
    permissions.forget_grants(grant.user)
    if by.pk == grant.user_id:
        permissions.forget_grants(by)
    notify(locked.user, kind="roles.revoked", title=f"С вас снята роль «{locked}»",
           body=f"Причина: {locked.revoke_reason}" if locked.revoke_reason else "", obj=locked)
    return locked
