"""The search of the public catalogue and the knowledge base: Russian full-text search, ranking,
highlighted fragments, corrections and one page of results with its facets (F-CAT-1, F-CAT-2; issue 16).

The tsquery (inflections, word families, no false friends, the thesaurus) is built in
``practices.catalogue.words``; here it is matched, ranked, counted and corrected:

* **ranking** (issue 16 item 5): a match in the name ranks above a match in the goal or essence, which
  ranks above the rest; within each, exact word forms above family and prefix matches; then
  ``ts_rank_cd`` (normalised), then recency (``rank_expression``);
* **corrections** (item 3): a query that finds nothing (or almost nothing) while its correction finds
  results shows the corrected results at once («Показаны результаты по запросу …», the typed query one
  click away) when the correction is close (one edit per word, two for long words, or the wrong
  keyboard layout); a weaker one stays a «Возможно, вы имели в виду» link;
* **broad queries** (issue 17 item 2): see ``practices.catalogue.broad``.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, FloatField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.safestring import mark_safe

from practices.catalogue.facets import FACET_COLUMNS, catalogue_counts, facet_counts, facets
from practices.catalogue.query import (
    PAGE_SIZE,
    CatalogueQuery,
    apply_filters,
    count_subquery,
    public_practices,
    requests_expr,
    with_counts,
)
from practices.catalogue.words import (  # noqa: F401  (re-exported for the tests and the bench)
    LATIN_RE,
    LAYOUT,
    MAX_TERMS,
    build_tsquery,
    parse,
    shortened,
    stems,
    synonym_pairs,
    term_query,
    terms,
)
from practices.models import Appreciation, Practice, PracticeState
from smarteka.text import plural_form

SIMILARITY_MIN = 0.3       # pg_trgm's default similarity_threshold (pg_trgm: migration smarteka 0001, issue 16 item 7)
ALMOST_NOTHING = 2         # a query finding at most this many is corrected when the correction finds
CORRECTION_GAIN = 5        # … at least this many times more
STRONG_MIN_LENGTH = 5      # a shorter word has too many neighbours one edit away («рис» → «риск»)
HL_START, HL_STOP = "⟦", "⟧"
LEXEME_RE = re.compile(r"([0-9a-zа-я]+)(:\*)?")


# --- ranking (item 5)


def weighted(tsquery, weights):
    """The tsquery restricted to the vector's weights («школ | спорт:*» → «школ:A | спорт:*A»)."""
    return LEXEME_RE.sub(lambda m: f"{m.group(1)}:{'*' if m.group(2) else ''}{weights}", tsquery)


def rank_expression(full, exact, table="practices_practice"):
    """The relevance of a row: tiers name-exact 6, name 5, goal/essence-exact 4, goal/essence 3, the
    rest exact 2, the rest 1; plus ``ts_rank_cd(…, 32)`` (in [0, 1)) inside a tier; ties go to the
    newest (``ORDERINGS``)."""
    vector = f'"{table}"."search_vector"'
    tiers = [(weighted(exact, "A"), 6), (weighted(full, "A"), 5), (weighted(exact, "AB"), 4),
             (weighted(full, "AB"), 3), (exact, 2)]
    whens = " ".join(f"WHEN {vector} @@ to_tsquery('simple', %s) THEN {n}" for _, n in tiers)
    sql = f"(CASE {whens} ELSE 1 END + ts_rank_cd({vector}, to_tsquery('simple', %s), 32))"
    return RawSQL(sql, [q for q, _ in tiers] + [full], output_field=FloatField())


# --- highlighted fragments


def _highlight(text):
    if not text:
        return ""
    escaped = html.escape(text)
    return mark_safe(escaped.replace(HL_START, "<mark>").replace(HL_STOP, "</mark>"))


SENTENCE_END = r"[.!?…]\s*$"


def snippet_source():
    """The goal and the essence as one text for the fragments, a full stop between them when the goal
    does not end a sentence itself, so a fragment spanning both reads as two sentences (issue 14, item 11)."""
    joint = Case(When(Q(goal="") | Q(essence=""), then=Value("")),
                 When(goal__regex=SENTENCE_END, then=Value(" ")),
                 default=Value(". "), output_field=TextField())
    return Concat("goal", joint, "essence", output_field=TextField())


def _headlines(queryset, search_query):
    options = {"config": "russian", "start_sel": HL_START, "stop_sel": HL_STOP}
    return queryset.annotate(
        title_hl=SearchHeadline("title", search_query, highlight_all=True, **options),
        text_hl=SearchHeadline(snippet_source(), search_query, max_words=30, min_words=12,
                               max_fragments=2, fragment_delimiter=" … ", **options),
    )


# --- «Возможно, вы имели в виду …»


