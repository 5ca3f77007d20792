"""Search as you type (issue 16 item 6, F-CAT-1): up to 8 practice names and categories for the text
typed so far. The words before the last are matched as the search matches them (families, thesaurus
left out: a suggestion completes what is typed); the last, unfinished word is a prefix of a stored
stem («шко» → «Школа полного дня»). Names only (the name index of migration 0013), newest first; categories whose name holds
every typed word's prefix come first."""

from django.db import connection

from practices.catalogue.broad import TITLE_MATCH
from practices.catalogue.words import stems, term_query, terms
from practices.enums import PracticeState
from practices.models import Category

LIMIT = 8
CATEGORIES = 3
MIN_CHARS = 2


def _tsquery(words):
    found = stems(words)
    parts = [term_query(w, found.get(w, "")) for w in words[:-1]]
    last = words[-1]
    stem = found.get(last, "")
    alternatives = [f"{last}:*"] + ([f"{stem}:*"] if len(stem) >= 3 else [])
    parts.append("(" + " | ".join(dict.fromkeys(alternatives)) + ")")
    return " & ".join(p for p in parts if p)


def suggestions(text, *, archived=False):
    """``{"categories": [Category], "practices": [(pk, title)]}`` — at most ``LIMIT`` together."""
    words = terms(text)
    if not words or len(" ".join(words)) < MIN_CHARS:
        return {"categories": [], "practices": []}
    categories = Category.objects.filter(category_set__is_current=True)
    for word in words:
        categories = categories.filter(name__iregex=rf"(^|[^а-яёa-z]){word.replace('е', '[её]')}")
    categories = list(categories.order_by("order", "name")[:CATEGORIES])
    state = PracticeState.ARCHIVED if archived else PracticeState.PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT id, title FROM practices_practice
                WHERE state = %s AND {TITLE_MATCH}
                ORDER BY published_at DESC, id DESC LIMIT %s""",
            [state, _tsquery(words), LIMIT - len(categories)])
        practices = cursor.fetchall()
    return {"categories": categories, "practices": practices}
