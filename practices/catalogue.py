"""The public catalogue and the knowledge base: query building, Russian full-text search, facet
counts, suggestions, replication and «Полезно» counts, the monthly digest (F-CAT-1, F-CAT-2, F-CAT-4).

Search (PostgreSQL, config ``russian``): the practice's stored ``search_vector`` (trigger of
migration 0006_catalogue; weights A name, B goal and essence, C the rest, D category and region) is
matched against a ``to_tsquery('simple', …)`` built here from the Snowball stems of the typed words:

* every word matches its stem exactly («школа» → школ → «школы», «школе», «школах»; «дома» → дом);
* a stem of at least ``PREFIX_MIN_STEM`` letters also matches as a prefix («спорт» → «спортивные»);
* a word typed as a bare stem of at least 4 letters is a prefix too («школ» → «школьники»);
* a long stem with a derivational suffix also matches its shortened base («спортивные» → спорт:* →
  «спорт»; «школьное» → школ:*; «экологические» → эколог:*);
* short stems never grow as prefixes: «дом» matches «дома», «домов», not «доменный»; they reach
  only their adjective and agent-noun forms (``SHORT_STEM_DERIVATIONS``: «школа» → «школьное»).

Practices never imports replication: the replication figures are subqueries over the model found
with ``apps.get_model`` (zero while that app has no model).
"""

import datetime
import html
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Length
from django.utils.safestring import mark_safe

from practices.enums import PUBLIC_STATES
from practices.models import (
    Appreciation,
    Category,
    CostRange,
    Level,
    Practice,
    PracticeState,
    RatingIndicator,
    SearchWord,
)
from regions.models import FederalDistrict, Region

PAGE_SIZE = 12
MAX_TERMS = 8
PREFIX_MIN_STEM = 5        # «спорт» grows, «дом» does not
TYPED_PREFIX_MIN = 4       # «школ» typed as a bare stem grows
SHORTEN_MIN_STEM = 6       # only long stems are shortened to their base
SHORTENED_PREFIX_MIN = 4   # a base of 4+ letters grows, of 3 letters matches exactly («лесной» → лес)
# derivational suffixes of Russian adjectives (after Snowball removed the ending), longest first
DERIVATIONAL_SUFFIXES = ("ическ", "тельск", "тельн", "ческ", "альн", "ионн", "ивн", "ион", "енн", "онн",
                         "ск", "ьн", "н")
# a short stem does not grow, but its adjective and agent-noun forms are found («школа» → «школьное»,
# «школьники»; «лес» → «лесной»; «дети» → «детские») while «дом» never reaches «доменный»
SHORT_STEM_DERIVATIONS = ("ьн", "н", "ск", "ическ", "ичн", "ьник")
SUGGEST_BELOW = 3          # «Возможно, вы имели в виду …» when fewer results than this
SIMILARITY_MIN = 0.3       # pg_trgm's default similarity_threshold

WORD_RE = re.compile(r"[0-9a-zа-я]+")
HL_START, HL_STOP = "⟦", "⟧"

SORTS = {
    "relevance": "по релевантности",
    "date": "по дате публикации",
    "popular": "по популярности",
    "useful": "по отметкам «Полезно»",
}
MONTH_BUCKETS = {  # months to launch
    "0-3": ("до 3 месяцев", 0, 3),
    "4-6": ("4–6 месяцев", 4, 6),
    "7-12": ("7–12 месяцев", 7, 12),
    "13-": ("более года", 13, None),
}


# --- words, stems and the tsquery


def terms(text):
    """Lower-case words of a query, ё as е, at most MAX_TERMS."""
    text = (text or "").lower().replace("ё", "е")
    return WORD_RE.findall(text)[:MAX_TERMS]


def stems(words):
    """``{word: stem or ''}`` by PostgreSQL's own Snowball (so the query matches the stored vector);
    a stop word («и», «в», «по») has the stem ''."""
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, ts_lexize('russian_stem', w) FROM unnest(%s::text[]) AS w", [list(words)])
        return {w: (lex[0] if lex else "") for w, lex in cursor.fetchall()}


def shortened(stem):
    """The base of a long stem without its derivational suffix («спортивн» → «спорт»), or ''."""
    if len(stem) < SHORTEN_MIN_STEM:
        return ""
    for suffix in DERIVATIONAL_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            return stem[: -len(suffix)]
    return ""


