"""Object grants (F-ROLE-1) through django-guardian: a practice's team members, the implementation
moderator assigned to a replication request and the like are per-object permissions, not roles.

Later apps use only this module (never guardian directly), e.g. in practices/services.py::

    permissions.require(by, "manage_team", practice)          # the caller's own rule
    objects.grant_object(member, "practices.team_member", practice, by=by)

and in their rules ``objects.has_object(user, "practices.team_member", practice)``.

``perm`` is a permission codename, with or without the app label («team_member» or
«practices.team_member»); the permission must exist on the object's model (``Meta.permissions``).
Unlike ``user.has_perm`` a superuser holds no object grant they were not given: a grant here is a
fact about a person (he is on the team), not an administrator's override.

The grant helpers do not check who may grant: the calling service asks its own rule first
(pass ``action=`` to have it asked here). ``by`` is logged. This module owns its per-request cache
and sits below ``smarteka.permissions``, which imports it (never the reverse).
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm, get_objects_for_user, get_users_with_perms, remove_perm

from smarteka.rules import require

log = logging.getLogger(__name__)


def _full_perm(perm, obj):
    """«app_label.codename» for ``perm`` on ``obj``'s model; guardian checks it exists."""
    if "." in perm:
        return perm
    return f"{obj._meta.app_label}.{perm}"


def _codename(perm):
    return perm.split(".", 1)[1] if "." in perm else perm


def grant_object(user, perm, obj, *, by, action=None):
    """Give ``user`` the object permission ``perm`` on ``obj``; idempotent."""
    _change_object_grant(assign_perm, "grant", "to", user, perm, obj, by=by, action=action)


def revoke_object(user, perm, obj, *, by, action=None):
    """Take the object permission ``perm`` on ``obj`` away from ``user``; idempotent."""
    _change_object_grant(remove_perm, "revoke", "from", user, perm, obj, by=by, action=action)


def _change_object_grant(change, verb, preposition, user, perm, obj, *, by, action):
    """Ask ``action`` if given, apply guardian's ``change`` (assign_perm or remove_perm), log it, drop the cache."""
    if action:
        require(by, action, obj)
    with transaction.atomic():
        change(_full_perm(perm, obj), user, obj)
    log.info("object %s %s on %s #%s %s user #%s by user #%s", verb, perm, obj._meta.label, obj.pk,
             preposition, user.pk, getattr(by, "pk", None))
    forget_object_grants(user)


def forget_object_grants(user):
    """Drop the per-request cache of ``user``'s object grants (grant and revoke here call it, and so
    does ``smarteka.permissions.forget_grants``)."""
    if user is not None and hasattr(user, "_smarteka_object_perms"):
        delattr(user, "_smarteka_object_perms")


def _object_perms(user, obj):
    """Codenames ``user`` holds on ``obj`` directly or through a group, cached on the user for the
    request (``forget_object_grants`` drops the cache)."""
    cache = getattr(user, "_smarteka_object_perms", None)
    if cache is None:
        cache = user._smarteka_object_perms = {}
    key = (ContentType.objects.get_for_model(obj).pk, str(obj.pk))
    if key not in cache:
        checker = ObjectPermissionChecker(user)
        cache[key] = set(checker.get_user_perms(obj)) | set(checker.get_group_perms(obj))
    return cache[key]


def has_object(user, perm, obj):
    """True when the active ``user`` was granted ``perm`` on this very ``obj``."""
    if obj is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    return _codename(perm) in _object_perms(user, obj)


def objects_for(user, perm, queryset):
    """The objects of ``queryset`` on which ``user`` holds ``perm`` (e.g. «my practices as a team
    member»), without superuser or model-wide shortcuts."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    return get_objects_for_user(user, _full_perm(perm, queryset.model), queryset,
                                accept_global_perms=False, with_superuser=False)


def users_with_object(perm, obj):
    """The users who hold ``perm`` on ``obj`` (directly or through a group), e.g. a practice's team."""
    return get_users_with_perms(obj, only_with_perms_in=[_codename(perm)], with_superusers=False,
                                with_group_users=True)
