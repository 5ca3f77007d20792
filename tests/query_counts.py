"""Shared check of the project standard «page query counts stay constant as data grows» (STYLE)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url):
    """``(number of queries, html)`` of one GET of ``url`` answered with 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def assert_constant_queries(client, url, grow, *, small=2, large=12):
    """``grow(k)`` adds ``k`` more listed objects and returns the texts each shows on the page.
    The page is built with ``small`` and with ``large`` objects: both show every object and take
    the same number of queries. Returns the two counts."""
    shown = list(grow(small))
    client.get(url)  # warm the content-type, calendar and session caches
    few, html = page_queries(client, url)
    for text in shown:
        assert text in html, text
    shown += grow(large - small)
    many, html = page_queries(client, url)
    for text in shown:
        assert text in html, text
    print(f"QUERIES {url}: {few} / {many}")
    if few != many:
        dump_queries(client, url)
    assert few == many, f"{url}: {few} queries with {small} objects, {many} with {large}"
    return few, many


def dump_queries(client, url):  # debugging aid: the SQL of one GET
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for q in captured.captured_queries:
        print("SQL", q["sql"][:300])
