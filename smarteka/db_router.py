"""Reads of public pages from a PostgreSQL read replica (issue 17 item 4).

When ``DATABASE_REPLICA_URL`` is set, settings add the ``replica`` alias and this router. Only
these reads go to the replica:

- a GET or HEAD request to one of ``settings.DATABASE_REPLICA_VIEWS`` (the catalogue, the practice
  page, the knowledge base, regions, the home page: what anonymous visitors load most), and
- outside a transaction, and before anything in the same request has written.

Everything else reads the primary: other pages (queues, forms, the cabinet — where a user expects to
see what they just did), Celery tasks and management commands (no request), any query inside
``transaction.atomic`` (``select_for_update``, services), every read after a write in the same request
(the request is pinned to the primary), sessions and users (a login must hold on the next page). A
request that wrote also sets a short cookie, so the redirect after a POST and the next few seconds of
that browser read the primary too: the visitor sees their own change although the replica lags.
choice: the regulation is silent on the infrastructure; the stale window a visitor of a public page
can see is the replica's lag (typically below a second), never their own writes.
"""

import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import Resolver404, resolve

REPLICA_ALIAS = "replica"
PIN_COOKIE = "smarteka_primary"
PIN_SECONDS = 10
PRIMARY_ONLY_APPS = {"sessions", "accounts", "auth", "contenttypes"}

_replica_allowed = contextvars.ContextVar("replica_allowed", default=False)
_pinned = contextvars.ContextVar("pinned_to_primary", default=False)


def replica_configured():
    return REPLICA_ALIAS in connections.settings


def pin_to_primary():
    """From now on this request (or task) reads the primary: something was written."""
    _pinned.set(True)


def is_pinned():
    return _pinned.get()


class ReplicaRouter:
    """Send allowed reads to ``replica``; everything else (and every write) to ``default``."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or _pinned.get() or not replica_configured():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_ALIAS

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's data: objects from both relate freely

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA_ALIAS  # the replica gets the schema by replication


def replica_view(request):
    """Whether ``request`` may read the replica: GET/HEAD of a listed public view, not pinned by cookie."""
    if request.method not in ("GET", "HEAD") or request.COOKIES.get(PIN_COOKIE):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in getattr(settings, "DATABASE_REPLICA_VIEWS", ())


class ReplicaRoutingMiddleware:
    """Mark the request for the router; pin the browser to the primary for a few seconds after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = _replica_allowed.set(replica_configured() and replica_view(request))
        pinned = _pinned.set(False)
        try:
            response = self.get_response(request)
            if _pinned.get() and replica_configured():
                response.set_cookie(PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax",
                                    secure=request.is_secure())
            return response
        finally:
            _replica_allowed.reset(allowed)
            _pinned.reset(pinned)
