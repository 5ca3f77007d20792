"""Facet counts of the catalogue (F-CAT-1, F-CAT-2): the total, every filter's options with their
counts and the ids of one page in one query (``facet_counts``); the whole catalogue's counts from the
summary table kept by the triggers of migration 0008_catalogue_speed2 (``catalogue_counts``).
"""

from django.db import connection
from django.db.models import F, Q

from practices.catalogue.query import MONTH_BUCKETS, PAGE_SIZE
from practices.models import Category, CostRange, Level, Practice, PracticeResult, RatingIndicator
from regions.models import FederalDistrict, Region

# the column of each facet in the matched set ``m`` of ``facet_counts``
FACET_COLUMNS = {"category": "m.category_id", "district": "m.district_id", "region": "m.region_id",
                 "level": "m.level", "cost": "m.cost_range_id", "months": "m.months"}


def _months_sql(column="m.months_to_launch"):
    whens = " ".join(f"WHEN {column} BETWEEN {low} AND {high} THEN '{key}'" if high
                     else f"WHEN {column} >= {low} THEN '{key}'"
                     for key, (_label, low, high) in MONTH_BUCKETS.items())
    return f"CASE {whens} END"


def _filter_sql(query):
    """``{facet: (sql condition on m, params)}`` of every filter of ``query``."""
    through = Practice.rating_indicators.through._meta.db_table
    conditions = {}
    for name in ("category", "district", "region", "level", "cost"):
        values = getattr(query, name)
        if values:
            conditions[name] = (f"{FACET_COLUMNS[name]} = ANY(%s)", [list(values)])
    if query.months:
        conditions["months"] = ("m.months = ANY(%s)", [list(query.months)])
    if query.indicator:
        conditions["indicator"] = (f"EXISTS (SELECT 1 FROM {through} t WHERE t.practice_id = m.id "
                                   "AND t.ratingindicator_id = ANY(%s))", [list(query.indicator)])
    if query.measured:  # F-PLUS-1: not a facet of its own, it narrows every facet's counts
        conditions["measured"] = (f"EXISTS (SELECT 1 FROM {PracticeResult._meta.db_table} r "
                                  "WHERE r.practice_id = m.id)", [])
    return conditions


def _where(conditions, skip=None):
    parts = [(sql, params) for name, (sql, params) in conditions.items() if name != skip]
    if not parts:
        return "TRUE", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, params in parts for p in params]


def facet_counts(base, query, page=None, rank=None, sample=None):
    """``(total, {facet: {value: count}}, page ids)`` in ONE query: the text match and the public
    state are evaluated once into the matched set ``m``; the total applies every filter, each facet's
    counts apply the other filters (one pass with GROUPING SETS and FILTER; the rating indicators, a
    many-to-many, in a second branch over the same set). ``page`` — ``(ordered queryset, number)`` —
    adds the ids of that page of the filtered set ``f``, ordered by the queryset (which must not repeat
    the text match: ``f`` already holds it; ranking reads the vector of the filtered rows only); the
    page number is clamped as ``Paginator.get_page`` does. ``rank`` — the SearchQuery, when the page is
    ordered by relevance — the relevance expression (``search.rank_expression``) ranks every matched row in the scan that matches it, and the page is taken
    from ``f`` without reading the practices again. ``sample`` — a percentage — reads the practices from a
    repeatable sample of the table's pages instead (the estimated counts of a broad query, issue 17)."""
    ranked = {}
    if rank is not None:  # ranked in the same pass as the match: each vector is read once, in table order
        ranked = {"rank": rank, "published": F("published_at")}
    matched_sql, matched_params = (
        base.order_by().values("id", "category_id", "region_id", "level", "cost_range_id", "months_to_launch",
                               district_id=F("region__federal_district_id"), **ranked).query.sql_with_params())
    if sample is not None:
        table = f'"{Practice._meta.db_table}"'
        matched_sql = matched_sql.replace(
            f"FROM {table}", f"FROM {table} TABLESAMPLE SYSTEM ({float(sample):.4f}) REPEATABLE (16)", 1)
    conditions = _filter_sql(query)
    through = Practice.rating_indicators.through._meta.db_table
    params = list(matched_params)
    values, branches = [], []
    for name, column in FACET_COLUMNS.items():
        where, where_params = _where(conditions, skip=name)
        values.append(f"WHEN GROUPING({column}) = 0 THEN {column}::text")
        branches.append(f"WHEN GROUPING({column}) = 0 THEN count(*) FILTER (WHERE {where})")
        params += where_params
    where, where_params = _where(conditions)
    params = list(matched_params) + where_params + params[len(matched_params):] + where_params
    indicator_where, indicator_params = _where(conditions, skip="indicator")
    params += indicator_params
    page_sql = ""
    if page is not None:
        ordered, number = page
        if ranked:  # ORDERINGS["relevance"] over the filtered set itself
            ordered_sql, ordered_params = "SELECT f.id FROM f ORDER BY f.rank DESC, f.published DESC, f.id DESC", []
        else:
            ordered_sql, ordered_params = (
                ordered.extra(where=[f"{Practice._meta.db_table}.id IN (SELECT id FROM f)"])
                .values("id").query.sql_with_params())
        page_sql = f"""
        UNION ALL
        SELECT -2, string_agg(p.id::text, ',' ORDER BY p.n), 0
          FROM (SELECT o.id, row_number() OVER () AS n FROM ({ordered_sql}
                LIMIT {PAGE_SIZE} OFFSET LEAST(%s, (SELECT GREATEST(count(*) - 1, 0) / {PAGE_SIZE} * {PAGE_SIZE}
                                                    FROM f))) o) p"""
        params += [*ordered_params, (number - 1) * PAGE_SIZE if number >= 1 else 2 ** 62]
    sql = f"""
        WITH m AS MATERIALIZED (
            SELECT s.*, {_months_sql("s.months_to_launch")} AS months FROM ({matched_sql}) s
        ), f AS (SELECT m.id{", m.rank, m.published" if ranked else ""} FROM m WHERE {where})
        SELECT GROUPING({", ".join(FACET_COLUMNS.values())}), CASE {" ".join(values)} END,
               CASE {" ".join(branches)} ELSE count(*) FILTER (WHERE {where}) END
          FROM m
         GROUP BY GROUPING SETS ({", ".join(f"({column})" for column in FACET_COLUMNS.values())}, ())
        UNION ALL
        SELECT -1, t.ratingindicator_id::text, count(*)
          FROM m JOIN {through} t ON t.practice_id = m.id
         WHERE {indicator_where}
         GROUP BY t.ratingindicator_id{page_sql}
    """
    names = list(FACET_COLUMNS)
    counts = {name: {} for name in (*names, "indicator")}
    total, page_ids = 0, []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for grouping, raw, n in rows:
        if grouping == -2:
            page_ids = [int(pk) for pk in (raw or "").split(",") if pk]
            continue
        if grouping == -1:
            name = "indicator"
        elif grouping == (1 << len(names)) - 1:  # the empty grouping set: the total
            total = n
            continue
        else:  # GROUPING() has a 0 bit for the column grouped on, its first argument the highest bit
            name = next(names[i] for i in range(len(names)) if not grouping >> (len(names) - 1 - i) & 1)
        if raw is not None and n:  # NULL: no category, no months given
            counts[name][raw if name == "months" else int(raw)] = n
    return total, counts, page_ids


