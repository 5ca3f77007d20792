"""F-CAT-1 benchmark (make bench): 100,000 published practices with Russian text generated from the
seeds' vocabulary. Prints SQL queries per catalogue page and per practice page, and the median / p95
server time of a search with two filters against the same bare SQL query."""

import random
import re
import statistics
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices import catalogue
from practices.models import Category, CostRange, Practice
from regions.models import Region
from tests.factories import UserFactory

N = 100_000
SEEDS = Path("/work/shared/seeds")
pytestmark = pytest.mark.django_db(transaction=False)


def vocabulary():
    words = []
    for path in sorted(SEEDS.glob("*.txt")):
        words += re.findall(r"[а-яё]{3,}", path.read_text(encoding="utf-8").lower())
    chain = {}
    for a, b in zip(words, words[1:], strict=False):
        chain.setdefault(a, []).append(b)
    return words, chain


def sentence(rng, words, chain, length):
    word = rng.choice(words)
    out = [word]
    for _ in range(length - 1):
        word = rng.choice(chain.get(word) or words)
        out.append(word)
    return " ".join(out).capitalize()


def seed(author):
    rng = random.Random(7)
    words, chain = vocabulary()
    regions = list(Region.objects.values_list("pk", flat=True))
    categories = list(Category.objects.filter(category_set__is_current=True).values_list("pk", flat=True))
    costs = list(CostRange.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK events before ALTER TABLE
        cursor.execute("ALTER TABLE practices_practice DISABLE TRIGGER practices_practice_words")
    started = time.perf_counter()
    batch = []
    for _ in range(N):
        batch.append(Practice(
            author=author, region_id=rng.choice(regions), category_id=rng.choice(categories),
            cost_range_id=rng.choice(costs), level=rng.randint(1, 3), months_to_launch=rng.randint(1, 24),
            title=sentence(rng, words, chain, rng.randint(3, 8))[:110],
            goal=sentence(rng, words, chain, 20), essence=sentence(rng, words, chain, 60),
            results_main=sentence(rng, words, chain, 15), tasks=[sentence(rng, words, chain, 8)]))
        if len(batch) == 5000:
            Practice.objects.bulk_create(batch)
            batch = []
    Practice.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE practices_practice SET state = 'published', published_at = now() - (id % 1000) * interval '1 hour'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE practices_practice ENABLE TRIGGER practices_practice_words")
    catalogue.refresh_search_words()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practice")
        cursor.execute("ANALYZE practices_searchword")
    return time.perf_counter() - started


def timings(func, runs=30):
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return statistics.median(values), values[int(len(values) * 0.95) - 1]


def test_f_cat_1_catalogue_bench(client):
    author = UserFactory()
    seeded = seed(author)
    category = Category.objects.filter(category_set__is_current=True).first()
    district_region = Region.objects.exclude(federal_district=None).first()
    practice = Practice.objects.filter(state="published").first()
    params = {"q": "развитие предпринимательства", "category": category.pk,
              "district": district_region.federal_district_id}
    url = reverse("practices:catalogue")
    figures = {}
    for name, target, data in (("catalogue page", url, {}), ("catalogue search + 2 filters", url, params),
                               ("practice page", reverse("practices:detail", args=[practice.pk]), {})):
        client.get(target, data)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target, data).status_code == 200
        figures[name] = len(queries)

    query = catalogue.CatalogueQuery.from_get(_QD(params))
    server = timings(lambda: catalogue.search(query))
    view = timings(lambda: client.get(url, params), runs=15)
    tsquery, _ = catalogue.build_tsquery(params["q"])
    bare_sql = """SELECT p.id, p.title FROM practices_practice p JOIN regions_region r ON r.id = p.region_id
                  WHERE p.state = 'published' AND p.search_vector @@ to_tsquery('simple', %s)
                    AND p.category_id = %s AND r.federal_district_id = %s
                  ORDER BY ts_rank_cd(p.search_vector, to_tsquery('simple', %s)) DESC LIMIT 12"""

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(bare_sql, [tsquery, category.pk, district_region.federal_district_id, tsquery])
            cursor.fetchall()

    sql = timings(bare)
    total = catalogue.search(query).total
    print(f"\n[bench F-CAT-1] seeded {N} published practices in {seeded:.1f} s")
    for name, n in figures.items():
        print(f"[bench F-CAT-1] SQL queries per {name}: {n}")
    print(f"[bench F-CAT-1] search «{params['q']}» + category + federal district: {total} results")
    print(f"[bench F-CAT-1] search() with facets, page, headlines: median {server[0]:.1f} ms, p95 {server[1]:.1f} ms")
    print(f"[bench F-CAT-1] whole catalogue view (HTML): median {view[0]:.1f} ms, p95 {view[1]:.1f} ms")
    print(f"[bench F-CAT-1] bare SQL (same match, rank, limit 12): median {sql[0]:.1f} ms, p95 {sql[1]:.1f} ms")
    assert figures["catalogue page"] < 40 and figures["practice page"] < 40


class _QD(dict):
    def getlist(self, key):
        value = self.get(key)
        return [] if value is None else [value]
