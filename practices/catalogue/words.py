"""The words of a catalogue query and the tsquery built from them (F-CAT-1, F-CAT-2; issue 16 items 1–4).

The practice's stored ``search_vector`` holds Snowball stems (config ``russian``); the query is a
``to_tsquery('simple', …)`` of stems built here:

* **inflections**: every word matches its stem exactly («школа» → школ → «школы», «школе»; ё as е);
* **word families** (item 1): Snowball removes endings, not derivational suffixes, so a stem also
  matches its family through a small table of regular suffix alternations kept as data
  (``FAMILY_SUFFIXES``, ``ALTERNATIONS``): the stem without its derivational suffix is a prefix
  («образовательный» → образовательн → образов:* → «образование»; «энергетика» → энергетик →
  энергет:* → «энергетический»; «волонтёрство» → волонтерств → волонтер:* → «волонтёр»);
* a stem of at least ``PREFIX_MIN_STEM`` letters is a prefix as well («спорт» → «спортивные»); a
  shorter one only through its derivations («школ» → «школьники», «банк» → «банковский», never
  «банкротство»);
* **no false friends** (item 2): a short stem never grows as a prefix: «рак» does not reach «ракета»,
  «лес» not «лестница», «газ» not «газета», «вода» not «водитель», «море» not «морковь», «дом» not
  «доменный»; it reaches only its own adjective and agent-noun forms (``SHORT_STEM_DERIVATIONS``:
  «школа» → «школьное», «лес» → «лесной», «наука» → «научный»);
* **abbreviations and synonyms** (item 4): the thesaurus ``SearchSynonym`` (admin, seeded with
  abbreviations of public administration) adds the other form as an alternative, both ways
  («МФЦ» → мфц | многофункциональн & центр; «многофункциональный центр» → … | мфц).

Measured (issue 16, tests/practices/test_search_query_table.py): every family pair of the issue is
found both ways, no false friend of the table is; hunspell/pymorphy were not needed.
"""

import re
from dataclasses import dataclass, field

from django.db import connection

MAX_TERMS = 8
PREFIX_MIN_STEM = 5        # «спорт» grows, «дом» does not
SHORTEN_MIN_STEM = 6       # only long stems lose a derivational suffix
SHORTENED_PREFIX_MIN = 4   # a base of 4+ letters grows, of 3 letters matches exactly («лесной» → лес)

# Regular derivational suffixes (after Snowball removed the ending), longest first, with the shortest
# base each may leave: the base is the family's common prefix («энергетик»/«энергетическ» → энергет).
FAMILY_SUFFIXES = (
    ("ическ", 3), ("тельск", 3), ("ательн", 4), ("тельн", 3), ("ьств", 5), ("изац", 5), ("ичн", 4),
    ("ческ", 3), ("альн", 3), ("ионн", 4), ("ств", 5), ("ион", 5), ("ивн", 3), ("енн", 3), ("онн", 3),
    ("ик", 6), ("ан", 5), ("ен", 6), ("ск", 3), ("ов", 4), ("ьн", 3), ("н", 3),
)
# Consonant alternations before a suffix (к/ч, г/ж, ц/ч, fleeting о): «наука» → научн, «библиотека» →
# библиотечн, «рынок» → рыночн — and back («научный» → наук).
ALTERNATIONS = (("к", "чн"), ("г", "жн"), ("ц", "чн"), ("ок", "очн"))
# a short stem does not grow, but its adjective and agent-noun forms are found («школа» → «школьное»,
# «школьники»; «лес» → «лесной»; «дети» → «детские») while «дом» never reaches «доменный»
SHORT_STEM_DERIVATIONS = ("ьн", "н", "ск", "ическ", "ичн", "ьник", "ов")

WORD_RE = re.compile(r"[0-9a-zа-я]+")

# the Russian ЙЦУКЕН keys under the Latin QWERTY ones (a query typed in the wrong layout, item 3)
LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё"
LAYOUT = str.maketrans(LATIN, CYRILLIC)
LATIN_RE = re.compile(r"^[a-z\[\];',.`]+$")


def terms(text):
    """Lower-case words of a query, ё as е, at most MAX_TERMS."""
    text = (text or "").lower().replace("ё", "е")
    return WORD_RE.findall(text)[:MAX_TERMS]


def from_latin_layout(text):
    """«irjkf» → «школа»: the text as if typed with the Russian layout (only all-Latin words change)."""
    return " ".join(word.translate(LAYOUT) if LATIN_RE.match(word) else word
                    for word in (text or "").lower().split())


def stems(words):
    """``{word: stem or ''}`` by PostgreSQL's own Snowball (so the query matches the stored vector);
    a stop word («и», «в», «по») has the stem ''."""
    words = list(dict.fromkeys(words))
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, ts_lexize('russian_stem', w) FROM unnest(%s::text[]) AS w", [words])
        return {w: (lex[0] if lex else "") for w, lex in cursor.fetchall()}


def shortened(stem):
    """The family base of a long stem without its derivational suffix («спортивн» → «спорт»,
    «энергетик» → «энергет»), or ''."""
    if len(stem) < SHORTEN_MIN_STEM:
        return ""
    for suffix, min_base in FAMILY_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= min_base:
            return stem[: -len(suffix)]
    return ""