def _closest_trgm(words):
    """pg_trgm over the word list. The list keeps ё as written and the query folds it to е, so the
    trigram index is asked with a lower threshold and the folded similarity decides («волонтерсво» →
    «волонтёрство»)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_limit(%s)", [SIMILARITY_MIN - 0.1])
        cursor.execute(
            """SELECT t.w, c.word, c.ndoc, coalesce(o.ndoc, 0)
                 FROM unnest(%s::text[]) AS t(w)
                 LEFT JOIN practices_searchword o ON o.word = t.w
                 LEFT JOIN LATERAL (
                     SELECT s.word, s.ndoc FROM practices_searchword s
                      WHERE s.word %% t.w AND s.word <> t.w AND s.ndoc > coalesce(o.ndoc, 0) * %s
                        AND similarity(translate(s.word, 'ё', 'е'), t.w) >= %s
                      ORDER BY similarity(translate(s.word, 'ё', 'е'), t.w) DESC, s.ndoc DESC LIMIT 1) c ON TRUE""",
            [list(words), CORRECTION_GAIN, SIMILARITY_MIN])
        return {w: (c, n, own) if c else (w, own, own) for w, c, n, own in cursor.fetchall()}


def edit_distance(a, b):
    """Damerau–Levenshtein distance (adjacent transpositions count as one edit)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@dataclass
class Correction:
    text: str = ""       # the corrected query, '' when nothing changes
    strong: bool = False  # close enough to show its results at once


def correction(text):
    """The corrected query: words typed in the Latin layout are read in the Russian one («irjkf» →
    «школа»), then each word not in the catalogue's words (or found in almost no practice) becomes
    the closest frequent word («здравохранение» → «здравоохранение»). Strong when every changed word
    is in no practice's text, has 5+ letters and is one edit away (two for words of 8+ letters) or came from the wrong layout. A word never
    appears twice (issue 14, item 11: «шкла школа» → «школа»)."""
    typed = terms(text)
    words = []
    layout = set()
    for token in (text or "").lower().replace("ё", "е").split():
        if LATIN_RE.match(token):  # the Latin keys of Russian letters (х ъ ж э б ю ё are [ ] ; ' , . `)
            converted = terms(token.translate(LAYOUT))
            layout |= set(converted)
            words += converted
        else:
            words += terms(token)
    words = words[:MAX_TERMS]
    checked = [w for w in words if not w.isdigit()]
    if not checked:
        return Correction()
    closest = _closest_trgm(checked)
    corrected, strong = [], True
    for word in words:
        best, ndoc, own = closest.get(word, (word, 0, 0))
        if word in layout and own and best == word:
            corrected.append(word)
            continue
        if best != word and (ndoc > own * CORRECTION_GAIN):
            limit = 2 if len(word) >= 8 else 1
            # a word some practice is written with is never replaced by itself, only offered a link
            # («парка» found twice is not turned into a frequent «марка»)
            strong = strong and not own and len(word) >= STRONG_MIN_LENGTH and edit_distance(word, best) <= limit
            corrected.append(best)
        else:
            corrected.append(word)
    corrected = list(dict.fromkeys(corrected))
    suggestion = " ".join(corrected)
    if suggestion == " ".join(dict.fromkeys(typed)):
        return Correction()
    return Correction(suggestion, strong)


def suggest(text):
    """A corrected query («шкала» stays, «здравохранение» → «здравоохранение») or '' when nothing changes."""
    return correction(text).text


# --- the search


@dataclass
class Result:
    query: CatalogueQuery
    page: object
    total: int
    facets: dict
    sort: str
    suggestion: str = ""      # «Возможно, вы имели в виду …» (a weak correction) or the applied one
    corrected: bool = False   # the results are those of ``suggestion`` («Показаны результаты по запросу …»)
    any_word: bool = False
    searched: bool = False
    estimated: bool = False   # the total and the facet counts are estimates («около …», issue 17)
    synonyms: tuple = ()      # the thesaurus forms the query was widened with

    @property
    def approx_total(self):
        """«56 000 практик» (after «около»: the genitive) — the estimate rounded to two digits."""
        digits = len(str(self.total))
        rounded = round(self.total, -max(digits - 2, 0))
        number = f"{rounded:,}".replace(",", "\u00a0")
        return f"{number} {plural_form(rounded, 'практики', 'практик', 'практик')}"


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


def _ordered(queryset, sort, rank=None):
    """``queryset`` with what ``sort`` orders by (``rank``, the relevance expression, only with a text query)."""
    if sort == "popular":
        queryset = queryset.annotate(requests_count=requests_expr())
    elif sort == "useful":
        queryset = queryset.annotate(useful_count=count_subquery(Appreciation))
    if rank is not None and sort == "relevance":
        queryset = queryset.annotate(rank=rank)
    elif sort == "relevance":
        sort = "date"
    return queryset.order_by(*ORDERINGS[sort])


