"""The one place that answers «may user U do action A to object O».

Each app registers its rules in its own ``permissions.py`` with ``@rule("action")`` (a lower app
never imports a higher one, so rules live beside the models they guard); views, templates and
services all ask through ``can`` / ``require`` here:

* services: ``permissions.require(user, "approve_regionally", practice)``
* views: ``@permission_required("grant_roles")`` or ``PermissionRequiredMixin``; ``get_object_for``
* templates: ``{% load smarteka %}{% can "approve_regionally" practice as allowed %}``, or several at
  once: ``{% allowed_actions "publish" "archive" obj=practice as allowed %}`` (``allowed(user, actions, obj)``
  gives views the same dict)

An action no app registered raises ``UnknownAction`` (a ``KeyError``), in templates too.

A rule answers for the role **and** the object (region, category, guardian object grants, state):
``has_role(user, Role.X, region=…)`` for role scopes, ``has_object(user, "app.perm", obj)`` for object
grants (made with ``smarteka.roles.objects.grant_object``). Both are cached on the user object for the
request; the grant/revoke services call ``forget_grants(user)``.

The registry itself (``rule``, ``can``, ``require``, ``allowed``) lives in ``smarteka.rules`` and is
re-exported here; ``smarteka.roles.objects`` (object grants and their cache) sits below this module.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from smarteka import usercache
from smarteka.roles import objects
from smarteka.roles.models import RoleGrant
from smarteka.roles.objects import has_object
from smarteka.rules import UnknownAction, allowed, anonymous_allowed, can, registered_actions, require, rule

__all__ = [
    "PermissionRequiredMixin", "UnknownAction", "active_grants", "allowed", "anonymous_allowed", "can",
    "forget_grants", "get_object_for", "has_object", "has_role", "permission_required", "registered_actions",
    "require", "role_categories", "role_districts", "role_regions", "rule", "transition_permission",
]


def transition_permission(action):
    """A django-fsm ``permission=`` callable asking the rule ``action`` of this module:
    ``@transition(..., permission=transition_permission("start_implementation"))``."""

    def check(instance, user):
        return can(user, action, instance)

    check.__name__ = f"may_{action}"
    return check


# --- role scopes (F-ROLE-1): cached on the user object for the request


def active_grants(user):
    """The user's active role grants as ``(role, region_id, category_id, federal_district_id)`` rows: once per
    request on the user object, and kept between requests with the header's values (``smarteka.usercache``,
    issue 17: a query on every page). A grant saved or deleted in any way drops them after its commit
    (``smarteka.roles.apps``), and the grant/revoke services drop them at once (``forget_grants``)."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_smarteka_grants", None)
    if cached is None:
        cached = usercache.remembered(user, "grants", lambda: tuple(
            RoleGrant.objects.active()
            .filter(user_id=user.pk)
            .values_list("role", "region_id", "category_id", "federal_district_id")
        ))
        user._smarteka_grants = cached
    return cached


def user_fact(user, name, compute):
    """A fact about ``user`` that rules ask several times per page (the menu, the header, the view) —
    «has any expert invitation», «has filed a replication request» — computed once and cached on the user
    object for the request, like the role grants."""
    facts = user.__dict__.setdefault("_smarteka_facts", {})
    if name not in facts:
        facts[name] = compute()
    return facts[name]


def forget_grants(user):
    """Drop the per-request caches of ``user``'s role grants and object grants; every service
    that grants or revokes roles calls it, so the same request sees the change at once (the object
    grant helpers of ``smarteka.roles.objects`` drop their own cache)."""
    if user is None:
        return
    if hasattr(user, "_smarteka_grants"):
        delattr(user, "_smarteka_grants")
    user.__dict__.pop("_smarteka_facts", None)
    user.__dict__.pop("_smarteka_usercache", None)
    user.__dict__.pop("_smarteka_usercache_shared", None)
    usercache.forget([user.pk])  # the roles shown on the start page and the header's counters
    objects.forget_object_grants(user)


def has_role(user, role, *, region=None, category=None, federal_district=None):
    """True when the user holds ``role``; with a scope given, only a grant for that scope counts."""
    region_id = getattr(region, "pk", region)
    category_id = getattr(category, "pk", category)
    district_id = getattr(federal_district, "pk", federal_district)
    for g_role, g_region, g_category, g_district in active_grants(user):
        if g_role != role:
            continue
        if region is not None and g_region != region_id:
            continue
        if category is not None and g_category != category_id:
            continue
        if federal_district is not None and g_district != district_id:
            continue
        return True
    return False


def role_regions(user, role):
    return {g[1] for g in active_grants(user) if g[0] == role and g[1] is not None}


def role_categories(user, role):
    return {g[2] for g in active_grants(user) if g[0] == role and g[2] is not None}


def role_districts(user, role):
    """The federal districts (ids) of the user's grants of ``role``, in the order of the grants."""
    return [g[3] for g in active_grants(user) if g[0] == role and g[3]]


# --- views


def permission_required(action, get_object=None, message=None):
    """View decorator: anonymous users go to login, others without the right get 403 whose page says
    ``message`` — which right is missing (issue 14, item 8)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, *args, **kwargs) if get_object else None
            require(request.user, action, obj, *((message,) if message else ()))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionRequiredMixin(AccessMixin):
    """CBV mixin: set ``permission_action``; override ``get_permission_object`` for object rules."""

    permission_action = None
    permission_message = None  # shown on the 403 page: which right is missing (issue 14, item 8)

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request.user, self.permission_action, self.get_permission_object(),
                *((self.permission_message,) if self.permission_message else ()))
        return super().dispatch(request, *args, **kwargs)


def get_object_for(user, queryset, action=None, *, view_action=None, view_of=None, message=None, **lookup):
    """Fetch an object through the user (F-ROLE-1): 404 for what they may not even see (``view_action``),
    403 for what they see but may not act on (``action``), so a refusal never tells that a draft, a request
    or an invitation exists. ``view_of(obj)`` names the object the view rule is about when it is another
    one (a material's practice, a membership's pool); without ``action`` only the 404 part is asked and
    the view (or its service) asks the action's rule itself."""
    obj = get_object_or_404(queryset, **lookup)
    if view_action and not can(user, view_action, view_of(obj) if view_of else obj):
        raise Http404
    if action:
        require(user, action, obj, *((message,) if message else ()))
    return obj
