from django.conf import settings

from smarteka import cabinet
from smarteka.navigation import current_section


def platform(request):
    return {
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "SITE_URL": settings.SITE_URL,
    }


class LazyAwaiting:
    """The header's «Мой кабинет» counter (issue 14, item 4): the providers run on first use only, once
    per request (``smarteka.cabinet.awaiting_count`` caches it on the request)."""

    def __init__(self, request):
        self.request = request

    @property
    def value(self):
        return cabinet.awaiting_count(self.request)

    def __int__(self):
        return self.value

    def __str__(self):
        return str(self.value)

    def __bool__(self):
        return bool(self.value)


def navigation(request):
    """``nav_section`` (the highlighted menu item and the default breadcrumbs), ``nav_section_is_index``
    and ``cabinet_awaiting`` (issue 14, item 4)."""
    section = current_section(request)
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return {
        "nav_section": section,
        "nav_section_is_index": bool(section and match and match.view_name == section.url_name),
        "cabinet_awaiting": LazyAwaiting(request) if user is not None and user.is_authenticated else 0,
    }