def term_query(word, stem):
    """The tsquery alternatives of one word (lexemes are already stems, hence config 'simple')."""
    if not stem:
        return ""
    alternatives = [stem]
    if len(stem) >= PREFIX_MIN_STEM or (word == stem and len(word) >= TYPED_PREFIX_MIN):
        alternatives.append(f"{stem}:*")
    if len(stem) < PREFIX_MIN_STEM and len(stem) >= 3:
        alternatives.extend(f"{stem}{suffix}:*" for suffix in SHORT_STEM_DERIVATIONS)
    base = shortened(stem)
    if base:
        alternatives.append(f"{base}:*" if len(base) >= SHORTENED_PREFIX_MIN else base)
    alternatives = list(dict.fromkeys(alternatives))
    return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"


def build_tsquery(text, *, any_word=False):
    """``(tsquery string for to_tsquery('simple', …), words)``; the string is '' when nothing is searchable."""
    words = terms(text)
    found = stems(words)
    parts = [term_query(w, found.get(w, "")) for w in words]
    parts = list(dict.fromkeys(p for p in parts if p))
    return (" | " if any_word else " & ").join(parts), words


# --- replication and «Полезно» figures (practices never imports replication)


def replication_model():
    try:
        return apps.get_model("replication", "ReplicationRequest")
    except LookupError:
        return None


def _count_subquery(model, **filters):
    exclude = filters.pop("exclude", None)
    rows = model.objects.filter(practice=OuterRef("pk"), **filters)
    if exclude:
        rows = rows.exclude(**exclude)
    rows = rows.order_by().values("practice").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def requests_expr():
    """Replication requests of a practice, all but the dismissed ones (popularity)."""
    model = replication_model()
    if model is None:
        return Value(0, output_field=IntegerField())
    return _count_subquery(model, exclude={"state": "dismissed"})


def replications_expr():
    """Completed replications («Внедрено»)."""
    model = replication_model()
    if model is None:
        return Value(0, output_field=IntegerField())
    return _count_subquery(model, state="done")


def with_counts(queryset, *, replications=False):
    queryset = queryset.annotate(requests_count=requests_expr(), useful_count=_count_subquery(Appreciation))
    if replications:
        queryset = queryset.annotate(replications_count=replications_expr())
    return queryset


# --- the query from the URL


def _ints(values):
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


@dataclass
class CatalogueQuery:
    q: str = ""
    category: list = field(default_factory=list)
    district: list = field(default_factory=list)
    region: list = field(default_factory=list)
    level: list = field(default_factory=list)
    indicator: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    months: list = field(default_factory=list)
    sort: str = ""
    page: str = "1"
    archived: bool = False

    FILTERS = ("category", "district", "region", "level", "indicator", "cost", "months")

    @classmethod
    def from_get(cls, get, *, archived=False):
        return cls(
            q=(get.get("q") or "").strip()[:200],
            category=_ints(get.getlist("category")), district=_ints(get.getlist("district")),
            region=_ints(get.getlist("region")), level=_ints(get.getlist("level")),
            indicator=_ints(get.getlist("indicator")), cost=_ints(get.getlist("cost")),
            months=[m for m in get.getlist("months") if m in MONTH_BUCKETS],
            sort=get.get("sort") if get.get("sort") in SORTS else "",
            page=get.get("page") or "1", archived=archived,
        )

    @property
    def has_filters(self):
        return any(getattr(self, name) for name in self.FILTERS)

    @property
    def effective_sort(self):
        if self.sort and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "date"


def public_practices(*, archived=False):
    state = PracticeState.ARCHIVED if archived else PracticeState.PUBLISHED
    return Practice.objects.filter(state=state)


def _months_q(keys):
    condition = Q()
    for key in keys:
        _label, low, high = MONTH_BUCKETS[key]
        condition |= Q(months_to_launch__gte=low, months_to_launch__lte=high) if high else Q(months_to_launch__gte=low)
    return condition


