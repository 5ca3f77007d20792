"""F-PLUS-4 at 100,000 published practices (BENCH=1, ``make bench``): the similar practices (uncached) of twenty
practices spread over the catalogue — p50 and p95 of the ranking query (with its one-row words query),
the plan printed for one of them. Expected (issue 19 item 4): the same category's rows reached through the
category index (bitmap), only the first branch of the UNION executed, the category's ~9,000 rows ranked —
a few hundred ms per practice (100–260 ms measured at 30,000 on the shared machine); the page reads the
list from the cache (practices/catalogue/similar.py), so «practice page» in test_pages_bench stays at its
usual figure after its warm-up request. Printed, not asserted (the machine is shared). Asserted: five
published practices, never the practice itself."""

import pytest
from django.db import connection

from practices.catalogue.similar import SIMILAR_SQL, compute_similar_ids, similar_params
from practices.models import Practice, PracticeState
from tests.bench.test_catalogue_bench import timings

pytestmark = pytest.mark.django_db(transaction=False)


def test_f_plus_4_similar_practices_bench(seeded):
    published = Practice.objects.filter(state=PracticeState.PUBLISHED)
    total = published.count()
    step = max(1, total // 20)
    sample = list(published.order_by("pk").values_list("pk", flat=True)[::step][:20])
    practices = list(Practice.objects.filter(pk__in=sample).only("pk"))
    results = {}

    def run():
        for practice in practices:
            results[practice.pk] = compute_similar_ids(practice)

    p50, p95 = timings(run, runs=5)
    for pk, ids in results.items():
        assert len(ids) == 5 and pk not in ids
        assert published.filter(pk__in=ids).count() == 5
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + SIMILAR_SQL, similar_params(practices[0]))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"\n[bench] similar practices at {total:,} published: 20 practices per run, "
          f"p50 {p50 / 20:.1f} ms, p95 {p95 / 20:.1f} ms per practice\n[bench] plan:\n{plan}")
