"""Every URL of the site × every kind of user, answered as the permission module says (issue 15 item 1,
F-ROLE-1).

The URL resolver is walked recursively (includes and namespaces): a pattern without a row in the matrix
(tests/smarteka/url_matrix/entries_*.py) or a reasoned entry in ``EXEMPT`` fails
``test_every_url_is_in_the_matrix`` with the list of the missing ones — a view added later cannot escape.

Each row builds its URL from real objects (tests/smarteka/url_matrix/world.py: practices driven to their
state by the validation services, requests, pools, proposals…) and is requested by GET, and by POST for an
action, as each of ``USERS``: anonymous, a user without roles, each role in scope and the same role out of
scope (author and coordinator of another region, expert-moderator and expert of another category, the
implementation moderator of another request, a recipient of another region), team member, partner, rating
committee, federal-district curator. The expected answer is derived from ``smarteka.permissions.can`` for
the rules the row names (never a hand-made list of users): anonymous → 302 to login, a ``see`` rule refused
→ 404, a ``may`` rule refused → 403, allowed → 200 (GET) / 200, 302 or 400 (POST: done, or the form again).
A refused POST must leave the database as it was: no row inserted, updated or deleted in any table
(PostgreSQL's per-transaction counters ``pg_stat_xact_user_tables``; the session table, which carries the
flash messages, aside). No answer may be a 500.

Size (recorded in README «Надёжность и безопасность»): MATRIX_SIZE_NOTE below, checked by
``test_matrix_size_is_recorded``.

The objects are built once for the module inside a transaction; each request runs in a savepoint rolled back
after it, and the users' sessions are made once (``force_login``), so the whole matrix runs in about the time
of a few hundred ordinary tests. How to add a row: tests/smarteka/url_matrix/__init__.py.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.smarteka.url_matrix import entries_practices, entries_site, entries_workflow
from tests.smarteka.url_matrix.expect import LOGIN, OK, REFUSED, resolve
from tests.smarteka.url_matrix.world import USERS, World

pytestmark = pytest.mark.django_db  # the session's reference-data fixture needs the test database

ENTRIES = [*entries_site.ENTRIES, *entries_practices.ENTRIES, *entries_workflow.ENTRIES]

# URLs outside the matrix, each with its reason. A namespace ends with ":*".
EXEMPT = {
    "admin:*": "Django's admin site: every view is wrapped in AdminSite.admin_view (is_staff, else the admin "
               "login); tests/smarteka/test_admin_pages.py covers it",
    "healthz": "the load balancer's probe: public by design, answers 200 or 503 by the state of PostgreSQL, "
               "Redis, the worker and the storage (tests/smarteka/test_healthz.py), not by who asks",
}

# Tables a refused request may write: the session row carries the flash message of the refusal.
UNWATCHED_TABLES = ("django_session",)

POST_OK = frozenset({200, 302, 400})

MATRIX_SIZE_NOTE = "see test_matrix_size_is_recorded"


def resolver_urls(patterns=None, namespace=None, prefix=""):
    """``{key: route}`` of every pattern: «namespace:name», a bare name, or the route of an unnamed one."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found.update(resolver_urls(pattern.url_patterns, inner, route))
        elif isinstance(pattern, URLPattern):
            key = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            found[key or f"{namespace + ':' if namespace else ''}<unnamed {route}>"] = route
    return found


def _exempt(key):
    return key in EXEMPT or any(key.startswith(ns[:-1]) for ns in EXEMPT if ns.endswith(":*"))


def test_every_url_is_in_the_matrix():
    urls = resolver_urls()
    covered = {entry.url for entry in ENTRIES}
    missing = sorted(f"{key}  ({route})" for key, route in urls.items() if key not in covered and not _exempt(key))
    assert not missing, ("URL patterns without a row in the permission matrix (tests/smarteka/url_matrix/"
                         "entries_*.py; how to add one: tests/smarteka/url_matrix/__init__.py):\n  "
                         + "\n  ".join(missing))
    stale = sorted(covered - set(urls))
    assert not stale, "matrix rows for URLs the resolver no longer has: " + ", ".join(stale)


CASES = [(entry, user, method) for entry in ENTRIES for user in USERS
         for method, spec in (("GET", entry.get), ("POST", entry.post)) if spec is not None]


def test_matrix_size_is_recorded():
    """The figures README quotes («Надёжность и безопасность»)."""
    urls = {entry.url for entry in ENTRIES}
    line = (f"{len(urls)} URL patterns in {len(ENTRIES)} rows × {len(USERS)} users = {len(CASES)} requests "
            f"({sum(1 for c in CASES if c[2] == 'POST')} of them POST)")
    print(line)
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert line in readme, f"README «Надёжность и безопасность» should quote: {line}"


@pytest.fixture(scope="module")
def url_world(django_db_setup, django_db_blocker):
    """Every object of every row, and a logged-in session per user, built once inside a transaction that is
    rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = World()
            for key in USERS:
                w.user(key)
            for entry in ENTRIES:  # build now, not inside a request's savepoint
                for part in (entry.kwargs, entry.data):
                    if part:
                        part(w)
                for spec in (entry.get, entry.post):
                    if spec is not None:
                        for ref in spec.refs():
                            resolve(w, ref)
                        for key in ("asi", "author"):
                            spec.outcome(w(key), w)
            w.sessions = {}
            for key in USERS:
                if key != "anonymous":
                    client = Client()
                    client.force_login(w(key), backend="django.contrib.auth.backends.ModelBackend")
                    w.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
            print("url matrix world:", sorted(((round(t, 2), n) for n, t in w.timings.items()), reverse=True)[:25])
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _writes():
    """Rows inserted, updated or deleted so far in this transaction, per watched table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
                       "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0")
        return {name: counts for name, *counts in cursor.fetchall() if name not in UNWATCHED_TABLES}


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("entry, user_key, method", CASES,
                         ids=[f"{e.id}-{u}-{m}" for e, u, m in CASES])
def test_url_answers_as_the_rules_say(entry, user_key, method, url_world):
    w = url_world
    user = None if user_key == "anonymous" else get_user_model().objects.get(pk=w(user_key).pk)
    spec = entry.get if method == "GET" else entry.post
    expected = spec.outcome(user, w)
    url = reverse(entry.url, kwargs=entry.kwargs(w) if entry.kwargs else None)
    client = Client()
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[user_key]
    before = _writes()
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, entry.data(w) if entry.data else {})
    status = response.status_code
    where = f" → {response['Location']}" if status in (301, 302) else ""
    said = f"{method} {url} ({entry.id}) as {user_key}: expected {expected}, got {status}{where}"
    assert status < 500, said
    if expected == LOGIN:
        assert _is_login_redirect(response), said
    elif expected in ("redirect", "moved-on"):
        assert status == 302 and not _is_login_redirect(response), said
    elif expected == OK:
        ok = spec.ok if method == "GET" or spec.ok != frozenset({200}) else POST_OK
        assert status in ok and not _is_login_redirect(response), said
    else:
        assert status == expected, said
    if method == "POST" and (expected in REFUSED or expected == "moved-on"):
        after = _writes()
        changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
        assert not changed, f"{said}; the refused POST wrote to the database (table: (before, after)): {changed}"
