"""Issue 17 item 2 (F-CAT-1): a broad query ranks only what can reach the first page and estimates its
counts («около …»); on the query table of issue 16 its order is the exact path's."""

import pytest
from django.urls import reverse

from practices.catalogue import broad
from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search
from tests.factories import published_practice
from tests.practices.test_search_query_table import CASES, TITLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(author):
    for title in TITLES:
        published_practice(author, title=title, goal=f"Цель: {title.lower()}.")


def pages(q, **params):
    result = search(CatalogueQuery(q=q, **params))
    return [p.pk for p in result.page.object_list], result


def test_issue_17_broad_path_keeps_the_relevance_order_of_the_query_table(catalogue, monkeypatch):
    """On the query table the broad path (every query forced broad) orders exactly as the exact path:
    what it leaves unranked cannot reach the page."""
    exact = {q: pages(q)[0] for _, q, _, _ in CASES}
    monkeypatch.setattr(broad, "BROAD_MIN", 0)
    changed = []
    for q, ids in exact.items():
        got, result = pages(q)
        if result.total and not result.corrected:
            assert result.estimated, q
        if got != ids:
            changed.append(q)
    assert changed == []


def test_issue_17_broad_query_says_its_counts_are_estimates(author, client, monkeypatch):
    for i in range(30):
        published_practice(author, title=f"Развитие территории {i}")
    monkeypatch.setattr(broad, "BROAD_MIN", 0)
    monkeypatch.setattr(broad, "CANDIDATES", 5)  # only the newest five of each kind are ranked
    html = client.get(reverse("practices:catalogue"), {"q": "развитие"}).content.decode()
    assert "найдено: <strong>около 30 практик</strong>" in html
    assert '<span aria-label="около">≈</span>30' in html  # the facet counts say they are estimates
    ids, result = pages("развитие")
    assert result.estimated and len(ids) == 12 and result.total == 30
    ids2, _ = pages("развитие", page="2")
    assert len(ids2) == 12 and not set(ids) & set(ids2)
    dated, _ = pages("развитие", sort="date")
    assert len(dated) == 12


def test_issue_17_narrow_query_stays_exact(author):
    published_practice(author, title="Школа полного дня")
    result = search(CatalogueQuery(q="школа"))
    assert result.total == 1 and not result.estimated


def test_issue_17_broad_query_with_a_filter_counts_exactly_while_reading_the_newest(
        author, category_a, category_b, monkeypatch):
    """With filters a broad query's total is exact; when the name matches are too few and the newest
    matches are read, their number comes with them (``count(*) OVER ()``), not from a second scan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(9):
        published_practice(author, title=f"Проект {i}", goal="Развитие территории",
                           category=category_a if i < 7 else category_b)
    published_practice(author, title="Развитие села", category=category_a)  # the one name match
    monkeypatch.setattr(broad, "BROAD_MIN", 0)
    with CaptureQueriesContext(connection) as queries:
        ids, result = pages("развитие", category=[category_a.pk])
    assert result.total == 8 and len(ids) == 8  # exact: the seven in the category and the name match
    assert ids[0] == result.page.object_list[0].pk and result.page.object_list[0].title == "Развитие села"
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts == []  # read beside the newest matches
    # the name matches alone reach the page: the newest are not read, the total is counted on its own
    monkeypatch.setattr(broad, "CANDIDATES", 1)
    ids, result = pages("развитие", category=[category_a.pk])
    assert result.total == 8
    _, unfiltered = pages("развитие")
    assert unfiltered.total == 10
