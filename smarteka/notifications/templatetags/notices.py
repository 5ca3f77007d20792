from django import template

from smarteka.notifications.services import unread_count as _unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context):
    """``{% unread_count as n %}`` — the user's unread notices (uses the context processor's value
    when it is installed, so the count is taken once per page)."""
    if "unread_notices_count" in context:
        return int(context["unread_notices_count"])
    request = context.get("request")
    return _unread_count(getattr(request, "user", None))
