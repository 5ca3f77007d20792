"""Issue 16 item 6 (F-CAT-1): search as you type — up to 8 practice names and categories for what is
typed so far; the box is an ARIA combobox and stays a plain form without JS."""

import pytest
from django.urls import reverse

from practices.models import Category
from tests.factories import published_practice

pytestmark = pytest.mark.django_db
URL = "practices:search_suggestions"


def options(client, q, **params):
    response = client.get(reverse(URL), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_issue_16_suggestions_complete_the_last_word(author, client):
    published_practice(author, title="Школа полного дня")
    published_practice(author, title="Шкала оценки")
    published_practice(author, title="Спортивная школа", state="draft")
    html = options(client, "шко")
    assert 'role="option"' in html and "Школа полного дня" in html
    assert "Шкала оценки" not in html and "Спортивная школа" not in html  # a draft never shows
    assert "Школа полного дня" in options(client, "школа полн")
    assert "Школа полного дня" not in options(client, "школа спорт")


def test_issue_16_suggestions_hold_at_most_eight_with_categories_first(author, client):
    category = Category.objects.filter(category_set__is_current=True).first()
    word = category.name.split()[0][:5].lower()
    for i in range(12):
        published_practice(author, title=f"{category.name.split()[0]} {i}")
    html = options(client, word)
    assert html.count('role="option"') == 8
    assert html.index("Категория") < html.index(f"{category.name.split()[0]} ")
    assert f"?category={category.pk}" in html


def test_issue_16_no_suggestion_is_an_empty_answer(author, client):
    published_practice(author, title="Школа полного дня")
    assert options(client, "") == ""
    assert options(client, "ш") == ""
    assert options(client, "зззз") == ""


def test_issue_16_knowledge_base_suggests_archived_practices(author, client):
    published_practice(author, title="Школа в каталоге")
    published_practice(author, title="Школа в архиве", state="archived")
    assert "Школа в архиве" in options(client, "шко", archived="1")
    assert "Школа в каталоге" not in options(client, "шко", archived="1")
    assert "Школа в архиве" not in options(client, "шко")


def test_issue_16_search_box_is_a_combobox_and_a_plain_form(client):
    html = client.get(reverse("practices:catalogue")).content.decode()
    assert 'role="combobox"' in html and 'aria-controls="search-suggestions"' in html
    assert 'id="search-suggestions" role="listbox"' in html
    assert 'hx-trigger="input changed delay:250ms"' in html
    assert '<form method="get"' in html and 'name="q"' in html  # without JS: a GET form
    assert "<script>" not in html and ' style="' not in html  # strict CSP: no inline script or style