def apply_filters(queryset, query, skip=None):
    """Every filter of ``query`` but ``skip`` (facet counts apply the other filters)."""
    if query.category and skip != "category":
        queryset = queryset.filter(category_id__in=query.category)
    if query.district and skip != "district":
        queryset = queryset.filter(region__federal_district_id__in=query.district)
    if query.region and skip != "region":
        queryset = queryset.filter(region_id__in=query.region)
    if query.level and skip != "level":
        queryset = queryset.filter(level__in=query.level)
    if query.cost and skip != "cost":
        queryset = queryset.filter(cost_range_id__in=query.cost)
    if query.months and skip != "months":
        queryset = queryset.filter(_months_q(query.months))
    if query.indicator and skip != "indicator":
        through = Practice.rating_indicators.through
        queryset = queryset.filter(pk__in=through.objects.filter(ratingindicator_id__in=query.indicator)
                                   .values("practice_id"))
    return queryset


def _months_bucket():
    return Case(*[When(Q(months_to_launch__gte=low, months_to_launch__lte=high) if high
                       else Q(months_to_launch__gte=low), then=Value(key))
                  for key, (_label, low, high) in MONTH_BUCKETS.items()], default=Value(""))


FACET_FIELDS = {"category": "category_id", "district": "region__federal_district_id", "region": "region_id",
                "level": "level", "cost": "cost_range_id"}
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
    return conditions


def _where(conditions, skip=None):
    parts = [(sql, params) for name, (sql, params) in conditions.items() if name != skip]
    if not parts:
        return "TRUE", []
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, params in parts for p in params]


def facet_counts(base, query, page=None, rank=None):
    """``(total, {facet: {value: count}}, page ids)`` in ONE query: the text match and the public
    state are evaluated once into the matched set ``m``; the total applies every filter, each facet's
    counts apply the other filters (one pass with GROUPING SETS and FILTER; the rating indicators, a
    many-to-many, in a second branch over the same set). ``page`` — ``(ordered queryset, number)`` —
    adds the ids of that page of the filtered set ``f``, ordered by the queryset (which must not repeat
    the text match: ``f`` already holds it; ranking reads the vector of the filtered rows only); the
    page number is clamped as ``Paginator.get_page`` does. ``rank`` — the SearchQuery, when the page is
    ordered by relevance — ranks every matched row in the scan that matches it, and the page is taken
    from ``f`` without reading the practices again."""
    ranked = {}
    if rank is not None:  # ranked in the same pass as the match: each vector is read once, in table order
        ranked = {"rank": SearchRank(F("search_vector"), rank, cover_density=True), "published": F("published_at")}
    matched_sql, matched_params = (
        base.order_by().values("id", "category_id", "region_id", "level", "cost_range_id", "months_to_launch",
                               district_id=F("region__federal_district_id"), **ranked).query.sql_with_params())
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


# --- highlighted fragments


def _highlight(text):
    if not text:
        return ""
    escaped = html.escape(text)
    return mark_safe(escaped.replace(HL_START, "<mark>").replace(HL_STOP, "</mark>"))


def _headlines(queryset, search_query):
    options = {"config": "russian", "start_sel": HL_START, "stop_sel": HL_STOP}
    return queryset.annotate(
        title_hl=SearchHeadline("title", search_query, highlight_all=True, **options),
        text_hl=SearchHeadline(Concat("goal", Value(" "), "essence", output_field=TextField()), search_query, max_words=30, min_words=12,
                               max_fragments=2, fragment_delimiter=" … ", **options),
    )


# --- «Возможно, вы имели в виду …»


def trigram_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        return cursor.fetchone()[0]


def _trigrams(word):
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity, for servers without the extension (the embedded pgserver)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _closest_python(words):
    lengths = [len(w) for w in words]
    rows = (SearchWord.objects.annotate(n=Length("word"))
            .filter(Q(word__in=words) | Q(n__gte=min(lengths) - 2, n__lte=max(lengths) + 2))
            .values_list("word", "ndoc"))
    vocabulary = list(rows)
    known = {w for w, _ in vocabulary}
    out = {}
    for word in words:
        if word in known:
            out[word] = word
            continue
        scored = [(similarity(word, w), n, w) for w, n in vocabulary if abs(len(w) - len(word)) <= 2]
        scored = [s for s in scored if s[0] >= SIMILARITY_MIN]
        out[word] = max(scored)[2] if scored else word
    return out


