from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role


@rule("grant_roles")
def grant_roles(user, obj=None):
    """Only the ASI moderator grants and revokes roles (F-ROLE-2)."""
    return has_role(user, Role.ASI_MODERATOR)
