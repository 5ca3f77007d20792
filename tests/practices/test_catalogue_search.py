"""F-CAT-1, F-CAT-2: Russian full-text search of the catalogue — stems, prefixes, derived forms,
short stems that must not over-match, ranking, highlights and «Возможно, вы имели в виду …»."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search, term_query
from practices.models import Category, Practice, SearchWord
from tests.factories import published_practice

pytestmark = pytest.mark.django_db

# query → words that must be found, words that must not be found (each word is one practice's title)
QUERY_TABLE = [
    ("школа", ["школы", "школе", "школах", "школа"], ["шкала", "доменный"]),
    ("школ", ["школьники", "школы"], ["шкала"]),
    ("школа", ["школьное", "школьники"], ["шкала"]),
    ("лес", ["лесной"], ["лестница"]),
    ("дети", ["детские"], []),
    ("спорт", ["спортивные", "спорт"], ["шкала"]),
    ("спортивные", ["спорт", "спортивные"], ["школы"]),
    ("дом", ["дома", "домов"], ["доменный"]),
    ("дома", ["дома", "домов"], ["доменный"]),
    ("экологические", ["экология"], ["школы"]),
    ("медицинские", ["медицина"], ["доменный"]),
    ("ёлка", ["елки"], []),
]
WORDS = sorted({w for _, found, missing in QUERY_TABLE for w in found + missing})
TITLE = "Проект {}"


@pytest.fixture
def word_practices(author):
    return {w: published_practice(author, title=TITLE.format(w)) for w in WORDS}


def titles(query, **filters):
    result = search(CatalogueQuery(q=query, **filters))
    return {p.title for p in result.page.object_list}, result


@pytest.mark.parametrize(("query", "found", "missing"), QUERY_TABLE)
def test_f_cat_1_query_table_stems_prefixes_and_short_stems(word_practices, query, found, missing):
    """F-CAT-1: «школа» → школы/школе/школах; «школ» → школьники; «спорт» ↔ «спортивные»;
    «дом» → дома/домов but never «доменный»."""
    got, _ = titles(query)
    for word in found:
        assert TITLE.format(word) in got, f"«{query}» must find «{word}»"
    for word in missing:
        assert TITLE.format(word) not in got, f"«{query}» must not find «{word}»"


def test_f_cat_1_term_query_building():
    assert term_query("дом", "дом") == "(дом | домьн:* | домн:* | домск:* | домическ:* | домичн:* | домьник:* | домов:*)"
    assert term_query("школ", "школ").startswith("(школ | школьн:*")
    assert "банкр" not in term_query("банк", "банк") and "банков:*" in term_query("банк", "банк")
    assert term_query("спортивные", "спортивн") == "(спортивн | спортивн:* | спорт:*)"
    assert term_query("доменный", "домен") == "(домен | домен:*)"
    assert term_query("и", "") == ""


def test_f_cat_1_stop_words_only_find_nothing(word_practices):
    got, result = titles("и в по")
    assert got == set() and result.total == 0


def test_f_cat_1_name_ranks_above_goal_and_rest(author):
    """Weights: name (A) > goal/essence (B) > the rest (C)."""
    rest = published_practice(author, title="Проект один", results_main="Ремонт больницы завершён")
    goal = published_practice(author, title="Проект два", goal="Построить больницу в районе")
    name = published_practice(author, title="Новая больница")
    result = search(CatalogueQuery(q="больница"))
    assert [p.pk for p in result.page.object_list] == [name.pk, goal.pk, rest.pk]


def test_f_cat_1_highlighted_fragment_and_escaping(author):
    published_practice(author, title="Цифровая <школа>", goal="Каждая школа региона получила электронный журнал.")
    result = search(CatalogueQuery(q="школа"))
    practice = result.page.object_list[0]
    assert "<mark>школа</mark>" in practice.fragment_html
    assert "&lt;" in practice.title_html and "<mark>" in practice.title_html


def test_f_cat_1_vector_stays_current_after_edit_and_category_rename(author):
    practice = published_practice(author, title="Проект", category=Category.objects.filter(
        category_set__is_current=True).first())
    assert not titles("велодорожки")[0]
    Practice.objects.filter(pk=practice.pk).update(essence="Строим велодорожки в городе")
    assert titles("велодорожки")[0] == {"Проект"}
    Category.objects.filter(pk=practice.category_id).update(name="Урбанистика")
    assert titles("урбанистика")[0] == {"Проект"}


def test_f_cat_1_misspelt_query_is_corrected_by_itself(author, client):
    """Issue 16 item 3: a close correction's results are shown at once, the typed query one click away."""
    published_practice(author, title="Здравоохранение для сельских жителей")
    assert SearchWord.objects.filter(word="здравоохранение").exists()
    response = client.get(reverse("practices:catalogue"), {"q": "здравохранение"})
    html = response.content.decode()
    assert [p.title for p in response.context["result"].page.object_list] == [
        "Здравоохранение для сельских жителей"]
    assert "Показаны результаты по запросу «<strong>здравоохранение</strong>»" in html
    assert "Возможно, вы имели в виду" not in html
    typed = quote("здравохранение")
    assert f'href="{reverse("practices:catalogue")}?q={typed}&amp;as_typed={typed}"' in html
    as_typed = client.get(reverse("practices:catalogue"), {"q": "здравохранение", "as_typed": "здравохранение"})
    assert as_typed.context["result"].total == 0
    assert "Возможно, вы имели в виду" in as_typed.content.decode()


