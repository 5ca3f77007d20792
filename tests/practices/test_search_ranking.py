"""Issue 16 item 5 (F-CAT-1): the relevance order — name above goal/essence above the rest, exact word
forms above family and prefix matches, recency breaks ties — and highlighting of family matches."""

import datetime

import pytest
from django.utils import timezone

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search
from tests.factories import published_practice

pytestmark = pytest.mark.django_db


def order(query):
    return [p.title for p in search(CatalogueQuery(q=query)).page.object_list]


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def test_issue_16_exact_form_ranks_above_family_match_even_when_older(author):
    published_practice(author, title="Спортивные площадки", published_at=days_ago(1))
    published_practice(author, title="Спорт для всех", published_at=days_ago(30))
    assert order("спорт") == ["Спорт для всех", "Спортивные площадки"]


def test_issue_16_family_match_in_name_ranks_above_exact_match_in_goal(author):
    published_practice(author, title="Проект района", goal="Спорт во дворах", published_at=days_ago(1))
    published_practice(author, title="Спортивный двор", published_at=days_ago(30))
    published_practice(author, title="Проект села", results_main="Спорт доступен всем", published_at=days_ago(0))
    assert order("спорт") == ["Спортивный двор", "Проект района", "Проект села"]


def test_issue_16_recency_breaks_ties(author):
    published_practice(author, title="Школа полного дня", published_at=days_ago(20))
    published_practice(author, title="Школа полного дня", goal="Новая", published_at=days_ago(2))
    result = search(CatalogueQuery(q="школа"))
    assert [p.goal for p in result.page.object_list] == ["Новая", ""]


def test_issue_16_family_and_synonym_matches_are_highlighted(author):
    published_practice(author, title="Образовательный центр", goal="Образовательные программы для взрослых.")
    published_practice(author, title="Многофункциональный центр в селе")
    practice = search(CatalogueQuery(q="образование")).page.object_list[0]
    assert "<mark>Образовательный</mark>" in practice.title_html
    assert "<mark>Образовательные</mark>" in practice.fragment_html
    practice = search(CatalogueQuery(q="МФЦ")).page.object_list[0]
    assert "<mark>Многофункциональный</mark> <mark>центр</mark>" in practice.title_html
