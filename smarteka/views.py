from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from smarteka import cabinet as registry
from smarteka import drafts
from smarteka import health as health_checks
from smarteka.roles.utils import roles_display


def home(request):
    return render(request, "home.html")


def favicon(request):
    """Browsers ask /favicon.ico whatever the page links: send them to the static icon (issue 14, item 13)."""
    return redirect(static("favicon.ico"))
@login_required
def cabinet(request):
    """«Мой кабинет» (issue 14, item 4): what awaits the user's action now, their recent objects and their
    roles' main lists — each app's providers registered in ``smarteka.cabinet``. The header's counter
    reuses the count computed here."""
    sections = registry.sections_for(request.user)
    registry.remember_count(request, registry.count_awaiting(sections))
    awaiting = [s for s in sections if s.kind == registry.AWAITING and (s.items or s.empty)]
    return render(request, "cabinet.html", {
        "awaiting": awaiting,
        "awaiting_total": registry.awaiting_count(request),
        "recent": [s for s in sections if s.kind == registry.RECENT and s.items],
        "lists": [s for s in sections if s.kind == registry.LISTS and s.items],
        "roles": roles_display(request.user),
    })


def health(request):
    """The old liveness probe: the database answers (kept for existing probes; /healthz says more)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@never_cache
def healthz(request):
    """Issue 15, item 10: every component's status as JSON, 200 when healthy and 503 otherwise, for a load
    balancer and monitoring; anonymous. The worker's stale heartbeat fails only ``?full=1`` (see
    smarteka/health.py for the choice)."""
    full = request.GET.get("full") in ("1", "true", "yes")
    healthy, components = health_checks.run(full=full)
    return JsonResponse({"status": "ok" if healthy else "error", "components": components},
                        status=200 if healthy else 503)


@requires_csrf_token
def server_error(request):
    """The 500 page (issue 14, item 8): rendered without the request's context processors, so a broken
    database or session cannot break the error page itself; the support e-mail comes from the settings."""
    return HttpResponseServerError(render_to_string("500.html", {"SUPPORT_EMAIL": settings.SUPPORT_EMAIL}))


CSRF_STALE = ("Страница устарела: с тех пор вы входили в систему заново или данные защиты формы обновились. "
              "Изменения не сохранены — отправьте их ещё раз.")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW (issue 15 item 6): a form sent from a page whose protection token is stale (the
    user logged in again in another tab, the cookie was cleared). A page shows what happened and leads
    back to the form, where static/js/drafts.js puts the typed text back (the draft is forgotten only when
    the server accepts the form). A script's request (the autosave, htmx) gets JSON with the message and
    the current token, so the script can send again without reloading the page."""
    if drafts.is_background(request):
        return JsonResponse({"error": CSRF_STALE, "csrf_token": get_token(request)}, status=403)
    back = (drafts.safe_page(request, request.META.get("HTTP_REFERER"))
            or drafts.safe_page(request, drafts._post(request, drafts.PAGE_FIELD)) or request.get_full_path())
    return render(request, "errors/csrf.html", {"back": back, "reason": reason}, status=403)
