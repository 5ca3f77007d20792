"""Broad queries (issue 17 item 2, F-CAT-1): a query matching a large part of the catalogue («развитие»
in more than half of 100,000 practices) is not ranked and counted row by row.

* **Broad** is the planner's estimate of the text match (its statistics of the vector's lexemes, one
  ``EXPLAIN`` of a millisecond) of at least ``BROAD_MIN`` practices.
* **The page** (relevance): only what can reach it is ranked — the newest ``CANDIDATES`` practices
  matching in the name (the GIN index ``practice_title_tsv`` of migration 0013) and the newest
  ``CANDIDATES`` matching anywhere (the index ``practice_catalogue_date`` walked newest first), then
  re-ranked with the full relevance (``search.rank_expression``). Exact for the name tiers while the
  name matches are fewer than ``CANDIDATES``; otherwise an older name match with a higher
  ``ts_rank_cd`` can lose its place to a newer one. By date the page is exact (the index walk).
* **Counts** (choice, as the issue allows): the total and the facet counts of a broad query are
  estimated on a repeatable sample of the table's pages (``TABLESAMPLE SYSTEM … REPEATABLE``, about
  ``SAMPLE_MATCHES`` matched rows; counted whole when that would be over ``SAMPLE_MAX_PERCENT`` of the
  pages) and shown as «около 56 000», the facet counts with «≈». With filters the total is exact (the
  filters' indexes make it cheap) and only the facet counts are estimates.
* The «популярные» and «полезные» orders read every matched row's figures: they keep the exact path.
"""

import json
import time

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Window

from practices.catalogue.facets import facet_counts
from practices.catalogue.query import PAGE_SIZE, apply_filters

BROAD_MIN = 5_000
CANDIDATES = 100
SAMPLE_MATCHES = 1_000
SAMPLE_MAX_PERCENT = 10.0
DENSE_NAMES = 0.05  # names matching in 5 % of the practices or more are found by walking the date index
SAMPLE_SEED = 16
# the expression of the index practice_title_tsv (migration 0013), so the planner uses it
TITLE_MATCH = "to_tsvector('russian', coalesce(practices_practice.title, '')) @@ to_tsquery('simple', %s)"


def _plan_rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


_STATE_ROWS = {}
STATE_ROWS_SECONDS = 300


def _state_rows(state):
    """The planner's estimate of the practices in ``state``, kept five minutes per process."""
    key = (connection.settings_dict["NAME"], state)
    value, at = _STATE_ROWS.get(key, (0, 0.0))
    if time.monotonic() - at > STATE_ROWS_SECONDS:
        value = _plan_rows("SELECT 1 FROM practices_practice WHERE state = %s", [state])
        _STATE_ROWS[key] = (value, time.monotonic())
    return value


def estimated_matches(state, tsquery):
    """The planner's estimate of the practices in ``state`` matching ``tsquery`` (no execution)."""
    return _plan_rows("SELECT 1 FROM practices_practice WHERE state = %s AND search_vector @@ to_tsquery('simple', %s)",
                      [state, tsquery])


def _estimated_counts(matched, query, estimate):
    """``(total, counts)`` of ``matched`` scaled up from a sample of about ``SAMPLE_MATCHES`` matches."""
    percent = 100.0 * SAMPLE_MATCHES / max(estimate, 1)
    if percent > SAMPLE_MAX_PERCENT:  # too few matches for a sample of pages: count them all
        percent = 100.0
    total, counts, _ = facet_counts(matched, query, sample=percent if percent < 100 else None)
    scale = 100.0 / percent
    counts = {name: {value: max(1, round(n * scale)) for value, n in values.items()}
              for name, values in counts.items()}
    return round(total * scale), counts


def _newest(filtered, query, reach):
    """The ids of the newest ``reach`` of ``filtered`` and, with filters, their number: with filters the
    total is wanted anyway and reading it beside the page (``count(*) OVER ()``) scans the matches once,
    not twice (issue 17: 14 ms of a 110-ms query with two filters); without filters the date index is walked
    only as far as ``reach`` (a window would read every match), and the number is ``None``."""
    newest = filtered.order_by("-published_at", "-pk")
    if not query.has_filters:
        return list(newest.values_list("id", flat=True)[:reach]), None
    rows = list(newest.annotate(matches=Window(Count("*"))).values_list("id", "matches")[:reach])
    return [pk for pk, _ in rows], (rows[0][1] if rows else 0)


def _candidates(base, query, full, reach):
    """The ids that can reach the first ``reach`` places, and the number of the filtered matches when
    it was read on the way (``_newest``). The newest ``reach`` name matches: where names
    match densely, by walking the date index newest first (a few hundred rows); where sparsely, through
    the name index, then sorted (a materialized set, so the planner never walks the whole date index
    computing every name's vector). Only when they are fewer than ``reach`` — a name match outranks any
    other — the newest ``reach`` matches anywhere join them (the date index walked)."""
    filtered = apply_filters(base, query)
    names = filtered.extra(where=[TITLE_MATCH], params=[full]).order_by()
    names_sql, names_params = names.values("id", "published_at").query.sql_with_params()
    state = "archived" if query.archived else "published"
    dense = _plan_rows(names_sql, names_params) >= DENSE_NAMES * _state_rows(state)
    if dense:
        walk_sql, walk_params = names.order_by("-published_at", "-pk").values("id")[:reach].query.sql_with_params()
        sql, params = walk_sql, walk_params
    else:
        sql = f"WITH names AS MATERIALIZED ({names_sql}) SELECT id FROM names ORDER BY published_at DESC, id DESC LIMIT %s"
        params = [*names_params, reach]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [pk for (pk,) in cursor.fetchall()]
    total = None
    if len(ids) < reach:
        newest, total = _newest(filtered.filter(search_vector=SearchQuery(full, search_type="raw", config="simple")),
                                query, reach)
        ids = list(dict.fromkeys([*ids, *newest]))
    return ids, total


def broad_match(base, query, full, exact, sort, number):
    """``(total, counts, page ids)`` of a broad query, or ``None`` when the query is not broad (or the
    order needs every row): the caller takes the exact path."""
    from practices.catalogue.search import rank_expression

    if sort not in ("relevance", "date"):
        return None
    state = "archived" if query.archived else "published"
    estimate = estimated_matches(state, full)
    if estimate < BROAD_MIN:
        return None
    search_query = SearchQuery(full, search_type="raw", config="simple")
    matched = base.filter(search_vector=search_query)
    filtered = apply_filters(matched, query)
    offset = max(number - 1, 0) * PAGE_SIZE
    filtered_total = None
    if sort == "date":
        page_ids = list(filtered.order_by("-published_at", "-pk").values_list("pk", flat=True)
                        [offset:offset + PAGE_SIZE])
    else:
        candidates, filtered_total = _candidates(base, query, full, max(CANDIDATES, offset + PAGE_SIZE))
        page_ids = list(base.model.objects.filter(pk__in=candidates)
                        .annotate(rank=rank_expression(full, exact))
                        .order_by("-rank", "-published_at", "-pk").values_list("pk", flat=True)
                        [offset:offset + PAGE_SIZE])
    total, counts = _estimated_counts(matched, query, estimate)
    if query.has_filters:
        total = filtered_total if filtered_total is not None else filtered.count()
    return total, counts, page_ids
