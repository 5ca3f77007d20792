from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape, format_html

from smarteka import permissions
from smarteka.roles.utils import roles_display as display
from smarteka.workcalendar.services import PROVISIONAL, is_provisional

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


@register.filter
def due_date(value, fmt="d.m.Y"):
    """``{{ deadline.due_on|due_date }}``: the due date, marked «предварительный срок» when it falls into
    a year whose production calendar is not confirmed yet (F-DL-12)."""
    if not value:
        return ""
    text = conditional_escape(date_filter(value, fmt))
    if not is_provisional(value):
        return text
    return format_html('{} <span class="badge text-bg-light border provisional-due" title="Производственный '
                       'календарь на {} год ещё не подтверждён: срок может сдвинуться">{}</span>',
                       text, value.year, PROVISIONAL)
