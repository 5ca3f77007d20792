"""Issue 16 «Must show» and issue 17 item 2 (the broad query), make bench: at the 100,000 seeded practices
of the catalogue bench, the p50/p95 server time of search() and of the catalogue page for an exact, a
word-family, a typo-corrected, a synonym and a broad one-word query (matching more than half of the
catalogue), each against its bare SQL (the match, ranked by ts_rank_cd, LIMIT 12).

Run: ``make bench PYTEST_ARGS=tests/bench/test_search_bench.py``."""

import statistics
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.words import build_tsquery
from practices.models import Practice, SearchWord

try:  # the 100,000 practices: in the catalogue bench's module until issue 17 moves them to the conftest
    from tests.bench.test_catalogue_bench import seeded  # noqa: F401
except ImportError:
    pass

pytestmark = pytest.mark.django_db(transaction=False)
GOAL_P95_MS = 100
# what search() adds to its bare SQL (facet counts, the page, headlines): a query whose bare SQL alone is near the
# goal (the synonym «НКО»: 86–93 ms p95, search() 101–105 ms on 4 December) may pass the goal by that much
OWN_WORK_MS = 20


@contextmanager
def counted():
    """The SQL statements run inside, as a list (an execute wrapper: independent of the debug log)."""
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield queries


def timings(func, runs=30):
    values = []
    func()
    for _ in range(runs):
        started = time.perf_counter()
        func()
        values.append((time.perf_counter() - started) * 1000)
    values.sort()
    return statistics.median(values), values[int(len(values) * 0.95) - 1]


def bare(tsquery):
    sql = """SELECT p.id FROM practices_practice p
              WHERE p.state = 'published' AND p.search_vector @@ to_tsquery('simple', %s)
              ORDER BY ts_rank_cd(p.search_vector, to_tsquery('simple', %s)) DESC LIMIT 12"""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, tsquery])
            cursor.fetchall()
    return run


def typo(word):
    """A typo a user makes: two neighbouring letters swapped in the middle of the word."""
    i = len(word) // 2
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def test_search_bench(client, seeded):
    from practices.catalogue.search import search

    n = Practice.objects.filter(state="published").count()
    words = SearchWord.objects.filter(word__regex=r"^[а-я]{7,}$")
    broad = words.filter(ndoc__gt=n // 2).order_by("-ndoc").values_list("word", flat=True).first()
    exact = words.filter(ndoc__range=(500, 3000)).order_by("-ndoc").values_list("word", flat=True).first()
    corrected_word = (words.filter(ndoc__range=(200, 3000)).exclude(word=exact).order_by("-ndoc")
                      .values_list("word", flat=True).first())
    cases = [
        ("exact", exact, exact),
        ("family", "образовательный", "образовательный"),
        ("typo-corrected", typo(corrected_word), corrected_word),
        ("synonym", "НКО", "некоммерческая организация"),
        ("broad (> half)", broad, broad),
    ]
    url = reverse("practices:catalogue")
    lines = [f"search bench: {n:,} published practices",
             f"{'query':34} | {'results':>8} | {'search SQL q.':>6} | {'bare p50':>8} | {'bare p95':>8} | "
             f"{'search p50':>10} | {'search p95':>10} | {'page p50':>8} | {'page p95':>8} | {'× bare':>6}"]
    worst = 0
    slow = []
    for kind, text, bare_text in cases:
        query = CatalogueQuery(q=text)
        tsquery, _ = build_tsquery(bare_text)
        assert client.get(url, {"q": text}).status_code == 200
        with counted() as queries:
            result = search(query)
            list(result.page.object_list)  # a lazy page would run its query after the count
        # the corrected typo is searched twice (the typed and the corrected query) and looks up the words
        assert len(queries) <= (20 if kind == "typo-corrected" else 15), f"«{text}»: {len(queries)} queries"
        bare_p50, bare_p95 = timings(bare(tsquery))
        search_p50, search_p95 = timings(lambda query=query: search(query))
        page_p50, page_p95 = timings(lambda text=text: client.get(url, {"q": text}))
        worst = max(worst, page_p95)
        slow.extend([f"«{text}» search p95 {search_p95:.0f} ms over its bare SQL's {bare_p95:.0f} ms"]
                    if search_p95 > max(bare_p95 + OWN_WORK_MS, GOAL_P95_MS) else [])
        total = f"~{result.total}" if getattr(result, "estimated", False) else str(result.total)
        lines.append(f"{kind + ' «' + text + '»':34.34} | {total:>8} | {len(queries):>6} | {bare_p50:8.1f} | "
                     f"{bare_p95:8.1f} | {search_p50:10.1f} | {search_p95:10.1f} | {page_p50:8.1f} | "
                     f"{page_p95:8.1f} | {search_p50 / bare_p50:6.1f}")
    typed = broad[:3]
    suggestions = reverse("practices:search_suggestions")
    with counted() as queries:
        client.get(suggestions, {"q": typed})
    p50, p95 = timings(lambda: client.get(suggestions, {"q": typed}))
    lines.append(f"{'as you type «' + typed + '»':34.34} | {'8 max':>8} | {len(queries):>6} | {'':8} | {'':8} | "
                 f"{'':10} | {'':10} | {p50:8.1f} | {p95:8.1f} |")
    worst = max(worst, p95)
    # issue 17: how the broad path's first page differs from ranking every match (the exact path)
    from practices.catalogue import broad as broad_module

    fast_ids = [p.pk for p in search(CatalogueQuery(q=broad)).page.object_list]
    saved, broad_module.BROAD_MIN = broad_module.BROAD_MIN, 10 ** 9
    try:
        started = time.perf_counter()
        exact_result = search(CatalogueQuery(q=broad))
        exact_ms = (time.perf_counter() - started) * 1000
    finally:
        broad_module.BROAD_MIN = saved
    exact_ids = [p.pk for p in exact_result.page.object_list]
    lines.append(f"broad «{broad}» ranked row by row: {exact_result.total} results (exact) in {exact_ms:.0f} ms; "
                 f"first page shared with the broad path: {len(set(exact_ids) & set(fast_ids))} of {len(exact_ids)}, "
                 f"same order: {exact_ids == fast_ids}")
    print("\n" + "\n".join(f"[bench] {line}" for line in lines))
    lines.append(f"goal p95 ≤ {GOAL_P95_MS} ms: worst catalogue page p95 {worst:.0f} ms")
    print("\n" + "\n".join(f"[bench] {line}" for line in lines[-1:]))
    # every search at most as slow as its bare SQL (or within the goal): what is not ranked is not read
    assert not slow, slow
