"""Issue 17, item 2: every page at 100,000 practices, 10,000 users, 50,000 replication requests and
1,000,000 deadlines (tests/bench/world.py) — SQL queries, p50 and p95 server time of one request at a
time, through the whole Django stack (middleware, session, templates). Fails a page over 15 queries;
the goal is p95 ≤ 100 ms (printed, not asserted: the machine is shared)."""

import os
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from practices.models import Category, Practice, PracticeState
from practices.models_catalogue import SearchWord
from regions.models import Region
from smarteka.accounts.models import User
from tests.bench import world
from tests.bench.test_catalogue_bench import BENCH_AUTHOR

pytestmark = pytest.mark.django_db(transaction=False)
MAX_QUERIES = 15
GOAL_MS = 100
RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def measure(client, url, data=None, runs=RUNS):
    response = client.get(url, data)  # warm caches of the process (content types, calendar, templates)
    assert response.status_code == 200, (url, response.status_code)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(url, data).status_code == 200
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, data)
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return len(queries), statistics.median(values), values[max(0, int(len(values) * 0.95) - 1)], queries


def broad_word():
    """A one-word query matching more than half of the catalogue (the most frequent word)."""
    return SearchWord.objects.order_by("-ndoc").values_list("word", flat=True).first()


def pages():
    """(role, page name, URL, GET data) of every public page and each role's main pages."""
    practice = Practice.objects.filter(state=PracticeState.PUBLISHED).order_by("pk").first()
    category = Category.objects.filter(category_set__is_current=True).order_by("order", "pk").first()
    region = Region.objects.order_by("pk").first()
    district = Region.objects.exclude(federal_district=None).order_by("pk").first().federal_district_id
    catalogue = reverse("practices:catalogue")
    public = [
        ("home", reverse("home"), None),
        ("catalogue, no query", catalogue, None),
        ("catalogue, query + 2 filters", catalogue,
         {"q": "развитие предпринимательства", "category": category.pk, "district": district}),
        (f"catalogue, broad «{broad_word()}»", catalogue, {"q": broad_word()}),
        ("catalogue, page 50", catalogue, {"page": 50}),
        ("knowledge base", reverse("practices:knowledge_base"), None),
        ("practice page", reverse("practices:detail", args=[practice.pk]), None),
        ("regions", reverse("regions:list"), None),
        ("region page", reverse("regions:detail", args=[region.slug]), None),
        ("digest", reverse("practices:digest"), None),
    ]
    rows = [("anonymous", name, url, data) for name, url, data in public]
    roles = [
        ("asi", "review queue", reverse("validation:queue")),
        ("asi", "replication, all requests", reverse("replication:asi_queue")),
        ("coordinator", "review queue", reverse("validation:queue")),
        ("expert_moderator", "review queue", reverse("validation:queue")),
        ("expert", "expert queue", reverse("experts:my_queue")),
        ("asi", "review queue, a whole section", reverse("validation:queue_section", args=["asi-all"])),
        ("coordinator", "review queue, whole section p. 2",
         reverse("validation:queue_section", args=["coordinator-all"]) + "?page=2"),
        ("implementation_moderator", "replication queue", reverse("replication:moderator_queue")),
        ("recipient", "my replication requests", reverse("replication:my")),
        ("author", "«Мои практики»", reverse("practices:my")),
        ("catalogue-author", "«Мои практики» (100,000)", reverse("practices:my")),
        ("coordinator", "notifications", reverse("notifications:list")),
        ("recipient", "practice page", reverse("practices:detail", args=[practice.pk])),
        # the coordinator's dashboard (F-REPORT-1): the bench coordinator's region is the first one by pk
        ("coordinator", "region dashboard", reverse("regions:region_dashboard", args=[region.slug])),
        ("asi", "region dashboard", reverse("regions:region_dashboard", args=[region.slug])),
        ("asi", "country dashboard", reverse("regions:country_dashboard")),
        ("asi", "country dashboard, by overdue", reverse("regions:country_dashboard") + "?sort=-overdue"),
    ]
    rows += [(role, name, url, None) for role, name, url in roles]
    rows += [(role, "«Мой кабинет»", reverse("cabinet"), None)
             for role in ("asi", "coordinator", "expert_moderator", "expert", "implementation_moderator",
                          "recipient", "author", "catalogue-author")]
    return rows


def test_every_page_bench(seeded, settings):
    settings.USER_CACHE_SECONDS = 60  # the header's counters are kept per user as in production
    settings.COUNTRY_DASHBOARD_SECONDS = 300  # the country view keeps its figures as in production
    emails = {**world.NAMED, "catalogue-author": BENCH_AUTHOR}
    clients = {"anonymous": Client()}
    results = []
    for role, name, url, data in pages():
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(User.objects.get(email=emails[role]))
        n, p50, p95, queries = measure(clients[role], url, data)
        results.append((role, name, n, p50, p95, queries))
    lines = [
        f"Every page: {Practice.objects.count():,} practices, {User.objects.count():,} users, "
        + ("kept bench database" if seeded is None else f"seeded in {seeded:.0f} s"),
        f"{'role':24} | {'page':34} | {'SQL':>3} | {'p50 ms':>7} | {'p95 ms':>7} |",
        f"{'-' * 24}-|-{'-' * 34}-|-----|---------|---------|",
    ]
    for role, name, n, p50, p95, _ in results:
        flags = " ".join(f for f, bad in (("QUERIES", n > MAX_QUERIES), ("SLOW", p95 > GOAL_MS)) if bad)
        lines.append(f"{role[:24]:24} | {name[:34]:34} | {n:>3} | {p50:7.1f} | {p95:7.1f} | {flags}")
    print("\n" + "\n".join(f"[bench] {line}" for line in lines))
    over = [(role, name, n) for role, name, n, *_ in results if n > MAX_QUERIES]
    for role, name, n, _p50, _p95, queries in results:
        if n > MAX_QUERIES:
            print(f"[bench] queries of {role} / {name}:")
            for sql in queries:
                print("   ", sql[:240])
    assert not over, f"pages over {MAX_QUERIES} SQL queries: {over}"
