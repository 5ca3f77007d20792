"""The cache of public pages for anonymous visitors (issue 17, item 3).

A page decorated with ``@public_page`` is kept, for anonymous GET requests only, in the Django cache
(Redis in production) under a key made of the **public version** and the request's path, query string
and htmx target. Whatever a public page shows bumps the version (``bump()``, after the commit that made
the change) so every cached public page is dropped at once — see ``connect_invalidation()``: a practice
published, actualized (its published row rewritten), archived or deleted; a replication request created
or changing state (the «Хотят внедрить» / «Внедрено» counts); a practice's implementing regions; a
region's or category's name.

choice: «Полезно» counts are not a reason to invalidate (a mark is cheap and frequent): a cached page is
kept at most ``PAGE_CACHE_SECONDS`` (60 s by default), so its «Полезно» counts lag by at most a minute;
the user who marked it is logged in and sees their page uncached.

A cached response carries an ETag (hash of the content) and Last-Modified (when it was rendered); a
conditional request matching them is answered 304 Not Modified. A page is not cached when it set a
cookie or used the CSRF token (base.html leaves out the htmx CSRF header on cached pages: the public
pages have no POST form for anonymous visitors), or when its status is not 200.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from smarteka.cacheversion import CacheVersion

VERSION_KEY = "public-pages:version"
_version = CacheVersion(VERSION_KEY)


def seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def version():
    return _version.current()


def bump():
    """Drop every cached public page once the current transaction commits (at once outside one)."""
    _version.bump()


def _key(request, current):
    target = request.headers.get("HX-Target", "") if request.headers.get("HX-Request") else ""
    raw = f"{request.get_full_path()}|{target}"
    return f"public-pages:{current}:{hashlib.sha1(raw.encode()).hexdigest()}"


def cacheable(request):
    return (seconds() > 0 and request.method in ("GET", "HEAD") and not request.user.is_authenticated
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)  # a session may carry messages


def public_page(view):
    """Serve the page from the cache to anonymous visitors (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, version())
        hit = cache.get(key)
        if hit is not None:
            content, content_type, etag, last_modified = hit
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if response is None:
                response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
                response["Last-Modified"] = http_date(last_modified)
            response["X-Page-Cache"] = "hit"
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            return response
        request.public_page_cache = True  # base.html: no CSRF token on a shared page
        response = view(request, *args, **kwargs)
        if (response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False)
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")):
            etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            last_modified = int(time.time())
            cache.set(key, (response.content, response["Content-Type"], etag, last_modified), seconds())
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["X-Page-Cache"] = "miss"
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper
