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


@register.simple_tag
def emails_about(obj):
    """``{% emails_about obj as emails %}`` — the e-mails sent about ``obj`` (F-PLUS-9), oldest first, with
    their recipients (one query). Render only where the caller's history is allowed."""
    from django.contrib.contenttypes.models import ContentType

    from smarteka.notifications.models import EmailLog

    if obj is None or getattr(obj, "pk", None) is None:
        return []
    return list(EmailLog.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
                .select_related("recipient").order_by("sent_at", "pk"))
