"""What the header of every logged-in page shows about the user, kept between requests (issue 17 item 2).

The «Мой кабинет» counter (every awaiting provider: 6–10 queries), the bell's unread count and the menu's
«has an expert invitation» / «has filed a replication request» were computed on every page. They are kept
in the cache per user as one entry for ``USER_CACHE_SECONDS`` and dropped

* when the user gets a notice (``smarteka.notifications.services.create_notices``) or a notice of theirs
  is resolved,
* after every POST the user makes (``UserCacheMiddleware``) — reading a notice, filing a request …

so what the user did or was told of shows at once. choice: a change that reaches the user without a notice
(a queue filled by a colleague's action that notifies nobody) may show up to ``USER_CACHE_SECONDS`` late;
the start page «Мой кабинет» itself always counts afresh, and so does every queue.
"""

from django.conf import settings
from django.core.cache import cache

_MISSING = object()


def key(user_id):
    return f"usercache:{user_id}"


# the parts of the header drawn from the kept values (``{% kept_for_user %}``): drawn again whenever one of
# those values is stored afresh
DRAWN = "html:"


def remembered(user, name, compute):
    """``compute()`` for ``user`` under ``name``: once per request (on the user object) and, when
    ``USER_CACHE_SECONDS`` is on, once per that many seconds."""
    local = user.__dict__.setdefault("_smarteka_usercache", {})
    if name in local:
        return local[name]
    seconds = settings.USER_CACHE_SECONDS
    shared = None
    if seconds and user.pk:
        shared = user.__dict__.get("_smarteka_usercache_shared")
        if shared is None:
            shared = cache.get(key(user.pk)) or {}
            user._smarteka_usercache_shared = shared
    value = shared.get(name, _MISSING) if shared is not None else _MISSING
    if value is _MISSING:
        value = compute()
        if shared is not None:
            shared[name] = value
            cache.set(key(user.pk), shared, seconds)
    local[name] = value
    return value


def remember(user, name, value):
    """Store a value computed elsewhere (the start page's fresh count); the header drawn from the old value
    is drawn again."""
    local = user.__dict__.setdefault("_smarteka_usercache", {})
    local[name] = value
    _drop_drawn(local)
    if settings.USER_CACHE_SECONDS and user.pk:
        shared = user.__dict__.get("_smarteka_usercache_shared")
        if shared is None:
            shared = cache.get(key(user.pk)) or {}
        shared[name] = value
        _drop_drawn(shared)
        user._smarteka_usercache_shared = shared
        cache.set(key(user.pk), shared, settings.USER_CACHE_SECONDS)


def _drop_drawn(values):
    for name in [name for name in values if name.startswith(DRAWN)]:
        del values[name]


def forget(user_ids):
    """Drop the kept values of these users (the request's own copies stay: the page being drawn is
    consistent)."""
    keys = [key(pk) for pk in user_ids if pk]
    if keys and settings.USER_CACHE_SECONDS:
        cache.delete_many(keys)


class UserCacheMiddleware:
    """After a POST by a logged-in user, their header is counted afresh on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method == "POST" and user is not None and user.is_authenticated:
            forget([user.pk])
        return response
