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

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import build_tsquery, refresh_search_words, search
from practices.models import Category, CostRange, Practice
from regions.models import Region

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
    refresh_search_words()
    return time.perf_counter() - started


def timings(func, runs=30):
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return statistics.median(values), values[int(len(values) * 0.95) - 1]


BENCH_AUTHOR = "bench-catalogue@example.ru"


def test_f_cat_1_catalogue_bench(client, seeded):
    category = Category.objects.filter(category_set__is_current=True).first()
    district_region = Region.objects.exclude(federal_district=None).first()
    practice = Practice.objects.filter(state="published").first()
    params = {"q": "развитие предпринимательства", "category": category.pk,
              "district": district_region.federal_district_id}
    url = reverse("practices:catalogue")
    detail = reverse("practices:detail", args=[practice.pk])
    broad = {"q": "развитие"}  # a broad word without a filter: about an eighth of the catalogue matches
    pages = (("catalogue page", url, {}), ("search + 2 filters", url, params), ("broad search", url, broad),
             ("practice page", detail, {}))
    queries_per = {}
    for name, target, data in pages:
        client.get(target, data)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target, data).status_code == 200
        queries_per[name] = len(queries)

    query = CatalogueQuery.from_get(_QD(params))
    tsquery, _ = build_tsquery(params["q"])
    bare_sql = """SELECT p.id, p.title FROM practices_practice p JOIN regions_region r ON r.id = p.region_id
                  WHERE p.state = 'published' AND p.search_vector @@ to_tsquery('simple', %s)
                    AND p.category_id = %s AND r.federal_district_id = %s
                  ORDER BY ts_rank_cd(p.search_vector, to_tsquery('simple', %s)) DESC LIMIT 12"""

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(bare_sql, [tsquery, category.pk, district_region.federal_district_id, tsquery])
            cursor.fetchall()

    broad_query = CatalogueQuery.from_get(_QD(broad))
    plain_query = CatalogueQuery.from_get(_QD({}))
    rows = [
        ("bare SQL: match + 2 filters, rank, limit 12", "1", timings(bare)),
        ("search(): + facet counts, page, headlines", "", timings(lambda: search(query))),
        ("catalogue view, search + 2 filters (HTML)", queries_per["search + 2 filters"],
         timings(lambda: client.get(url, params))),
        (f"search() «{broad['q']}», no filter", "", timings(lambda: search(broad_query))),
        (f"catalogue view «{broad['q']}», no filter (HTML)", queries_per["broad search"],
         timings(lambda: client.get(url, broad))),
        ("search(): no search, no filter", "", timings(lambda: search(plain_query))),
        ("catalogue view, no search, no filter (HTML)", queries_per["catalogue page"],
         timings(lambda: client.get(url))),
        ("practice page (HTML)", queries_per["practice page"], timings(lambda: client.get(detail))),
    ]
    # «Мой кабинет» (issue 14, item 4) of the author of all 100,000 practices: their recent practices and
    # the header's counter are a constant number of indexed queries
    from smarteka.accounts.models import User

    client.force_login(User.objects.get(email=BENCH_AUTHOR))
    cabinet = reverse("cabinet")
    client.get(cabinet)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(cabinet).status_code == 200
    queries_per["cabinet"] = len(queries)
    rows.append(("«Мой кабинет» of the author of every practice", queries_per["cabinet"],
                 timings(lambda: client.get(cabinet))))
    client.logout()
    total = search(query).total
    broad_total = search(broad_query).total
    bare_median = rows[0][2][0]
    lines = [
        f"F-CAT-1 catalogue bench: {N:,} published practices "
        + (f"(seeded in {seeded:.0f} s)" if seeded else "(kept bench database)"),
        f"search «{params['q']}» + category + federal district: {total} results; "
        f"«{broad['q']}» alone: {broad_total} results",
        f"{'':45} | {'SQL queries':>11} | {'median ms':>9} | {'p95 ms':>7} | {'× bare SQL':>10}",
        f"{'-' * 45}-|-{'-' * 11}-|-{'-' * 9}-|-{'-' * 7}-|-{'-' * 10}",
    ]
    for name, n, (median, p95) in rows:
        lines.append(f"{name[:45]:45} | {n!s:>11} | {median:9.1f} | {p95:7.1f} | {median / bare_median:10.1f}")
    print("\n" + "\n".join(f"[bench] {line}" for line in lines))
    assert queries_per["catalogue page"] < 40 and queries_per["practice page"] < 40 and queries_per["cabinet"] < 40


class _QD(dict):
    def getlist(self, key):
        value = self.get(key)
        return [] if value is None else [value]
