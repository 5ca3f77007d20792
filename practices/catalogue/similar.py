"""Similar practices on a practice's page (F-PLUS-4, issue 19 item 4): five published practices, the same
category first, then by text similarity of the name, goal and essence — the ranking is one SQL query
(after a one-row read of the practice's own words), whatever the catalogue's size.

How (PostgreSQL full-text search over the stored search vector, migration 0006_catalogue: weight A the
name, B the goal and essence):

* the practice's **own words** are the lexemes of the A and B parts of its vector — the name's first,
  then those repeated most in the goal and essence, at most ``MAX_TERMS`` — joined into an OR tsquery
  restricted to the A and B parts of the candidates' vectors (``word:AB``);
* the candidates are **ranked** by ``ts_rank`` (weights D 0.1, C 0.2, B 0.4, A 1.0: a shared word in the
  name counts most), ties going to the newest;
* the words and the category go into the ranking query as constants (not a CTE), so the planner sees
  them and reaches the candidates through the indexes;
* **same category first** — four branches of one ``UNION ALL``, in order: the same category matching the
  words by rank; the same category not matching, newest first; the other categories matching, by rank;
  any other, newest first. Each branch has its own ``LIMIT`` and the outer ``LIMIT`` stops the Append as
  soon as five rows came: the later branches are not executed when the earlier ones fill the list (at
  100,000 practices a category holds thousands, so usually only the first branch runs: it ranks the
  category's matching rows found through the GIN index ``practice_search_gin``).

choice: the regulation is silent on what «похожие» means; a practice of the same category not sharing a
word still comes before another category's close match («same category first» read literally), and only
``published`` practices are suggested (not the knowledge base).
choice: computed when a page needs it and kept in the cache for ``CACHE_SECONDS`` (6 hours) per practice
and its ``updated_at``, rather than stored at publication: a list stored at publication would never see the
practices published after it, a cached one catches up within hours. The ranking reads every row of the
category (about 9,000 at 100,000 practices, wide rows): measured 100–260 ms at 30,000 practices on the
shared 2-core machine, so expect a few hundred ms uncached at 100,000 — once per practice per 6 hours;
the page reads the cached ids and re-reads the rows as published (never an unpublished one). A practice
published or actualized has its list computed at once by the worker (``practices.warm_similar_practices``,
queued by practices/signals.py after the commit), so its page does not pay for it.
"""

from django.core.cache import cache
from django.db import connection

from practices.enums import PracticeState

LIMIT = 5
CACHE_SECONDS = 6 * 3600
MAX_TERMS = 24
NO_WORDS = "'zzzzzzzzzz':AB"  # a practice without words of its own (an empty name): a query matching nothing, quietly

# the practice's own words as a tsquery text and its category (one row, by the primary key)
WORDS_SQL = """
SELECT p.category_id, coalesce((
    SELECT string_agg(quote_literal(t.lexeme) || ':AB', ' | ')
    FROM (SELECT u.lexeme FROM unnest(ts_filter(p.search_vector, '{a,b}')) AS u
          ORDER BY ('A' = ANY(u.weights)) DESC, coalesce(array_length(u.positions, 1), 0) DESC,
                   length(u.lexeme) DESC, u.lexeme
          LIMIT %(terms)s) AS t), '')
FROM practices_practice p WHERE p.id = %(pk)s
"""

# the ranking itself, with the words and the category as constants so the planner estimates them
SIMILAR_SQL = """
SELECT id FROM (
    (SELECT p.id, ts_rank(p.search_vector, to_tsquery('simple', %(words)s)) AS score, p.published_at
     FROM practices_practice p
     WHERE p.state = %(state)s AND p.id <> %(pk)s AND p.category_id = %(category)s
       AND p.search_vector @@ to_tsquery('simple', %(words)s)
     ORDER BY score DESC, p.published_at DESC, p.id DESC LIMIT %(limit)s)
    UNION ALL
    (SELECT p.id, 0, p.published_at
     FROM practices_practice p
     WHERE p.state = %(state)s AND p.id <> %(pk)s AND p.category_id = %(category)s
       AND NOT coalesce(p.search_vector @@ to_tsquery('simple', %(words)s), false)
     ORDER BY p.published_at DESC, p.id DESC LIMIT %(limit)s)
    UNION ALL
    (SELECT p.id, ts_rank(p.search_vector, to_tsquery('simple', %(words)s)), p.published_at
     FROM practices_practice p
     WHERE p.state = %(state)s AND p.id <> %(pk)s AND p.category_id IS DISTINCT FROM %(category)s
       AND p.search_vector @@ to_tsquery('simple', %(words)s)
     ORDER BY 2 DESC, p.published_at DESC, p.id DESC LIMIT %(limit)s)
    UNION ALL
    (SELECT p.id, 0, p.published_at
     FROM practices_practice p
     WHERE p.state = %(state)s AND p.id <> %(pk)s AND p.category_id IS DISTINCT FROM %(category)s
       AND NOT coalesce(p.search_vector @@ to_tsquery('simple', %(words)s), false)
     ORDER BY p.published_at DESC, p.id DESC LIMIT %(limit)s)
) AS ranked
LIMIT %(limit)s
"""


def similar_params(practice, limit=LIMIT):
    """The parameters of ``SIMILAR_SQL`` for ``practice`` (reads its words and category: one small query)."""
    with connection.cursor() as cursor:
        cursor.execute(WORDS_SQL, {"pk": practice.pk, "terms": MAX_TERMS})
        row = cursor.fetchone()
    category, words = row if row else (None, "")
    return {"pk": practice.pk, "category": category, "words": words or NO_WORDS, "limit": limit,
            "state": PracticeState.PUBLISHED}


def compute_similar_ids(practice, limit=LIMIT):
    """The ids of the practices similar to ``practice``, best first: the practice's words (one row by its
    key), then the ranking (one query)."""
    params = similar_params(practice, limit)
    with connection.cursor() as cursor:
        cursor.execute(SIMILAR_SQL, params)
        return [row[0] for row in cursor.fetchall()]


def similar_ids(practice, limit=LIMIT):
    """``compute_similar_ids``, kept in the cache (Redis) for ``CACHE_SECONDS`` under the practice's
    ``updated_at`` — an actualization rewrites the practice and gets a fresh list at once."""
    stamp = practice.updated_at.timestamp() if getattr(practice, "updated_at", None) else 0
    key = f"similar-practices:{practice.pk}:{limit}:{stamp}"
    ids = cache.get(key)
    if ids is None:
        ids = compute_similar_ids(practice, limit)
        cache.set(key, ids, CACHE_SECONDS)
    return ids


def similar_practices(practice, queryset, limit=LIMIT):
    """The similar practices as rows of ``queryset`` (its annotations and joins), in the order of
    ``similar_ids``, read again as published now: a practice archived or deleted since the list was
    cached is left out. At most three queries whatever the catalogue's size (one when cached)."""
    ids = similar_ids(practice, limit)
    rows = {row.pk: row for row in queryset.filter(pk__in=ids, state=PracticeState.PUBLISHED)} if ids else {}
    return [rows[pk] for pk in ids if pk in rows]
