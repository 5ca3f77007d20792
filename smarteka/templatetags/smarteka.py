from django import template

from smarteka import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "action" obj as allowed %}`` — the same answer the view and the service get."""
    return permissions.can(context["request"].user, action, obj)
