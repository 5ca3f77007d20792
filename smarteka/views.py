from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token


def home(request):
    return render(request, "home.html")


def favicon(request):
    """Browsers ask /favicon.ico whatever the page links: send them to the static icon (issue 14, item 13)."""
    return redirect(static("favicon.ico"))


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@requires_csrf_token
def server_error(request):
    """The 500 page (issue 14, item 8): rendered without the request's context processors, so a broken
    database or session cannot break the error page itself; the support e-mail comes from the settings."""
    return HttpResponseServerError(render_to_string("500.html", {"SUPPORT_EMAIL": settings.SUPPORT_EMAIL}))
