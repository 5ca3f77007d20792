import re

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from smarteka import permissions, safehtml, text, usercache
from smarteka.formerrors import summary_items
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


@register.filter
def plural(n, forms):
    """``{{ n|plural:"практика,практики,практик" }}`` → «4 практики» (issue 14 item 9)."""
    if n in (None, ""):
        n = 0
    return text.plural(n, *text.split_forms(forms))


@register.filter
def plural_word(n, forms):
    """``{{ n|plural_word:"практика,практики,практик" }}`` → «практики»: the word alone, where the number
    is shown apart (a badge)."""
    if n in (None, ""):
        n = 0
    return text.plural_form(n, *text.split_forms(forms))


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context, *forms):
    """``{% error_summary %}`` (in base.html, for every page) or ``{% error_summary form formset %}``:
    the refused form's errors at the top, each linked to its field; it takes the focus (issue 14 item 3)."""
    if forms:
        values = forms
    else:
        values = context.flatten().values()
    items = summary_items(values)
    return {"items": items, "title": f"исправьте {text.plural(len(items), 'ошибку', 'ошибки', 'ошибок')}"}


def field_error_id(bound_field):
    """The id of a field's error text: Django's and crispy's own convention (``<auto_id>_error``)."""
    return f"{bound_field.auto_id}_error"


@register.simple_tag
def field_aria(bound_field, *described_by):
    """`` aria-invalid="true" aria-describedby="…"`` for a field a template writes by hand (F-PLUS-11; Django
    and crispy do it for the widgets they render): invalid when it has errors, described by ``described_by``
    (the ids of its own texts: help, explanations) and its error text (``{% include "includes/field_errors.html" %}``
    gives that text the id)."""
    ids = [i for i in described_by if i]
    parts = []
    if bound_field.errors:
        ids.append(field_error_id(bound_field))
        parts.append(' aria-invalid="true"')
    if ids:
        parts.append(format_html(' aria-describedby="{}"', " ".join(ids)))
    return mark_safe("".join(parts))


@register.filter
def missing_list(labels):
    """``не хватает: {{ missing|missing_list }}`` — the labels in lower case (issue 14 item 9)."""
    return text.missing_list(labels)
@register.simple_tag
def any_value(items, attribute):
    """Whether any of ``items`` has a non-empty ``attribute``: a table shows a column only when some row
    fills it (issue 14, item 10: no empty columns)."""
    return any(getattr(item, attribute, None) not in (None, "") for item in items)


@register.simple_tag(takes_context=True)
def current(context, key):
    """` aria-current="page"` on the main-menu link of the current section (issue 14, item 4; the
    section comes from ``smarteka.navigation``)."""
    if context.get(_KEPT_DRAWING):
        return mark_safe(f"\x1ecurrent:{key}\x1e")  # filled in for each page by ``kept_for_user``
    section = context.get("nav_section")
    if section is not None and section.key == key:
        return mark_safe(' aria-current="page"')
    return ""


@register.simple_tag
def user_link(url, label=None):
    """``{% user_link m.url m.display_name %}`` — a link a user typed, through the nh3 allow-list
    (issue 15 item 4): only http/https/mailto, ``rel="noopener noreferrer nofollow"``; an unsafe URL
    shows as plain text."""
    return safehtml.user_link(url, label)


@register.filter
def user_text(value):
    """``{{ text|user_text }}`` — a user's multi-line text as paragraphs through the nh3 allow-list
    (issue 15 item 4); the same as ``|linebreaks`` with autoescape, for a place that adds formatting."""
    return safehtml.user_text(value)


# --- parts of the header kept per user (issue 17)

_KEPT_DRAWING = "_smarteka_kept_drawing"
_KEPT_MARK = re.compile("\x1e(csrf|current:[\\w-]+)\x1e")


class KeptForUserNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.nodelist.render(context)

        def draw():
            with context.push({_KEPT_DRAWING: True, "csrf_token": "\x1ecsrf\x1e"}):
                return str(self.nodelist.render(context))

        html = usercache.remembered(user, usercache.DRAWN + self.name, draw)
        section = context.get("nav_section")
        here = f"current:{section.key}" if section is not None else None

        def fill(match):
            mark = match.group(1)
            if mark == "csrf":
                return conditional_escape(str(context.get("csrf_token", "")))
            return ' aria-current="page"' if mark == here else ""

        return mark_safe(_KEPT_MARK.sub(fill, html))


@register.tag
def kept_for_user(parser, token):
    """``{% kept_for_user "menu" %}…{% endkept_for_user %}`` — a part of the header drawn once per user and
    kept with the header's values (``smarteka.usercache``: ``USER_CACHE_SECONDS``, dropped on the user's POST,
    a notice, a change of the user's row or roles, a fresh count of «Мой кабинет»). What differs from page
    to page is filled in on each: the menu item of the current section (``{% current %}``) and the page's
    CSRF token. issue 17: the menus and counters were a tenth of a light page's time."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% kept_for_user "name" %} takes one name in quotes')
    nodelist = parser.parse(("endkept_for_user",))
    parser.delete_first_token()
    return KeptForUserNode(bits[1][1:-1], nodelist)
