"""F-PLUS-5: the open data's query counts do not grow with the data (STYLE, small-N/large-N): the API's
list page, the practice, the CSV, the feeds, the subscriptions page."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.api import subscriptions
from practices.models import CostRange
from tests import factories
from tests.factories import published_practice
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(author, category_a, recipient):
    from replication.models import ReplicationRequest

    counter = itertools.count(1)
    cost = CostRange.objects.order_by("order").first()

    def add(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = published_practice(author, title=f"Практика номер {i:02d}", category=category_a,
                                          cost_range=cost, level=1)
            practice.implemented_regions.add(recipient.region)
            ReplicationRequest.objects.create(practice=practice, recipient=recipient,
                                              recipient_region=recipient.region, state="done")
            shown.append(f"Практика номер {i:02d}")
        return shown

    return add


@pytest.mark.parametrize("url", ["/api/v1/practices/", "/api/v1/practices/?level=1&sort=popular",
                                 "/api/v1/practices/?q=практика", "/feeds/practices/"])
def test_open_data_lists_query_count_constant_f_plus_5(client, grow, url):
    # three at least: a text query finding «almost nothing» (two) also asks for a correction, as the catalogue does
    assert_constant_queries(client, url, grow, small=3)


def test_open_data_csv_query_count_constant_f_plus_5(client, grow):
    def csv_queries():
        with CaptureQueriesContext(connection) as captured:
            body = b"".join(client.get("/api/v1/practices.csv").streaming_content).decode()
        return len(captured), body

    shown = grow(2)
    csv_queries()
    few, body = csv_queries()
    shown += grow(10)
    many, body = csv_queries()
    assert all(text in body for text in shown)
    assert few == many


def test_subscriptions_page_query_count_constant_f_plus_5(client, outsider):
    counter = itertools.count(1)

    def add(k):
        shown = []
        for _ in range(k):
            region = factories.region(f"{next(counter) + 40}", f"Регион номер {next(counter):03d}")
            subscriptions.subscribe(outsider, region=region)
            shown.append(region.name)
        return shown

    client.force_login(outsider)
    assert_constant_queries(client, reverse("practices:subscriptions"), add)


def test_the_feed_and_last_modified_can_read_their_index_f_plus_5(author):
    """The feeds' order and Last-Modified are one query shape, the expression of the partial index
    practice_feed_changed (migration 0014) newest first: the planner can answer both from the end of that
    index instead of sorting every published practice. (Last-Modified was a MAX(), which the planner could
    as well answer from any other index of a near-empty test table: the test failed now and then.)"""
    from practices.api.feeds import FEED_SIZE, newest_first
    from practices.models import Practice

    published_practice(author, title="Практика для плана")
    published = Practice.objects.filter(state="published")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        for rows in (newest_first(published).values("pk")[:FEED_SIZE],
                     newest_first(published).values_list("changed", flat=True)[:1]):
            sql, params = rows.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "practice_feed_changed" in plan, plan
            assert "Sort" not in plan, plan


def test_the_api_does_not_read_the_filters_option_lists_f_plus_5(client, grow, category_a):
    """Issue 17 («no page over 15 queries»): the API returns no filter options, so its search does not read
    the lists of federal districts and regions the catalogue page shows beside its results."""
    grow(3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/practices/", {"q": "практика", "category": category_a.pk})
    assert response.status_code == 200 and len(response.json()["items"]) == 3
    lists = [q["sql"] for q in queries.captured_queries
             if q["sql"].startswith(('SELECT "regions_federaldistrict"', 'SELECT "regions_region"'))]
    assert lists == []