def test_f_cat_1_query_searched_as_typed_stays_so_when_a_filter_changes(author, client):
    """Issue 16 item 3: after «Искать «…»» the form carries the typed query, so choosing a filter does not
    correct it again; a newly typed query is corrected as usual."""
    practice = published_practice(author, title="Здравоохранение для сельских жителей")
    url = reverse("practices:catalogue")
    page = client.get(url, {"q": "здравохранение", "as_typed": "здравохранение"}).content.decode()
    assert '<input type="hidden" name="as_typed" value="здравохранение">' in page
    filtered = client.get(url, {"q": "здравохранение", "as_typed": "здравохранение",
                                "region": practice.region_id})
    assert filtered.context["result"].total == 0 and not filtered.context["result"].corrected
    retyped = client.get(url, {"q": "здравохранение сельских", "as_typed": "здравохранение"})
    assert not retyped.context["query"].as_typed
    plain = client.get(url, {"q": "здравохранение"}).content.decode()
    assert 'name="as_typed"' not in plain


def test_f_cat_1_weak_correction_stays_a_link(author, client):
    """Issue 16 item 3: a short word («шкла», 4 letters) is not corrected by itself: the link stays."""
    published_practice(author, title="Школа полного дня")
    response = client.get(reverse("practices:catalogue"), {"q": "шкла"})
    html = response.content.decode()
    assert response.context["result"].total == 0 and not response.context["result"].corrected
    assert "Возможно, вы имели в виду" in html and "школа</a>" in html


def test_f_cat_1_wrong_layout_is_corrected(author, client):
    published_practice(author, title="Школа полного дня")
    response = client.get(reverse("practices:catalogue"), {"q": "irjkf"})
    assert [p.title for p in response.context["result"].page.object_list] == ["Школа полного дня"]
    assert "Показаны результаты по запросу «<strong>школа</strong>»" in response.content.decode()


def test_f_cat_1_corrections_use_pg_trgm_the_one_code_path():
    """Issue 16 item 7: pg_trgm exists in tests as in production; corrections have no Python fallback."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('здравохранение', 'здравоохранение') > 0.6, similarity('дом', 'спорт')")
        assert cursor.fetchone() == (True, 0.0)
    from practices.catalogue import search as module

    assert not hasattr(module, "_closest_python") and not hasattr(module, "trigram_available")


def test_f_cat_1_all_words_then_any_word(author):
    published_practice(author, title="Школьное питание")
    published_practice(author, title="Спортивные площадки")
    got, result = titles("школа спорт")
    assert result.any_word and got == {"Школьное питание", "Спортивные площадки"}
    published_practice(author, title="Школа спорта")
    got, result = titles("школа спорт")
    assert not result.any_word and got == {"Школа спорта"}


def test_f_cat_1_draft_and_rejected_never_found(author):
    """F-CAT-1: a draft, a rejected, an in-review practice never appears in the catalogue nor in search."""
    published_practice(author, title="Опубликованная школа")
    for state in ("draft", "rejected", "regional_review", "deleted"):
        published_practice(author, title=f"Школа {state}", state=state)
    got, result = titles("школа")
    assert got == {"Опубликованная школа"}
    assert search(CatalogueQuery()).total == 1
    assert search(CatalogueQuery(archived=True)).total == 0
    assert not SearchWord.objects.filter(word="rejected").exists()


def test_f_cat_2_knowledge_base_searches_archived_only(author, client):
    published_practice(author, title="Школа в каталоге")
    published_practice(author, title="Школа в архиве", state="archived",
                       archive_ground="Практика прекратила существование")
    assert titles("школа")[0] == {"Школа в каталоге"}
    assert titles("школа", archived=True)[0] == {"Школа в архиве"}
    response = client.get(reverse("practices:knowledge_base"), {"q": "школы"})
    assert [p.title for p in response.context["result"].page.object_list] == ["Школа в архиве"]
    assert "В базе знаний" in response.content.decode()


def test_f_cat_1_a_word_of_some_practice_is_never_corrected_away(author):
    """Issue 16 item 3: «almost nothing» found with a word some practice is written with keeps its results
    (choice: no automatic correction of a known word; «парка» is not turned into a frequent «марка»)."""
    published_practice(author, title="Парка у реки")
    for i in range(6):
        published_practice(author, title=f"Марка региона {i}")
    result = search(CatalogueQuery(q="парка"))
    assert [p.title for p in result.page.object_list] == ["Парка у реки"] and not result.corrected
