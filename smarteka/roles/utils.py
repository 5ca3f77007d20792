"""User-side conveniences for roles, kept here so the accounts app need not know about roles."""

from smarteka import usercache
from smarteka.roles.models import RoleGrant


def user_grants(user):
    """The user's active grants with their scopes, role by role."""
    if user is None or not getattr(user, "pk", None):
        return RoleGrant.objects.none()
    return (RoleGrant.objects.active().filter(user_id=user.pk)
            .select_related("region", "category", "federal_district").order_by("role", "pk"))


def roles_display(user):
    """«Региональный координатор (Амурская область)», … — one line per active grant (kept with the
    header's values in ``smarteka.usercache``; a grant or revocation drops them)."""
    if user is None or not getattr(user, "pk", None):
        return []
    return usercache.remembered(user, "roles", lambda: [str(grant) for grant in user_grants(user)])
