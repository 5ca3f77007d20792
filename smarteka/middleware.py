"""A Russian page for «405 Method Not Allowed» (issue 14, item 8): Django has no ``handler405``, and
``require_POST`` / class-based views answer with a bare ``HttpResponseNotAllowed``."""

from django.http import HttpResponseNotAllowed
from django.template.loader import render_to_string


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class ConcreteUserMiddleware:
    """``request.user`` as the user object itself, not Django's lazy proxy (issue 17).

    Every page here draws the header for the user, so the laziness saves nothing, while each attribute read
    through ``SimpleLazyObject`` costs a proxy call — a list page's permission checks read the user hundreds
    of times. A request without a session cookie costs nothing here (no session to read)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018 — evaluates the lazy object
            request.user = getattr(user, "_wrapped", user)
        return self.get_response(request)
