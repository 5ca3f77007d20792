from django import template
from django.utils.safestring import mark_safe

from smarteka import permissions
from smarteka.roles.utils import roles_display as display

register = template.Library()


def _user(context):
    request = context.get("request")
    return request.user if request is not None else context.get("user")


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "action" obj as allowed %}`` — the same answer the view and the service get.
    An unknown action raises (a typo must not quietly hide a button)."""
    return permissions.can(_user(context), action, obj)


@register.simple_tag(takes_context=True)
def allowed_actions(context, *actions, obj=None):
    """``{% allowed_actions "publish" "archive" obj=practice as allowed %}`` then
    ``{% if allowed.publish %}`` — several answers for one object at once."""
    return permissions.allowed(_user(context), actions, obj)


@register.filter
def roles_display(user):
    """``{{ user|roles_display|join:", " }}`` — the user's active roles with their scopes."""
    return display(user)


@register.simple_tag
def any_value(items, attribute):
    """Whether any of ``items`` has a non-empty ``attribute``: a table shows a column only when some row
    fills it (issue 14, item 10: no empty columns)."""
    return any(getattr(item, attribute, None) not in (None, "") for item in items)


@register.simple_tag(takes_context=True)
def current(context, key):
    """` aria-current="page"` on the main-menu link of the current section (issue 14, item 4; the
    section comes from ``smarteka.navigation``)."""
    section = context.get("nav_section")
    if section is not None and section.key == key:
        return mark_safe(' aria-current="page"')
    return ""
