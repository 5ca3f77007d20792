"""Nothing typed is lost when the server does not accept a form (issue 15 item 6).

What is typed lives in the browser tab (static/js/drafts.js keeps it in sessionStorage under the form's
``data-draft-key``, which names the object and the user). The server's part:

- a POST that carries ``_draft_key`` (drafts.js adds it on submit) and is answered with a redirect that is
  not the login page was accepted: the response sets the short-lived cookie ``smarteka_drafts_accepted``
  naming the key, and drafts.js forgets that draft on the next page. Anything else (the login redirect,
  the CSRF page, a refused form) leaves the draft in the tab, and it comes back in the form.
- a POST sent to the login page because the session expired: ``next=`` is the page the form was on
  (``_draft_page``; a form may post to another URL that answers only POST), and the login page says why.
- an htmx or fetch request (the passport autosave) after the session expired gets 401 with a Russian
  message as JSON instead of the login page swapped into the form.

choice: the draft stays in the browser, not on the server — the server never keeps a copy of an unaccepted
POST body (personal data, 152-ФЗ); sessionStorage ends with the tab and is keyed by user.
"""

import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

DRAFT_FIELD = "_draft_key"
PAGE_FIELD = "_draft_page"
ACCEPTED_COOKIE = "smarteka_drafts_accepted"
KEY = re.compile(r"^[\w-]{1,120}$")
SESSION_ENDED = ("Сеанс завершён, поэтому форма не отправлена. Войдите снова — введённый текст сохранён "
                 "в этой вкладке браузера и вернётся в форму.")
SESSION_ENDED_BACKGROUND = ("Сеанс завершён: изменения не сохранены. Войдите снова в соседней вкладке — "
                            "введённый текст остаётся на этой странице.")


def is_background(request):
    """An htmx swap or a script's fetch: the answer is not shown as a page."""
    return request.headers.get("HX-Request") == "true" or request.headers.get("X-Requested-With") == "fetch"


def safe_page(request, url):
    """The path of ``url`` when it is a page of this site, else None."""
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                       require_https=request.is_secure()):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _login_redirect(response):
    if response.status_code not in (301, 302, 303) or not response.has_header("Location"):
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


class FormDraftMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST":
            return response
        if _login_redirect(response):
            return self._session_ended(request, response)
        if 300 <= response.status_code < 400 and not is_background(request):
            key = _post(request, DRAFT_FIELD)
            if KEY.match(key):
                self._accepted(request, response, key)
        return response

    def _session_ended(self, request, response):
        page = safe_page(request, _post(request, PAGE_FIELD)) or safe_page(
            request, request.headers.get("HX-Current-URL") or request.META.get("HTTP_REFERER"))
        login = resolve_url(settings.LOGIN_URL)
        target = f"{login}?next={quote(page)}" if page else response["Location"]
        if is_background(request):
            return JsonResponse({"error": SESSION_ENDED_BACKGROUND, "login_url": target}, status=401)
        if _post(request, DRAFT_FIELD):
            messages.warning(request, SESSION_ENDED)
        response["Location"] = target
        return response

    def _accepted(self, request, response, key):
        keys = [k for k in request.COOKIES.get(ACCEPTED_COOKIE, "").split("|") if KEY.match(k) and k != key]
        response.set_cookie(ACCEPTED_COOKIE, "|".join([*keys[-9:], key]), max_age=600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=False)


def _post(request, name):
    try:
        return request.POST.get(name, "")
    except Exception:  # an unreadable body (too big, broken multipart): nothing to learn from it
        return ""
