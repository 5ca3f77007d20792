"""Matrix rows of the site's own pages: home, help, accounts, roles, notifications, files, regions (issue 15
item 1). See the package docstring for the form of a row."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from smarteka.permissions import can, has_role
from smarteka.roles.models import Role
from tests.smarteka.url_matrix.expect import (
    LOGIN,
    OK,
    POST_ONLY,
    POST_ONLY_OPEN,
    E,
    custom,
    logged_in,
    pk,
    public,
    rules,
)


def _region_slug(w):
    return {"slug": w("region_a").slug}


def _leader(w):
    from regions.models import LeaderReason, LeaderRegistryEntry
    return LeaderRegistryEntry.objects.get_or_create(region=w("region_a"), year=timezone.localdate().year,
                                                     reason=LeaderReason.QOL_TOP10)[0]


def _own_notice(user, w):
    """A notice is its addressee's: another user's notice is not found (no rule: ownership)."""
    if user is None:
        return LOGIN
    return OK if user.pk == w("notice").recipient_id else 404


def _download(user, w, name):
    """F-FILE-1: whoever ``download_file`` allows gets the file; an anonymous visitor else logs in, a user 404."""
    if can(user, "download_file", w(name)):
        return OK
    return LOGIN if user is None else 404


def _access_decide(action):
    """4.1.3: the rule ``<action>_access``; a person in scope whose step is already taken is sent back to the
    queue with a notice (302, nothing changed), anyone else 403; 404 for who may not see the request."""
    def outcome(user, w):
        req = w("access_request")
        req.refresh_from_db()
        if user is None:
            return LOGIN
        if not can(user, "view_access_request", req):
            return 404
        if can(user, f"{action}_access", req):
            return OK
        coordinates = can(user, "coordinate_access_request", req)
        is_asi = has_role(user, Role.ASI_MODERATOR)
        in_scope = {"verify": coordinates, "grant": is_asi, "refuse": coordinates or is_asi}[action]
        return "moved-on" if in_scope and req.user_id != user.pk else 403
    return outcome


def _photo_user(w):
    return get_user_model().objects.get(pk=w("author").pk)


ENTRIES = [
    # --- public pages: everyone, no rule
    E("home", get=public()),
    E("health", get=public()),
    E("favicon", get=public(ok=(302,))),
    E("help:index", get=public()),
    E("help:terms", get=public()),
    E("help:privacy", get=public()),
    E("help:feedback", get=public()),  # its POST is the flood-protected feedback form (issue 15 item 3)
    E("help:role", lambda w: {"slug": "author"}, get=public()),
    E("cabinet", get=logged_in()),

    # --- accounts (F-ACC-1…3): the public forms (their POSTs are rate-limited, issue 15 item 3)
    E("accounts:register", get=public(ok=(200, 302))),  # a logged-in user goes to the profile
    E("accounts:register_done", get=public()),
    E("accounts:verify_email", lambda w: {"token": "not-a-token"}, get=public(ok=(400,))),
    E("accounts:resend_verification", get=public()),
    E("accounts:login", get=public(ok=(200, 302))),
    E("accounts:logout", get=public(ok=(200, 302))),
    E("accounts:password_reset", get=public()),
    E("accounts:password_reset_done", get=public()),
    E("accounts:password_reset_confirm", lambda w: {"uidb64": "MQ", "token": "set-password"}, get=public()),
    E("accounts:password_reset_complete", get=public()),
    E("accounts:profile", get=logged_in()),
    E("accounts:profile_edit", get=logged_in()),
    E("accounts:photo", pk("author"), get=rules(may=("view_profile_photo", _photo_user))),
    E("accounts:access", get=logged_in(), post=logged_in(ok=(302,)), data=lambda w: {"comment": ""}),
    E("accounts:access_queue", get=rules(may=("review_access_requests", None))),
    E("accounts:access_detail", pk("access_request"), get=rules(see=("view_access_request", "access_request"))),
    *[E("accounts:access_decide", lambda w, a=action: {"pk": w("access_request").pk, "action": a},
        get=POST_ONLY, post=custom(_access_decide(action)), data=lambda w: {"reason": "Не сотрудник органа власти"},
        variant=action) for action in ("verify", "grant", "refuse")],

    # --- roles (F-ROLE-1, F-ROLE-2)
    E("roles:list", get=rules(may=("grant_roles", None))),
    E("roles:grant", get=rules(may=("grant_roles", None)), post=rules(may=("grant_roles", None))),
    E("roles:revoke", pk("grant"), get=rules(may=[("grant_roles", None), ("grant_roles", "grant")]),
      post=rules(may=[("grant_roles", None), ("grant_roles", "grant")]), data=lambda w: {"reason": "Ушёл"}),
    E("roles:history", get=rules(may=("view_role_history", None))),
    E("roles:user_search", get=rules(may=("grant_roles", None))),
    # login lockouts (issue 15 item 3): the ASI moderator's page and action
    E("roles:lockouts", get=rules(may=("unlock_logins", None))),
    E("roles:lockout_unlock", get=POST_ONLY_OPEN, post=rules(may=("unlock_logins", None)),
      data=lambda w: {"kind": "account", "username": "nobody@example.ru"}),

    # --- notifications: the user's own
    E("notifications:list", get=logged_in()),
    E("notifications:actions", get=logged_in()),
    E("notifications:bell", get=logged_in()),
    E("notifications:read_all", get=POST_ONLY, post=logged_in(ok=(302,))),
    E("notifications:read", pk("notice"), get=POST_ONLY, post=custom(_own_notice)),

    # --- files (F-FILE-1)
    E("files:download", lambda w: {"pk": w("draft_file").pk}, get=custom(lambda u, w: _download(u, w, "draft_file")),
      variant="draft material"),
    E("files:download", lambda w: {"pk": w("request_file").pk},
      get=custom(lambda u, w: _download(u, w, "request_file")), variant="replication document"),

    # --- regions (F-REF-1, F-REF-4, F-ACC-6)
    E("regions:list", get=public()),
    E("regions:leaders", get=public()),
    E("regions:detail", _region_slug, get=public()),
    E("regions:leader_add", get=rules(may=("edit_leader_registry", None)),
      post=rules(may=("edit_leader_registry", None))),
    E("regions:leader_delete", lambda w: {"pk": _leader(w).pk}, get=POST_ONLY_OPEN,
      post=rules(may=("edit_leader_registry", None))),
    E("regions:coordinator_appoint", _region_slug, get=rules(may=("appoint_coordinator", "region_a")),
      post=rules(may=("appoint_coordinator", "region_a"))),
    E("regions:team_edit", _region_slug, get=rules(may=("edit_region_team", "region_a")),
      post=rules(may=("edit_region_team", "region_a"))),
]
