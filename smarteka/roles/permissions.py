from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role


@rule("grant_roles")
def grant_roles(user, obj=None):
    """Only the ASI moderator grants and revokes roles (F-ROLE-2)."""
    return has_role(user, Role.ASI_MODERATOR)


@rule("view_role_history")
def view_role_history(user, obj=None):
    """The record of who granted what to whom and when (F-ROLE-2) is the ASI moderator's."""
    return has_role(user, Role.ASI_MODERATOR)


@rule("unlock_logins")
def unlock_logins(user, obj=None):
    """Login lockouts (issue 15 item 3) are seen and lifted by the ASI moderator, who manages accounts and
    roles (F-ROLE-2): the list shows typed e-mails and addresses, so no one else sees it."""
    return has_role(user, Role.ASI_MODERATOR)
