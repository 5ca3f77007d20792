"""F-PLUS-5 open data: the API equals the catalogue, walks by cursor, shows public fields only, answers
304 and 429, the CSV and the Atom feeds (issue 19 item 5)."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from practices.api.endpoints import api, decode_cursor, encode_cursor
from practices.api.schemas import PUBLIC_FIELDS
from practices.catalogue.query import PAGE_SIZE, CatalogueQuery
from practices.catalogue.search import search
from practices.models import CostRange
from tests import factories
from tests.factories import published_practice
from tests.smarteka.test_foundation import assert_own_assets

pytestmark = pytest.mark.django_db

API = "/api/v1/practices/"


@pytest.fixture
def spread(author, region_b, category_a, category_b):
    other_author = factories.UserFactory(region=region_b)
    costs = list(CostRange.objects.order_by("order")[:2])
    now = timezone.now()
    rows = []
    for i in range(30):
        rows.append(published_practice(
            author if i % 2 else other_author, title=f"Школа здоровья {i}" if i % 3 else f"Бережливая поликлиника {i}",
            goal="Снизить очереди в поликлиниках" if i % 4 else "Школьное питание",
            category=category_a if i % 2 else category_b, level=1 + i % 3, cost_range=costs[i % 2],
            months_to_launch=2 + i, published_at=now - datetime.timedelta(days=i)))
    published_practice(author, title="Школа в архиве", state="archived", category=category_a)
    published_practice(author, title="Школа на проверке", state="regional_review", category=category_a)
    return rows


def walk(client, url):
    ids, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        ids += [row["id"] for row in data["items"]]
        url, pages = data["next"], pages + 1
        assert pages < 100
    return ids


def catalogue_ids(params):
    """Every page of the catalogue page's own search for ``params``."""
    from django.http import QueryDict

    ids, page = [], 1
    while True:
        get = QueryDict(params, mutable=True)
        get["page"] = str(page)
        result = search(CatalogueQuery.from_get(get))
        ids += [p.pk for p in result.page.object_list]
        if not result.page.has_next():
            return ids
        page += 1


@pytest.mark.parametrize("params", [
    "", "sort=date", "sort=popular", "level=2", "level=1&level=3", "months=0-3&months=13-",
    "q=школа", "q=поликлиника&sort=relevance", "q=очереди&level=2", "q=поликлинника",
])
def test_api_results_equal_the_catalogue_for_the_same_filters_and_search_f_plus_5(client, spread, category_a,
                                                                                 region_b, params):
    """F-PLUS-5: the API's list, walked by cursor, is the catalogue's list, page after page."""
    expected = catalogue_ids(params)
    assert walk(client, f"{API}?{params}") == expected
    assert expected  # the parameters find something


def test_api_category_and_region_filters_equal_the_catalogue_f_plus_5(client, spread, category_a, region_b):
    for params in (f"category={category_a.pk}", f"region={region_b.pk}",
                   f"category={category_a.pk}&region={region_b.pk}&q=школа"):
        assert walk(client, f"{API}?{params}") == catalogue_ids(params)


def test_cursor_pagination_walks_every_published_practice_once_f_plus_5(client, spread):
    ids = walk(client, API)
    assert len(ids) == len(set(ids)) == 30
    assert set(ids) == {p.pk for p in spread}
    first = client.get(API).json()
    assert len(first["items"]) == PAGE_SIZE and first["total"] == 30 and first["next"]


def test_a_bad_cursor_is_a_404_and_cursors_are_signed_f_plus_5(client, spread):
    assert decode_cursor(encode_cursor(3)) == 3
    response = client.get(f"{API}?cursor=page-2")
    assert response.status_code == 404 and "курсор" in response.json()["detail"]
    assert client.get(f"{API}?level=x").status_code == 422


def test_practice_detail_only_for_published_f_plus_5(client, spread):
    practice = spread[0]
    data = client.get(f"{API}{practice.pk}/").json()
    assert data["title"] == practice.title and data["region"]["code"] == practice.region.code
    assert "author" not in data and "email" not in json.dumps(data)
    from practices.models import Practice
    for hidden in Practice.objects.exclude(state="published"):
        assert client.get(f"{API}{hidden.pk}/").status_code == 404


def test_replication_counts_come_from_the_reverse_relation_f_plus_5(client, spread, recipient):
    """The replication count is the catalogue's annotation over replication's requests."""
    from replication.models import ReplicationRequest

    practice = spread[0]
    ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=recipient.region,
                                      state="done")
    row = next(r for r in client.get(API).json()["items"] if r["id"] == practice.pk)
    assert row["replications_count"] == 1 and row["requests_count"] == 1
    assert client.get(f"{API}{practice.pk}/").json()["replications_count"] == 1