def alternated(stem):
    """Stems of the same family through a consonant alternation («наук» → научн:*, «научн» → наук)."""
    out = []
    for plain, before_suffix in ALTERNATIONS:
        if stem.endswith(plain) and len(stem) - len(plain) >= 3:
            out.append(f"{stem[: -len(plain)]}{before_suffix}:*")
        if stem.endswith(before_suffix) and len(stem) - len(before_suffix) >= 3:
            out.append(stem[: -len(before_suffix)] + plain)
    return out


def family(word, stem):
    """``(exact, [family alternatives])`` of one word: its stem and the prefixes of its family."""
    if not stem:
        return "", []
    alternatives = []
    if len(stem) >= PREFIX_MIN_STEM:
        alternatives.append(f"{stem}:*")
    if len(stem) < PREFIX_MIN_STEM and len(stem) >= 3:
        alternatives.extend(f"{stem}{suffix}:*" for suffix in SHORT_STEM_DERIVATIONS)
    base = shortened(stem)
    if base:
        alternatives.append(f"{base}:*" if len(base) >= SHORTENED_PREFIX_MIN else base)
    alternatives += alternated(stem)
    return stem, [a for a in dict.fromkeys(alternatives) if a != stem]


def _any(alternatives):
    alternatives = list(dict.fromkeys(a for a in alternatives if a))
    if not alternatives:
        return ""
    return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"


def term_query(word, stem):
    """The tsquery alternatives of one word (lexemes are already stems, hence config 'simple')."""
    exact, others = family(word, stem)
    return _any([exact, *others])


# --- the thesaurus (item 4)


def synonym_pairs():
    """Active thesaurus pairs as ``[(words of one form, words of the other)]``, both directions."""
    from practices.models import SearchSynonym

    pairs = []
    for term, other in SearchSynonym.objects.filter(is_active=True).values_list("term", "synonym"):
        a, b = terms(term), terms(other)
        if a and b:
            pairs += [(a, b), (b, a)]
    return pairs


@dataclass
class Parsed:
    """A query's words, the tsquery of every match (``full``), of exact forms only (``exact``, for the
    ranking) and the synonyms that were added (``synonyms``)."""

    words: list
    full: str = ""
    exact: str = ""
    any_full: str = ""
    synonyms: list = field(default_factory=list)


def parse(text, pairs=None):
    """Everything the search needs from the typed text: three queries of at most two SQL round trips
    (the thesaurus, the stems)."""
    words = terms(text)
    if not words:
        return Parsed(words)
    pairs = synonym_pairs() if pairs is None else pairs
    found = stems(words + [w for a, b in pairs for w in a + b])
    stemmed = [found.get(w, "") for w in words]
    groups = []  # [(covered word indexes, exact, full)]
    covered = set()
    synonyms = []
    for form, other in pairs:
        if len(form) == 1:  # an abbreviation is matched as typed: «ОМСУ» and «ОМС» share the stem омс
            indexes = {i for i, w in enumerate(words) if w == form[0]}
            if not indexes:
                continue
        else:  # a phrase by its stems, in any inflection
            form_stems = [found.get(w, "") for w in form if found.get(w, "")]
            if not form_stems or not set(form_stems) <= set(stemmed):
                continue
            indexes = {i for i, s in enumerate(stemmed) if s in form_stems}
        if indexes & covered and not indexes <= covered:
            continue
        other_query = " & ".join(q for q in (term_query(w, found.get(w, "")) for w in other) if q)
        if not other_query:
            continue
        synonyms.append(" ".join(other))
        existing = next((g for g in groups if g[0] == indexes), None)
        if existing:
            existing[2].append(other_query)
            continue
        form_query = " & ".join(term_query(words[i], stemmed[i]) for i in sorted(indexes) if stemmed[i])
        form_exact = " & ".join(stemmed[i] for i in sorted(indexes) if stemmed[i])
        groups.append((indexes, form_exact, [form_query, other_query]))
        covered |= indexes
    parts, exact_parts = [], []
    for _indexes, form_exact, alternatives in groups:
        parts.append("(" + " | ".join(f"({a})" if "&" in a else a for a in alternatives) + ")")
        exact_parts.append(f"({form_exact})" if "&" in form_exact else form_exact)
    for i, (word, stem) in enumerate(zip(words, stemmed, strict=True)):
        if i not in covered and stem:
            parts.append(term_query(word, stem))
            exact_parts.append(stem)
    parts = list(dict.fromkeys(p for p in parts if p))
    exact_parts = list(dict.fromkeys(p for p in exact_parts if p))
    return Parsed(words=words, full=" & ".join(parts), exact=" & ".join(exact_parts),
                  any_full=" | ".join(parts), synonyms=synonyms)


def build_tsquery(text, *, any_word=False):
    """``(tsquery string for to_tsquery('simple', …), words)``; the string is '' when nothing is searchable."""
    parsed = parse(text)
    return (parsed.any_full if any_word else parsed.full), parsed.words
