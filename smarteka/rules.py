"""The registry of named rules behind ``smarteka.permissions`` (import them from there).

It imports nothing of the project, so that the modules ``smarteka.permissions`` builds on (``smarteka.roles.objects``,
whose grant helpers may ask the caller's rule) can ask a rule without importing it back.
"""

from django.core.exceptions import PermissionDenied

_rules = {}


class UnknownAction(KeyError):
    """Asked about an action no app registered: a typo or a missing rule, never a silent «no»."""


def rule(action):
    """Register ``func(user, obj) -> bool`` as the answer for ``action``."""

    def decorator(func):
        if action in _rules and _rules[action] is not func:
            raise RuntimeError(f"permission rule {action!r} registered twice")
        _rules[action] = func
        return func

    return decorator


def registered_actions():
    return sorted(_rules)


def _rule_for(action):
    try:
        return _rules[action]
    except KeyError:
        raise UnknownAction(f"unknown permission action {action!r}") from None


def can(user, action, obj=None):
    check = _rule_for(action)
    if user is None or not user.is_authenticated or not user.is_active:
        return bool(getattr(check, "allows_anonymous", False) and check(user, obj))
    return bool(check(user, obj))


def allowed(user, actions, obj=None):
    """``{action: bool}`` for several actions at once — hand it to a template as one context
    variable (``allowed.publish``) instead of asking tag by tag."""
    return {action: can(user, action, obj) for action in actions}


def require(user, action, obj=None, message="Недостаточно прав для этого действия."):
    if not can(user, action, obj):
        raise PermissionDenied(message)


def anonymous_allowed(func):
    """Mark a rule that may answer True for anonymous visitors (public pages)."""
    func.allows_anonymous = True
    return func
