"""Permission rules of the accounts app (F-ACC-2, F-ACC-3): role AND object AND state."""

from smarteka.accounts.models import AccessRequestStatus
from smarteka.permissions import has_role, role_regions, rule
from smarteka.roles.models import Role


def _status(req):
    return AccessRequestStatus, req.status


@rule("edit_profile")
def edit_profile(user, obj=None):
    """A user edits their own profile only."""
    return obj is None or obj.pk == user.pk


@rule("view_profile_photo")
def view_profile_photo(user, obj=None):
    """Photos are shown to registered users (team contacts are for logged-in users, F-CAT-3)."""
    return True


@rule("request_access")
def request_access(user, obj=None):
    """A verified user asks for passport access for themselves (F-ACC-3)."""
    return user.email_verified_at is not None and (obj is None or obj.pk == user.pk)


@rule("view_access_request")
def view_access_request(user, req):
    """The applicant, the coordinator of the request's region and the ASI moderator."""
    return (
        req.user_id == user.pk
        or has_role(user, Role.COORDINATOR, region=req.region_id)
        or has_role(user, Role.ASI_MODERATOR)
    )


@rule("review_access_requests")
def review_access_requests(user, obj=None):
    """Sees the queue «Заявки на доступ к паспорту»: a coordinator of some region or the ASI moderator."""
    return bool(role_regions(user, Role.COORDINATOR)) or has_role(user, Role.ASI_MODERATOR)


@rule("coordinate_access_request")
def coordinate_access_request(user, req):
    """Scope only: the coordinator of the request's region (a coordinator of another region: no)."""
    return has_role(user, Role.COORDINATOR, region=req.region_id)


@rule("verify_access")
def verify_access(user, req):
    S, status = _status(req)
    return status == S.REQUESTED and has_role(user, Role.COORDINATOR, region=req.region_id)


@rule("grant_access")
def grant_access(user, req):
    S, status = _status(req)
    return status == S.VERIFIED and has_role(user, Role.ASI_MODERATOR)


@rule("refuse_access")
def refuse_access(user, req):
    """The coordinator refuses at the first step, the ASI moderator at the second (4.1.3)."""
    S, status = _status(req)
    if status == S.REQUESTED:
        return has_role(user, Role.COORDINATOR, region=req.region_id)
    if status == S.VERIFIED:
        return has_role(user, Role.ASI_MODERATOR)
    return False
