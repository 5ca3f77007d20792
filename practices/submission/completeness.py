"""What a passport must satisfy before it is submitted (F-PASS-4, 2.1.5, 4.1.6–4.1.7, 4.3.1, SPEC §5).

``submission_problems(practice)`` returns every unmet condition at once, as Russian sentences, so the
refusal lists them all in one message. WHAT is required is decided in one place each —
``practices.passport.completeness`` (passport fields, rating indicators, confirmations),
``practices.materials.completeness`` (materials and cover) and ``practices.team.completeness`` (team
size and profiles); this module only turns their answers into the sentences of the refusal and adds
the rules that belong to submission alone (organisation type, year, windows, track).

It imports no model: ``practices.models`` asks it for the conditions of ``submit`` and ``resubmit``,
and it reads everything through the practice (``practice.window_ratings()``, ``rating.open_window()``).
"""

from django.urls import reverse
from django.utils import timezone

from practices.enums import MaterialKind, Track
from practices.materials.completeness import COVER_LABEL, materials_missing
from practices.passport.completeness import (
    CONFIRMATIONS_SECTION,
    INDICATORS_MISSING,
    SECTION_TITLES,
    missing_by_section,
)
from practices.team.completeness import team_missing

AGENCY_LETTER_NOTE = ("Письмо-запрос Агентства ещё не загружено: письмо-запрос Агентства загружает "
                      "региональный координатор.")
STATE_COUNCIL_LETTER_NOTE = ("Письмо и протокол комиссии Госсовета или профильного ФОИВ поступают в Агентство: "
                             "их прикрепит к практике модератор АСИ (п. 3.2.2, 4.3.2 Регламента). Без них "
                             "практика пройдёт полную процедуру с экспертной оценкой.")


class Problem(str):
    """A refusal sentence that knows where it is fixed (issue 14 item 5): ``url`` and ``link_text`` of
    the passport section or page; still a plain string for the services and the transition conditions."""

    def __new__(cls, text, url="", link_text=""):
        problem = super().__new__(cls, text)
        problem.url, problem.link_text = url, link_text
        return problem


def _section(practice, slug, text):
    if not practice.pk:
        return Problem(text)
    return Problem(text, reverse("practices:edit_section", args=[practice.pk, slug]),
                   f"Открыть раздел «{SECTION_TITLES[slug]}»")


def _page(practice, name, text, link_text):
    return Problem(text, reverse(name, args=[practice.pk]) if practice.pk else "", link_text)


def _join(items):
    return ", ".join(str(i) for i in items)


# --- the parts, each formatted from its completeness module


def _passport_problems(practice):
    """``(missing fields grouped by passport section + no rating indicator, confirmations not given)``."""
    missing = missing_by_section(practice)
    confirmations = missing.pop(CONFIRMATIONS_SECTION)
    no_indicator = INDICATORS_MISSING in missing["category"]
    problems = []
    for slug, labels in missing.items():
        labels = [label for label in labels if label != INDICATORS_MISSING]
        if labels:
            problems.append(_section(practice, slug, f"Не заполнены обязательные поля паспорта: в разделе "
                                                     f"«{SECTION_TITLES[slug]}» — {_join(labels)}."))
    if no_indicator:
        problems.append(_section(practice, "category", "Не выбран ни один показатель рейтингов Агентства, на "
                                 "который практика оказывает прямое влияние (п. 4.1.4–4.1.5)."))
    not_given = ([_section(practice, CONFIRMATIONS_SECTION, f"Не даны подтверждения: {_join(confirmations)}.")]
                 if confirmations else [])
    return problems, not_given


def _materials_problems(practice):
    missing = materials_missing(practice) if practice.pk else [COVER_LABEL]
    kinds = [f"«{label}»" for label in missing if label != COVER_LABEL]
    parts = []
    if kinds:
        parts.append(f"Не загружены обязательные материалы: {_join(kinds)}")
    if COVER_LABEL in missing:
        parts.append("не загружена обложка карточки практики" if kinds
                     else "Не загружена обложка карточки практики")
    if not parts:
        return []
    return [_page(practice, "practices:materials", "; ".join(parts) + ".", "Открыть «Материалы»")]