@dataclass
class _Match:
    total: int
    counts: dict
    page_ids: list
    search_query: object
    any_word: bool = False
    estimated: bool = False
    synonyms: tuple = ()


def _match(base, query, text, sort, number, pairs=None):
    """The match of ``text``: total, facet counts, the page's ids — one query (two when every word
    together finds nothing and any word is tried); ``None`` when nothing in ``text`` is searchable."""
    from practices.catalogue import broad

    parsed = parse(text, pairs=pairs)
    if not parsed.full:
        return None
    # without a filter every matched row is ranked anyway: rank it while matching; with filters rank
    # only the filtered rows (by id, after the match)
    rank_in_match = sort == "relevance" and not query.has_filters
    tries = [(parsed.full, parsed.exact, False)]
    if len(parsed.words) > 1:
        tries.append((parsed.any_full, parsed.exact.replace(" & ", " | "), True))
    for full, exact, any_word in tries:
        search_query = SearchQuery(full, search_type="raw", config="simple")
        rank = rank_expression(full, exact)
        fast = broad.broad_match(base, query, full, exact, sort, number) if not any_word else None
        if fast is not None:
            total, counts, page_ids = fast
            return _Match(total, counts, page_ids, search_query, estimated=True, synonyms=tuple(parsed.synonyms))
        matched = base.filter(search_vector=search_query)
        total, counts, page_ids = facet_counts(matched, query, page=(_ordered(base, sort, rank), number),
                                               rank=rank if rank_in_match else None)
        if total:
            break
    return _Match(total, counts, page_ids, search_query, any_word=any_word and bool(total),
                  synonyms=tuple(parsed.synonyms))


def _empty_counts():
    return {name: {} for name in (*FACET_COLUMNS, "indicator")}


def search(query, *, with_facets=True):
    """F-CAT-1 / F-CAT-2: one page of results, facet counts, corrections — a constant number of queries.
    ``with_facets=False`` (the open-data API, which returns no filter options) skips the options' lists.

    With a text query, the match, the total, the facet counts and the ids of the page are ONE query
    (``facet_counts``); the page's rows, their figures and their highlighted fragments are fetched
    by id, so ``ts_headline`` runs on the shown practices only. A query finding nothing or almost
    nothing is corrected (item 3): a strong correction's results are shown at once."""
    base = public_practices(archived=query.archived)
    sort = query.effective_sort
    number = _page_number(query.page)
    match, suggestion, corrected = None, "", False
    if query.q:
        pairs = synonym_pairs()  # the thesaurus, read once for the query and its correction
        match = _match(base, query, query.q, sort, number, pairs)
        total = match.total if match else 0
        if total <= ALMOST_NOTHING:
            fix = correction(query.q)
            if fix.text:
                better = _match(base, query, fix.text, sort, number, pairs)
                if better and better.total > max(total * CORRECTION_GAIN, 0):
                    suggestion = fix.text
                    if fix.strong and not query.as_typed:
                        match, corrected = better, True
                    elif total:  # a weak correction of a query that found something: no link needed
                        suggestion = ""
        results = Practice.objects.filter(pk__in=match.page_ids if match else []).order_by("pk")
    else:
        results = _ordered(apply_filters(base, query), sort)
    if query.q:
        total, counts = (match.total, match.counts) if match else (0, _empty_counts())
    elif query.has_filters:
        total, counts, _ = facet_counts(base, query)
    else:  # the whole catalogue: its counts are kept up to date by the database
        total, counts = catalogue_counts(PracticeState.ARCHIVED if query.archived else PracticeState.PUBLISHED)
    results = with_counts(results).select_related("category", "region").defer("search_vector")
    if match is not None:
        results = _headlines(results, match.search_query)
    paginator = Paginator(results, PAGE_SIZE)
    paginator.count = total  # counted above, once
    page = paginator.get_page(query.page)
    if query.q:  # the page's ids came in the order of the search
        rows = {practice.pk: practice for practice in results} if match and match.page_ids else {}
        page.object_list = [rows[pk] for pk in match.page_ids if pk in rows] if rows else []
    for practice in page.object_list:
        practice.title_html = _highlight(getattr(practice, "title_hl", ""))
        practice.fragment_html = _highlight(getattr(practice, "text_hl", ""))
    return Result(query=query, page=page, total=total, facets=facets(counts, query) if with_facets else {}, sort=sort,
                  suggestion=suggestion, corrected=corrected, any_word=bool(match and match.any_word),
                  searched=bool(query.q), estimated=bool(match and match.estimated),
                  synonyms=match.synonyms if match else ())


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