def _walk_schema(node, path, found):
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            found.append((f"{path}.{name}", name))
            _walk_schema(value, f"{path}.{name}", found)
        for key, value in node.items():
            if key != "properties":
                _walk_schema(value, f"{path}.{key}", found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk_schema(value, f"{path}[{i}]", found)


def test_no_private_field_anywhere_in_the_schema_f_plus_5(client):
    """F-PLUS-5: every property of every component (and of every inline response schema) is on the
    allow-list of public fields; nothing names an e-mail, a phone, a contact, an author or a draft."""
    schema = client.get("/api/v1/schema/").json()
    found = []
    _walk_schema(schema["components"], "components", found)
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            _walk_schema(operation.get("responses", {}), "responses", found)
    assert found
    assert {name for _, name in found} <= PUBLIC_FIELDS, [p for p, n in found if n not in PUBLIC_FIELDS]
    text = json.dumps(schema["components"]).lower()
    for word in ("email", "phone", "contact", "author", "team", "comment", "protocol", "draft"):
        assert f'"{word}' not in text
    assert set(schema["components"]["schemas"]) >= {"PracticeOut", "PracticeDetailOut", "CategoryOut", "RegionOut"}


def test_no_private_value_in_the_answers_f_plus_5(client, spread):
    author_email = spread[0].author.email
    for url in (API, f"{API}{spread[0].pk}/", "/api/v1/categories/", "/api/v1/regions/",
                "/api/v1/practices.csv", reverse("feeds:practices")):
        body = b"".join(client.get(url).streaming_content) if url.endswith(".csv") else client.get(url).content
        assert author_email.encode() not in body, url


def test_a_repeated_request_with_if_none_match_answers_304_f_plus_5(client, spread):
    first = client.get(API)
    assert first["ETag"] and first["Last-Modified"] and "max-age" in first["Cache-Control"]
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)):
        # seconds later the answer is the same, its next cursor included (signed without a timestamp)
        again = client.get(API, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content, (first["ETag"], again.get("ETag"), again.content[:300])
    assert client.get(f"{API}?level=2", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    feed = client.get(reverse("feeds:practices"))
    assert client.get(reverse("feeds:practices"), HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304
    csv_response = client.get("/api/v1/practices.csv")
    assert client.get("/api/v1/practices.csv", HTTP_IF_NONE_MATCH=csv_response["ETag"]).status_code == 304


def test_the_etag_changes_when_a_practice_is_published_f_plus_5(client, spread, author):
    first = client.get(API)
    published_practice(author, title="Новая школа")
    assert client.get(API, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@override_settings(OPEN_DATA_RATE="5/m")
def test_rate_limit_answers_429_with_a_json_error_f_plus_5(client, spread):
    codes = [client.get("/api/v1/categories/").status_code for _ in range(5)]
    assert codes == [200] * 5
    response = client.get(API)
    assert response.status_code == 429
    assert "Слишком много запросов" in response.json()["detail"] and int(response["Retry-After"]) >= 1
    assert client.get(reverse("feeds:practices")).status_code == 429  # the feeds count too
    # another address has its own counter
    assert client.get(API, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_categories_and_regions_with_counts_f_plus_5(client, spread, category_a, region_b):
    categories = {c["id"]: c for c in client.get("/api/v1/categories/").json()}
    assert categories[category_a.pk]["practices_count"] == 15
    regions = {r["id"]: r for r in client.get("/api/v1/regions/").json()}
    assert regions[region_b.pk]["practices_count"] == 15
    assert regions[region_b.pk]["federal_district"] == "Приволжский федеральный округ"


def test_csv_is_the_same_list_with_a_bom_f_plus_5(client, spread, category_a):
    response = client.get(f"/api/v1/practices.csv?category={category_a.pk}")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["id", "Название", "Категория"]
    assert [int(r[0]) for r in rows[1:]] == catalogue_ids(f"category={category_a.pk}")
    searched = b"".join(client.get("/api/v1/practices.csv?q=школа").streaming_content).decode("utf-8")
    ids = [int(r[0]) for r in list(csv.reader(io.StringIO(searched.lstrip("\ufeff")), delimiter=";"))[1:]]
    assert ids == catalogue_ids("q=школа")


def test_feed_contains_the_new_practice_and_the_actualized_one_f_plus_5(client, spread, author, category_a,
                                                                          region_a):
    published_practice(author, title="Совсем новая практика", category=category_a)
    feed = client.get(reverse("feeds:practices")).content.decode()
    assert "<feed" in feed and "Совсем новая практика" in feed
    assert feed.index("Совсем новая практика") < feed.index(spread[0].title)
    old = spread[-1]
    type(old).objects.filter(pk=old.pk).update(actualized_at=timezone.now() + datetime.timedelta(minutes=1))
    feed = client.get(reverse("feeds:practices")).content.decode()
    assert feed.index(old.title) < feed.index("Совсем новая практика")  # actualized: back on top
    by_category = client.get(reverse("feeds:category", args=[category_a.pk])).content.decode()
    assert "Совсем новая практика" in by_category and spread[0].title not in by_category  # spread[0]: category_b
    by_region = client.get(reverse("feeds:region", args=[region_a.slug])).content.decode()
    assert "Совсем новая практика" in by_region
    assert "Школа на проверке" not in feed and "Школа в архиве" not in feed
    assert client.get(reverse("feeds:category", args=[999999])).status_code == 404


def test_the_api_object_is_django_ninja_with_the_schema_at_schema_url_f_plus_5(client):
    assert api.openapi_url == "/schema/"
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.") and "/api/v1/practices/" in schema["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert_own_assets(html)
    assert 'aria-label="breadcrumb"' in html