def _window_problems(practice, today):
    problems = []
    for rating in practice.window_ratings():
        if rating.open_window(today) is not None:
            continue
        upcoming = rating.next_window(today)
        sentence = (f"Практики, влияющие на показатели рейтинга «{rating.name}», принимаются только в течение "
                    f"трёх месяцев после официальной публикации его итогов (п. 4.3.1): на "
                    f"{today:%d.%m.%Y} окно приёма закрыто")
        if upcoming:
            sentence += f"; ближайшее окно — с {upcoming.opens:%d.%m.%Y} по {upcoming.closes:%d.%m.%Y}"
        problems.append(sentence + ".")
    return problems


# tracks not bound to the 4.3.1 windows: recommended practices are published «по факту поступления
# запроса» (4.3.2); a selection's own Положение sets its dates (4.3.4)
WINDOWLESS_TRACKS = (Track.STATE_COUNCIL, Track.SELECTION)


def submission_problems(practice, *, today=None, window=True, year=True):
    """Every unmet condition of F-PASS-4, as Russian sentences; an empty list means «may be submitted».

    ``window=False`` skips the submission-window rule (a resubmission after revision, choice);
    ``year=False`` skips the three-year rule of 2.1.5 p.1 (an actualization of a published practice,
    F-ACT-1: choice — the rule is one of admission, a practice published years ago keeps its year)."""
    today = today or timezone.localdate()
    problems = [_page(practice, "practices:team", sentence, "Открыть «Команда»") for sentence in team_missing(practice)]
    passport, confirmations = _passport_problems(practice)
    problems += passport
    problems += _materials_problems(practice)

    if practice.organisation_type_id and not practice.organisation_type.may_author:
        problems.append(_section(
            practice, "organisation",
            f"Организация типа «{practice.organisation_type.name}» не может быть автором практики: "
            "автором может быть только исполнительный орган субъекта Российской Федерации "
            "или подведомственная ему организация (п. 2.1.5, подп. 3)."))
    earliest = today.year - 3
    if year and practice.implementation_year and practice.implementation_year < earliest:
        problems.append(_section(
            practice, "implementation",
            f"Практика реализована в {practice.implementation_year} году, а принимаются практики, "
            f"реализованные не ранее {earliest} года — не ранее трёх лет до года публикации "
            "(п. 2.1.5, подп. 1)."))
    if window and practice.track not in WINDOWLESS_TRACKS:
        problems += _window_problems(practice, today)
    problems += confirmations
    return problems


def linked(messages, practice, *, today=None, window=True, extra=()):
    """The refusal's messages (plain strings from a ValidationError) with their links back, matched
    against the conditions checked now (issue 14 item 5) and ``extra`` (the unanswered revision points)."""
    known = {str(p): p for p in [*submission_problems(practice, today=today, window=window), *extra]}
    return [known.get(message, message) for message in messages]


def submission_notes(practice, *, today=None):
    """What does not block the submission but the author should know (F-TRACK-1, F-TRACK-3)."""
    today = today or timezone.localdate()
    notes = []
    if practice.track == Track.REGIONAL_INITIATIVE and not practice.region.is_leader(today.year):
        notes.append(f"Регион «{practice.region.name}» не входит в реестр регионов-лидеров {today.year} года: "
                     "Агентство вправе отказать в рассмотрении заявки (п. 3.1.2).")
    if practice.track == Track.STATE_COUNCIL and not (
            practice.pk and practice.materials.filter(kind=MaterialKind.STATE_COUNCIL_LETTER).exists()):
        notes.append(STATE_COUNCIL_LETTER_NOTE)
    if practice.track == Track.AGENCY_REQUEST and not (
            practice.pk and practice.materials.filter(kind=MaterialKind.AGENCY_LETTER).exists()):
        notes.append(AGENCY_LETTER_NOTE)
    return notes