def catalogue_counts(state):
    """``(total, {facet: {value: count}})`` of every practice in ``state``, no text query, no filter:
    read from the summary table the triggers of migration 0008_catalogue_speed2 keep exact (the
    federal districts summed from the regions' counts), one query of about a hundred rows."""
    counts = {name: {} for name in (*FACET_COLUMNS, "indicator")}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT facet, value, n FROM practices_catalogue_facet WHERE state = %s AND n <> 0
               UNION ALL
               SELECT 'district', r.federal_district_id::text, sum(c.n) FROM practices_catalogue_facet c
                 JOIN regions_region r ON r.id = c.value::bigint
                WHERE c.state = %s AND c.facet = 'region' AND r.federal_district_id IS NOT NULL
                GROUP BY r.federal_district_id""", [state, state])
        rows = cursor.fetchall()
    for facet, value, n in rows:
        if not facet:
            total = n
        elif n:
            counts[facet][value if facet == "months" else int(value)] = n
    return total, counts


def _options(items, counts, selected):
    """[(value, label, count, selected)], values with results or chosen."""
    out = []
    for value, label in items:
        n = counts.get(value, 0)
        if n or value in selected:
            out.append({"value": value, "label": label, "count": n, "selected": value in selected})
    return out


def facets(counts, query):
    """The options of every filter with their counts (``counts`` from ``facet_counts``)."""
    categories = Category.objects.filter(Q(category_set__is_current=True) | Q(pk__in=list(counts["category"])))
    indicator_ids = set(counts["indicator"]) | set(query.indicator)
    indicators = RatingIndicator.objects.filter(pk__in=indicator_ids).select_related("rating")
    return {
        "category": _options([(c.pk, c.name) for c in categories], counts["category"], query.category),
        "district": _options([(d.pk, d.name) for d in FederalDistrict.objects.all()], counts["district"],
                             query.district),
        "region": _options([(r.pk, r.name) for r in Region.objects.all()], counts["region"], query.region),
        "level": _options([(lv.value, lv.label) for lv in Level], counts["level"], query.level),
        "indicator": _options([(i.pk, f"{i.rating.name}: {i.code}. {i.name}") for i in indicators],
                              counts["indicator"], query.indicator),
        "cost": _options([(c.pk, c.name) for c in CostRange.objects.all()], counts["cost"], query.cost),
        "months": _options([(k, v[0]) for k, v in MONTH_BUCKETS.items()], counts["months"], query.months),
    }
