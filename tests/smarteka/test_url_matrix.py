"""Every URL of the site × every kind of user, answered as the permission module says (issue 15 item 1,
F-ROLE-1).

The URL resolver is walked recursively (includes and namespaces): a pattern without a row in the matrix
(tests/smarteka/url_matrix/entries_*.py) or a reasoned entry in ``EXEMPT`` fails
``test_every_url_is_in_the_matrix`` with the list of the missing ones — a view added later cannot escape.

Each row builds its URL from real objects (tests/smarteka/url_matrix/world.py: practices driven to their
state by the validation services, requests, pools, proposals…) and is requested by GET, and by POST for an
action, as each of ``USERS``: anonymous, a user without roles, each role in scope and the same role out of
scope (author and coordinator of another region, expert-moderator and expert of another category, the
implementation moderator of another request, a recipient of another region), a team member, partner, rating
committee, federal-district curator. The expected answer is derived from ``smarteka.permissions.can`` for
the rules the row names (never a hand-made list of users): anonymous → 302 to login, a ``see`` rule refused
→ 404, a ``may`` rule refused → 403, allowed → 200 (GET) / 200, 302 or 400 (POST: done, or the form again).
A refused POST must leave the database as it was: no row inserted, updated or deleted in any table
(PostgreSQL's per-transaction counters ``pg_stat_xact_user_tables``; the session table, which carries the
flash message, aside). No answer may be a 500. A test is one URL and one method; its failure lists every
user whose answer differs («coordinator_b: expected 404, got 200»).

Size (2026-12-04, after the reports and open data): 171 URL patterns (all but the exempt) in 265 rows × 19 users:
5963 requests (2660 of them POST) —
``test_matrix_size`` prints the current figures. The GET of a POST-only view is asked of anonymous and a user
without roles only (its 405 comes from the decorator, before any rule).

The objects are built once per module inside a transaction; each request runs in a savepoint rolled back
after it, and the users' sessions are made once (``force_login``). The rows are split over two modules (this
one: site and practices; test_url_matrix_workflow.py: the workflow apps) so that ``make test``'s two workers
share them. How to add a row: tests/smarteka/url_matrix/__init__.py.
"""

from dataclasses import replace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.smarteka.url_matrix import (
    entries_api,
    entries_integrity,
    entries_notify_settings,
    entries_plus_public,
    entries_practices,
    entries_preview,
    entries_reports_annual,
    entries_reports_dashboard,
    entries_reports_quarterly,
    entries_revision_points,
    entries_site,
    entries_workflow,
)
from tests.smarteka.url_matrix.runner import matrix_test, requests_count, world_fixture
from tests.smarteka.url_matrix.world import USERS

pytestmark = pytest.mark.django_db  # the session's reference-data fixture needs the test database

# each helper's own rows (the workflow's run in test_url_matrix_workflow.py)
OWN = [
    *entries_reports_quarterly.ENTRIES,
    *entries_api.ENTRIES,
    *entries_reports_annual.ENTRIES,
    *entries_reports_dashboard.ENTRIES,
    *entries_notify_settings.ENTRIES,
    *entries_plus_public.ENTRIES,
    *entries_preview.ENTRIES,
    *entries_revision_points.ENTRIES,
]
# the integrity rows run in test_url_matrix_integrity.py, like the workflow's
ENTRIES = [*entries_site.ENTRIES, *entries_practices.ENTRIES, *entries_workflow.ENTRIES, *entries_integrity.ENTRIES,
           *OWN]
ROWS = [*entries_site.ENTRIES, *entries_practices.ENTRIES, *OWN]

# URLs outside the matrix, each with its reason. A namespace ends with ":*".
EXEMPT = {
    "admin:*": "Django's admin site: every view is wrapped in AdminSite.admin_view (is_staff, else the admin "
               "login); tests/smarteka/test_admin_pages.py covers it",
    "healthz": "the load balancer's probe: public by design, answers 200 or 503 by the state of PostgreSQL, "
               "Redis, the worker and the storage (tests/smarteka/test_healthz.py), not by who asks",
}


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


def test_matrix_size():
    """The figures of the module docstring and README «Надёжность и безопасность» (printed with ``-s``)."""
    urls = {entry.url for entry in ENTRIES}
    total = requests_count(ENTRIES)
    posts = requests_count([replace(entry, get=None) for entry in ENTRIES])
    print(f"{len(urls)} URL patterns in {len(ENTRIES)} rows × {len(USERS)} users: {total} requests "
          f"({posts} of them POST)")
    assert len(urls) > 100 and total > 3000


url_world = world_fixture(ROWS)
test_url_answers_as_the_rules_say = matrix_test(ROWS)