def _closest_trgm(words):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT t.w, COALESCE(
                   (SELECT s.word FROM practices_searchword s WHERE s.word = t.w),
                   (SELECT s.word FROM practices_searchword s WHERE s.word %% t.w
                    ORDER BY similarity(s.word, t.w) DESC, s.ndoc DESC LIMIT 1), t.w)
               FROM unnest(%s::text[]) AS t(w)""", [list(words)])
        return dict(cursor.fetchall())


def suggest(text):
    """A corrected query («шкала» stays, «здравохранение» → «здравоохранение») or '' when nothing changes."""
    words = [w for w in terms(text) if not w.isdigit()]
    if not words:
        return ""
    closest = _closest_trgm(words) if trigram_available() else _closest_python(words)
    corrected = [closest.get(w, w) for w in terms(text)]
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(terms(text)) else ""


# --- the search


@dataclass
class Result:
    query: CatalogueQuery
    page: object
    total: int
    facets: dict
    sort: str
    suggestion: str = ""
    any_word: bool = False
    searched: bool = False


ORDERINGS = {
    "relevance": ["-rank", "-published_at", "-pk"],
    "date": ["-published_at", "-pk"],
    "popular": ["-requests_count", "-published_at", "-pk"],
    "useful": ["-useful_count", "-published_at", "-pk"],
}


def _page_number(page):
    try:
        return int(page)
    except (TypeError, ValueError):
        return 1


def _ordered(queryset, sort, search_query):
    """``queryset`` with what ``sort`` orders by (rank only with a text query)."""
    if sort == "popular":
        queryset = queryset.annotate(requests_count=requests_expr())
    elif sort == "useful":
        queryset = queryset.annotate(useful_count=_count_subquery(Appreciation))
    if search_query is not None and sort == "relevance":
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query, cover_density=True))
    elif sort == "relevance":
        sort = "date"
    return queryset.order_by(*ORDERINGS[sort])


def search(query):
    """F-CAT-1 / F-CAT-2: one page of results, facet counts, suggestion — a constant number of queries.

    With a text query, the match, the total, the facet counts and the ids of the page are ONE query
    (``facet_counts``); the page's rows, their figures and their highlighted fragments are fetched
    by id, so ``ts_headline`` runs on the shown practices only."""
    base = public_practices(archived=query.archived)
    sort = query.effective_sort
    search_query = None
    any_word = False
    total, counts, page_ids = 0, {name: {} for name in (*FACET_COLUMNS, "indicator")}, []
    number = _page_number(query.page)
    if query.q:
        tsquery, words = build_tsquery(query.q)
        if tsquery:
            search_query = SearchQuery(tsquery, search_type="raw", config="simple")
            # without a filter every matched row is ranked anyway: rank it while matching; with filters
            # rank only the filtered rows (by id, after the match)
            rank_in_match = sort == "relevance" and not query.has_filters
            matched = base.filter(search_vector=search_query)
            total, counts, page_ids = facet_counts(matched, query, page=(_ordered(base, sort, search_query), number),
                                                   rank=search_query if rank_in_match else None)
            if len(words) > 1 and not total:
                any_tsquery, _ = build_tsquery(query.q, any_word=True)
                search_query = SearchQuery(any_tsquery, search_type="raw", config="simple")
                matched = base.filter(search_vector=search_query)
                total, counts, page_ids = facet_counts(
                    matched, query, page=(_ordered(base, sort, search_query), number),
                    rank=search_query if rank_in_match else None)
                any_word = True
        results = Practice.objects.filter(pk__in=page_ids).order_by("pk")  # put in search order below
    else:
        if query.has_filters:
            total, counts, _ = facet_counts(base, query)
        else:  # the whole catalogue: its counts are kept up to date by the database
            total, counts = catalogue_counts(PracticeState.ARCHIVED if query.archived else PracticeState.PUBLISHED)
        results = _ordered(apply_filters(base, query), sort, None)
    results = with_counts(results).select_related("category", "region").defer("search_vector")
    if search_query is not None:
        results = _headlines(results, search_query)
    paginator = Paginator(results, PAGE_SIZE)
    paginator.count = total  # counted above, once
    page = paginator.get_page(query.page)
    if query.q:  # the page's ids came in the order of the search
        rows = {practice.pk: practice for practice in results} if page_ids else {}
        page.object_list = [rows[pk] for pk in page_ids if pk in rows]
    for practice in page.object_list:
        practice.title_html = _highlight(getattr(practice, "title_hl", ""))
        practice.fragment_html = _highlight(getattr(practice, "text_hl", ""))
    suggestion = suggest(query.q) if query.q and total < SUGGEST_BELOW else ""
    return Result(query=query, page=page, total=total, facets=facets(counts, query), sort=sort,
                  suggestion=suggestion, any_word=any_word, searched=bool(query.q))


def refresh_search_words():
    """Rebuild the word list of published and archived practices (after bulk loads)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM practices_searchword")
        cursor.execute(
            """INSERT INTO practices_searchword (word, ndoc)
               SELECT w, count(*) FROM (
                   SELECT DISTINCT p.id, w FROM practices_practice p,
                        regexp_split_to_table(lower(concat_ws(' ', p.title, p.goal, p.essence)), '[^[:alpha:]]+') AS w
                   WHERE p.state IN ('published', 'archived') AND length(w) BETWEEN 3 AND 100) s
               GROUP BY w""")


