"""The machinery of the URL matrix (issue 15 item 1): the module fixture that builds the world once, and the
test that requests one row's URL as every user. Each test module of the matrix hands its rows to
``world_fixture`` and ``matrix_test`` (two modules, so that ``make test``'s two workers share the work)."""

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from smarteka.accounts import backends
from tests.smarteka.url_matrix.expect import LOGIN, OK, REFUSED, resolve
from tests.smarteka.url_matrix.world import USERS, World

# Tables a refused request may write: the session row carries the flash message of the refusal.
UNWATCHED_TABLES = ("django_session",)

POST_OK = frozenset({200, 302, 400})


def cases(entries):
    return [(entry, method) for entry in entries
            for method, spec in (("GET", entry.get), ("POST", entry.post)) if spec is not None]


def requests_count(entries):
    return sum(len(users_for(entry.get if method == "GET" else entry.post)) for entry, method in cases(entries))


def users_for(spec):
    """Who asks: everyone; the GET of a POST-only view (it answers 405 before any rule) only anonymous and a
    user without roles — choice: the 405 is the decorator's, the same for every role."""
    return ("anonymous", "outsider") if spec.ok == frozenset({405}) else USERS


def world_fixture(entries):
    """A module fixture ``url_world``: every object of ``entries``, and a logged-in session per user, built once
    inside a transaction that is rolled back after the module. The refusals' log lines (a warning with the
    traceback for every 403 and 404) are silenced meanwhile."""

    @pytest.fixture(scope="module", name="url_world")
    def url_world(django_db_setup, django_db_blocker):
        request_logger = logging.getLogger("django.request")
        level = request_logger.level
        request_logger.setLevel(logging.ERROR)
        try:
            yield from _world(entries, django_db_blocker)
        finally:
            request_logger.setLevel(level)

    return url_world


def _world(entries, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = World()
            for key in USERS:
                w.user(key)
            for entry in entries:  # build now, not inside a request's savepoint
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
                    w.users[key] = get_user_model().objects.get(pk=w(key).pk)
                    client = Client()
                    client.force_login(w(key), backend=backends.PATH)
                    w.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
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


def _check(entry, method, spec, user_key, w, url):
    """The answer to one user, or None when it is what the rules say."""
    user = w.user(user_key)
    expected = spec.outcome(user, w)
    client = Client()
    if user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[user_key]
    refused_post = method == "POST" and (expected in REFUSED or expected == "moved-on")
    before = _writes() if refused_post else None
    try:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, entry.data(w) if entry.data else {})
    except Exception as exc:  # noqa: BLE001 — a 500: reported with the others
        return f"{user_key}: expected {expected}, the view raised {exc!r}"
    status = response.status_code
    where = f" → {response['Location']}" if status in (301, 302) else ""
    said = f"{user_key}: expected {expected}, got {status}{where}"
    if status >= 500:
        return said
    if expected == LOGIN:
        if not _is_login_redirect(response):
            return said
    elif expected in ("redirect", "moved-on"):
        if status != 302 or _is_login_redirect(response):
            return said
    elif expected == OK:
        ok = spec.ok if method == "GET" or spec.ok != frozenset({200}) else POST_OK
        if status not in ok or _is_login_redirect(response):
            return said
    elif status != expected:
        return said
    if refused_post:
        after = _writes()
        changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
        if changed:
            return f"{said}, but the refused POST wrote to the database (table: (before, after)): {changed}"
    return None


def matrix_test(entries):
    """The parametrized test of ``entries``: one URL, one method per test, every user inside it."""
    rows = cases(entries)

    @pytest.mark.django_db
    @pytest.mark.parametrize("entry, method", rows, ids=[f"{e.id}-{m}" for e, m in rows])
    def test_url_answers_as_the_rules_say(entry, method, url_world):
        """One URL, one method, every user; each request in a savepoint rolled back after it."""
        w = url_world
        w.fresh.clear()
        spec = entry.get if method == "GET" else entry.post
        url = reverse(entry.url, kwargs=entry.kwargs(w) if entry.kwargs else None)
        failures = []
        for user_key in users_for(spec):
            with transaction.atomic():
                problem = _check(entry, method, spec, user_key, w, url)
                transaction.set_rollback(True)
            if problem:
                failures.append(problem)
        assert not failures, f"{method} {url} ({entry.id}) does not answer as the rules say:\n  " + "\n  ".join(failures)

    return test_url_answers_as_the_rules_say
