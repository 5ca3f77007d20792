"""What every open-data response shares (F-PLUS-5): the rate limit (429 with a JSON error) and the cache
headers (ETag, Last-Modified; a conditional request that matches is answered 304 Not Modified).

choice (the regulation is silent): 120 requests a minute per address (an IPv6 /64), counted over the
API, its CSV and the feeds together (``OPEN_DATA_RATE`` in settings); django-ratelimit's counters via
``smarteka.ratelimit`` like the forms' flood limits. Bulk readers take the CSV (the whole list in one
response) rather than walking the pages."""

import functools
import hashlib

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from practices.api.feeds import newest_first
from practices.models import Practice, PracticeState
from smarteka import pagecache, ratelimit

MAX_AGE = 60


def limits():
    return (ratelimit.Limit("ip", getattr(settings, "OPEN_DATA_RATE", "120/m"), ratelimit.by_ip),)


def too_many(wait):
    response = JsonResponse({"detail": f"Слишком много запросов к открытым данным. Повторите {ratelimit.wait_text(wait)}."},
                            status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(max(1, int(wait)))
    return response


def last_modified():
    """When the public list last changed: the latest publication or accepted actualization (a practice
    leaving the catalogue changes the ETag, which is computed from the content)."""
    latest = newest_first(Practice.objects.filter(state=PracticeState.PUBLISHED)).values_list("changed", flat=True).first()
    return int(latest.timestamp()) if latest else None


def conditional(request, response, *, etag=None):
    """ETag (the content's hash unless given) and Last-Modified on a 200 GET; 304 when they match."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if etag is None and getattr(response, "streaming", False):
        # the streamed CSV is not hashed: the public pages' version (bumped on every public change) names it
        path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        etag = f'W/"{pagecache.version()}-{path}"'
    elif etag is None:
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    modified = last_modified()
    if etag:
        response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified, response=response)
    if not_modified is not response and not_modified is not None:
        patch_cache_control(not_modified, public=True, max_age=MAX_AGE)
        return not_modified
    return response


def open_data(view):
    """Rate limit, then the view, then the cache headers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        wait = ratelimit.hit(request, "open-data", limits())
        if wait is not None:
            return too_many(wait)
        return conditional(request, view(request, *args, **kwargs))

    return wrapper