# --- home page and digest figures


def platform_figures():
    """F-REPORT-4: published practices, completed replications, regions involved (author regions of
    published practices and regions where they are implemented)."""
    published = Practice.objects.filter(state=PracticeState.PUBLISHED)
    through = Practice.implemented_regions.through
    author_regions = set(published.values_list("region_id", flat=True).distinct())
    adopted = set(through.objects.filter(practice__state=PracticeState.PUBLISHED)
                  .values_list("region_id", flat=True).distinct())
    model = replication_model()
    replications = model.objects.filter(state="done").count() if model is not None else 0
    return {"published": published.count(), "replications": replications,
            "regions": len(author_regions | adopted)}


def month_bounds(month):
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


def _created_field(model):
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("created_at", "requested_at", "submitted_at") if n in names), None)


def digest(month, limit=10):
    """F-CAT-4: the month's most requested and most appreciated practices and the leading author regions."""
    start, end = month_bounds(month)
    public = Practice.objects.filter(state__in=PUBLIC_STATES).select_related("region", "category")
    appreciated = (public.annotate(n=Count("appreciations", filter=Q(appreciations__created_at__date__gte=start,
                                                                         appreciations__created_at__date__lt=end)))
                   .filter(n__gt=0).order_by("-n", "title")[:limit])
    requested = []
    model = replication_model()
    created = _created_field(model) if model is not None else None
    request_counts = {}
    if created:
        rows = (model.objects.filter(**{f"{created}__date__gte": start, f"{created}__date__lt": end},
                                     practice__state__in=PUBLIC_STATES)
                .exclude(state="dismissed").order_by().values("practice_id").annotate(n=Count("pk")))
        request_counts = {row["practice_id"]: row["n"] for row in rows}
        top = sorted(request_counts.items(), key=lambda kv: -kv[1])[:limit]
        by_pk = public.in_bulk([pk for pk, _ in top])
        requested = [(by_pk[pk], n) for pk, n in top if pk in by_pk]
    marks = (Appreciation.objects.filter(created_at__date__gte=start, created_at__date__lt=end,
                                         practice__state__in=PUBLIC_STATES)
             .order_by().values("practice__region_id").annotate(n=Count("pk")))
    region_marks = {row["practice__region_id"]: row["n"] for row in marks}
    published = (Practice.objects.filter(state__in=PUBLIC_STATES, published_at__date__gte=start,
                                         published_at__date__lt=end)
                 .order_by().values("region_id").annotate(n=Count("pk")))
    region_published = {row["region_id"]: row["n"] for row in published}
    region_requests = {}
    if request_counts:
        for pk, region_id in Practice.objects.filter(pk__in=request_counts).values_list("pk", "region_id"):
            region_requests[region_id] = region_requests.get(region_id, 0) + request_counts[pk]
    region_ids = set(region_marks) | set(region_published) | set(region_requests)
    regions = Region.objects.in_bulk(region_ids)
    leaders = sorted(
        ({"region": regions[rid], "published": region_published.get(rid, 0),
          "appreciations": region_marks.get(rid, 0), "requests": region_requests.get(rid, 0)}
         for rid in region_ids if rid in regions),
        key=lambda r: (-(r["requests"] + r["appreciations"]), -r["published"], r["region"].name))[:limit]
    return {"month": start, "requested": requested, "appreciated": list(appreciated), "regions": leaders}
