"""Issue 14 item 9: one Russian plural helper (three forms) used by every count shown on the main pages:
«4 опубликованные практики», «1 регион-участник», «1 замечание»."""

import pathlib
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from smarteka.text import plural, plural_form

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"
PRACTICE = ("практика", "практики", "практик")


@pytest.mark.parametrize("n, expected", [
    (0, "0 практик"), (1, "1 практика"), (2, "2 практики"), (4, "4 практики"), (5, "5 практик"),
    (11, "11 практик"), (12, "12 практик"), (14, "14 практик"), (21, "21 практика"), (22, "22 практики"),
    (25, "25 практик"), (101, "101 практика"), (111, "111 практик"), (112, "112 практик"), (1000, "1000 практик"),
])
def test_issue_14_item_9_plural_three_forms(n, expected):
    assert plural(n, *PRACTICE) == expected


def test_issue_14_item_9_plural_filters():
    html = Template('{% load smarteka %}{{ n|plural:"регион-участник,региона-участника,регионов-участников" }} / '
                    '{{ n|plural_word:"замечание,замечания,замечаний" }}').render(Context({"n": 1}))
    assert html == "1 регион-участник / замечание"
    assert plural_form("3", "день", "дня", "дней") == "дня"  # a string count (stringformat) works too


# --- every count on the pages goes through the helper

COUNT = re.compile(r"count|total|\|length|figures\.|\bc\.n\b|days_left|days_in_stage|_n\b|\bn\b|given|counts\.")
EXPR = re.compile(r"\{\{\s*(.*?)\s*\}\}")
# after the count, skipping inline tags only: a Russian word there is a hand-written noun that cannot agree
NOUN_AFTER = re.compile(r"\s*(<(?:/?(?:span|strong|b|em|div)\b)[^>]*>\s*)*[а-яёА-ЯЁ]")


def hand_written_plurals():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        for match in EXPR.finditer(text):
            expr = match.group(1)
            if not COUNT.search(expr) or "plural" in expr or ".number" in expr or "num_pages" in expr:
                continue
            if text.startswith("{# figure", match.end()):  # a bare figure under its label, said so
                continue
            if NOUN_AFTER.match(text, match.end()):
                found.append(f"{path.relative_to(TEMPLATES)}: {{{{ {expr} }}}}{text[match.end():match.end() + 25]!r}")
    return found


def test_issue_14_item_9_no_count_is_followed_by_a_hand_written_noun():
    """A count is either a bare figure (a badge, after «Label:») or goes through |plural / |plural_word."""
    assert hand_written_plurals() == []


def test_issue_14_item_9_no_django_pluralize_anywhere():
    """Django's |pluralize knows two forms: Russian needs three."""
    assert [str(p) for p in TEMPLATES.rglob("*.html") if "pluralize" in p.read_text()] == []


@pytest.mark.django_db
@pytest.mark.parametrize("n, published, regions", [
    (1, "опубликованная практика", "регион-участник"),
    (2, "опубликованные практики", "региона-участника"),
    (5, "опубликованных практик", "регионов-участников"),
    (21, "опубликованная практика", "регион-участник"),
])
def test_issue_14_item_9_home_page_figures_agree_with_the_number(client, monkeypatch, n, published, regions):
    monkeypatch.setattr("practices.catalogue.digest.platform_figures",
                        lambda *args: {"published": n, "replications": n, "regions": n})
    html = client.get(reverse("home")).content.decode()
    assert f'id="figure-published">{n}</div><div>{published}</div>' in html
    assert f'id="figure-regions">{n}</div><div>{regions}</div>' in html


@pytest.mark.parametrize("n, text", [(1, "1 практика"), (2, "2 практики"), (5, "5 практик"), (21, "21 практика")])
def test_issue_14_item_9_catalogue_count_agrees_with_the_number(n, text):
    html = Template('{% include "practices/catalogue/_results.html" %}').render(Context({
        "result": {"total": n, "facets": {}, "page": None}, "query": {"q": ""}, "action_url": "/"}))
    assert f"Найдено: <strong>{text}</strong>" in html
