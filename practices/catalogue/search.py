"""The search of the public catalogue and the knowledge base: Russian full-text search, highlighted
fragments, suggestions and one page of results with its facets (F-CAT-1, F-CAT-2).

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
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Concat, Length
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
from practices.models import Appreciation, Practice, PracticeState, SearchWord

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
SIMILARITY_MIN = 0.3       # pg_trgm's default similarity_threshold

WORD_RE = re.compile(r"[0-9a-zа-я]+")
HL_START, HL_STOP = "⟦", "⟧"


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
    """A corrected query («шкала» stays, «здравохранение» → «здравоохранение») or '' when nothing changes.
    A word never appears twice in it: two typed words corrected to the same one give it once (issue 14,
    item 11: «шкла школа» → «школа», not «школа школа»)."""
    words = [w for w in terms(text) if not w.isdigit()]
    if not words:
        return ""
    closest = _closest_trgm(words) if trigram_available() else _closest_python(words)
    corrected = list(dict.fromkeys(closest.get(w, w) for w in terms(text)))
    suggestion = " ".join(corrected)
    return suggestion if suggestion != " ".join(dict.fromkeys(terms(text))) else ""


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
        queryset = queryset.annotate(useful_count=count_subquery(Appreciation))
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
    # «Возможно, вы имели в виду …» only when the query found nothing (issue 14, item 11); choice: the
    # any-word fallback's results count as found
    suggestion = suggest(query.q) if query.q and not total else ""
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
