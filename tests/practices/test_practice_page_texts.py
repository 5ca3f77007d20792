"""Issue 14, items 10 and 11 (F-CAT-3, F-CAT-4, F-CAT-1): the practice page says each material by its own
name, format and size and shows no empty section or column; the digest opens on the last month with
activity and names months in words; the search texts — suggestions, snippets, the sort list."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search, suggest
from practices.models import (
    Appreciation,
    Material,
    MaterialKind,
    PracticeResult,
    SearchWord,
    TeamMember,
    ThirdParty,
)
from smarteka.files.models import StoredFile
from smarteka.files.services import store_upload
from tests.factories import UserFactory, pdf_upload, published_practice

pytestmark = pytest.mark.django_db


def _material(practice, kind, *, by, title="", name="file.pdf", size=None):
    stored = store_upload(pdf_upload(name), by=by, owner=practice, kind="practice_material")
    if size is not None:
        StoredFile.objects.filter(pk=stored.pk).update(size=size)
    return Material.objects.create(practice=practice, kind=kind, title=title, file=stored, added_by=by)


def _page(client, practice):
    response = client.get(reverse("practices:detail", args=[practice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- item 10: the practice page


def test_issue_14_item_10_f_cat_3_material_has_its_own_title_format_and_size(author, client):
    """«materials with their own title, format and size»: the title, else the file's name; PDF; «1,2 МБ»."""
    practice = published_practice(author, title="Бережливая поликлиника", goal="Цель")
    _material(practice, MaterialKind.NORMATIVE_ACT, by=author, title="Постановление № 12", size=1_258_291)
    _material(practice, MaterialKind.NORMATIVE_ACT, by=author, name="prikaz-minzdrava.pdf", size=2048)
    text = _text(_page(client, practice))
    assert "Постановление № 12 (PDF, 1,2 МБ)" in text
    assert "prikaz-minzdrava.pdf (PDF, 2,0 КБ)" in text


def test_issue_14_item_10_f_cat_3_kind_is_a_heading_said_once(author, client):
    """«not „Нормативные правовые акты — Нормативные правовые акты“»: the kind heads its group once."""
    practice = published_practice(author, title="Бережливая поликлиника", goal="Цель")
    _material(practice, MaterialKind.NORMATIVE_ACT, by=author, name="a.pdf")
    _material(practice, MaterialKind.NORMATIVE_ACT, by=author, name="b.pdf")
    _material(practice, MaterialKind.ROADMAP, by=author, title="Дорожная карта 2026")
    html = _page(client, practice)
    assert html.count("Нормативные правовые акты</h3>") == 1
    assert "Нормативные правовые акты —" not in _text(html)
    headings = re.findall(r'class="[^"]*material-kind[^"]*">([^<]+)<', html)
    assert headings == ["Нормативные правовые акты", "Планы и «дорожные карты» по реализации практики"]


def test_issue_14_item_10_f_cat_3_no_empty_section_heading_or_column(author, client):
    """«no empty columns or stray headings»: without materials, implementation data or sources the page
    has no «Материалы», no «Внедрение» and no «Источник» column."""
    practice = published_practice(author, title="Бережливая поликлиника", goal="Цель", roadmap_steps=[])
    PracticeResult.objects.create(practice=practice, indicator="Время ожидания", value_before=40, value_after=20)
    html = _page(client, practice)
    assert 'id="materials"' not in html and "Открытых материалов нет" not in html
    assert "<h2 class=\"h5\">Внедрение</h2>" not in html
    assert "<th>Источник</th>" not in html and 'id="page-results"' in html


def test_issue_14_item_10_f_cat_3_filled_columns_and_sections_are_shown(author, client):
    practice = published_practice(author, title="Бережливая поликлиника", goal="Цель", months_to_launch=6)
    PracticeResult.objects.create(practice=practice, indicator="Очередь", value_before=4, value_after=2,
                                  source="Росстат")
    ThirdParty.objects.create(practice=practice, name="НКО «Забота»", terms="Договор", responsibility="")
    html = _page(client, practice)
    assert "<th>Источник</th>" in html and "Росстат" in html
    assert "Внедрение</h2>" in html and "6 мес." in html
    assert "<th>Условия взаимодействия</th>" in html and "<th>Зона ответственности</th>" not in html


def test_issue_14_item_10_f_cat_4_digest_opens_on_last_month_with_activity(author, client):
    """«the digest opens on the last month with activity»: marks in September, nothing since."""
    with time_machine.travel(datetime.datetime(2026, 9, 10, 12, tzinfo=datetime.UTC)):
        practice = published_practice(author, title="Бережливая поликлиника", goal="Цель")
        Appreciation.objects.create(user=UserFactory(), practice=practice)
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        html = client.get(reverse("practices:digest")).content.decode()
    assert "Дайджест практик за сентябрь 2026" in html
    assert re.search(r'<option value="2026-09" selected>сентябрь 2026</option>', html)
    assert "Бережливая поликлиника" in html


def test_issue_14_item_10_f_cat_4_digest_names_months_in_words(client):
    """«names months in words («ноябрь 2026»)» — in the title and the month list, never «11.2026»."""
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        html = client.get(reverse("practices:digest"), {"month": "2026-11"}).content.decode()
    assert "Дайджест практик за ноябрь 2026" in html
    assert ">ноябрь 2026</option>" in html and ">декабрь 2026</option>" in html
    assert not re.search(r">\d\d\.\d{4}<", html)


# --- item 11: search texts


def test_issue_14_item_11_f_cat_1_no_suggestion_when_results_found(author, client):
    """«no „Возможно, вы имели в виду“ when the query already found results»."""
    published_practice(author, title="Школьное питание", goal="Горячее питание")
    published_practice(author, title="Школа", goal="Школа")
    SearchWord.objects.update_or_create(word="школа", defaults={"ndoc": 50})
    SearchWord.objects.update_or_create(word="школьное", defaults={"ndoc": 50})
    result = search(CatalogueQuery(q="школьное"))
    assert result.total >= 1 and result.suggestion == ""
    html = client.get(reverse("practices:catalogue"), {"q": "школьное"}).content.decode()
    assert "Возможно, вы имели в виду" not in html


def test_issue_14_item_11_f_cat_1_suggestion_never_repeats_a_word(author):
    """«a suggestion never repeats a word»: two misspellings of one word suggest it once."""
    published_practice(author, title="Здравоохранение для сельских жителей")
    assert SearchWord.objects.filter(word="здравоохранение").exists()
    suggestion = suggest("здравохранение здравоохраненние")
    assert suggestion == "здравоохранение"
    result = search(CatalogueQuery(q="здравохранение здравохранение"))
    assert result.suggestion.split().count("здравоохранение") <= 1


def test_issue_14_item_11_f_cat_1_snippet_keeps_sentence_punctuation_between_fields(author):
    """«snippets keep sentence punctuation between fields»: the goal and the essence read as two
    sentences, not «…ожидания Поликлиники…»."""
    published_practice(author, title="Очереди", goal="Сократить время ожидания",
                       essence="Поликлиники перестраивают процессы ожидания.")
    result = search(CatalogueQuery(q="ожидания"))
    fragment = re.sub(r"</?mark>", "", str(result.page.object_list[0].fragment_html))
    assert "ожидания. Поликлиники" in fragment, fragment


def test_issue_14_item_11_f_cat_1_goal_with_its_own_full_stop_gets_no_second_one(author):
    published_practice(author, title="Очереди", goal="Сократить время ожидания!",
                       essence="Поликлиники перестраивают процессы ожидания.")
    fragment = re.sub(r"</?mark>", "", str(search(CatalogueQuery(q="ожидания")).page.object_list[0].fragment_html))
    assert "ожидания! Поликлиники" in fragment and "!." not in fragment


def _sort_options(html):
    select = html[html.index('id="id_sort"'):]
    select = select[:select.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]+)</option>", select)


def test_issue_14_item_11_f_cat_1_relevance_appears_once_in_the_sort_list(author, client):
    """«„по релевантности“ appears once in the sort list» (and is selected for a text query)."""
    published_practice(author, title="Школа", goal="Школа")
    html = client.get(reverse("practices:catalogue"), {"q": "школа"}).content.decode()
    options = _sort_options(html)
    assert options.count("по релевантности") == 1, options
    assert re.search(r'<option value="relevance" selected>по релевантности', html)


def test_issue_14_item_11_f_cat_1_newest_first_and_by_date_are_one_option(author, client):
    """«„сначала новые“ and „по дате публикации“ are one option»."""
    published_practice(author, title="Школа", goal="Школа")
    html = client.get(reverse("practices:catalogue")).content.decode()
    options = _sort_options(html)
    assert options == ["сначала новые", "по популярности", "по отметкам «Полезно»"], options
    assert "по дате публикации" not in html
    with_q = _sort_options(client.get(reverse("practices:catalogue"), {"q": "школа"}).content.decode())
    assert with_q.count("сначала новые") == 1 and "по дате публикации" not in with_q


def test_issue_14_item_11_f_cat_1_sort_by_date_still_orders_newest_first(author):
    now = timezone.now()
    published_practice(author, title="Старая школа", published_at=now - datetime.timedelta(days=30))
    published_practice(author, title="Новая школа", published_at=now)
    result = search(CatalogueQuery(q="школа", sort="date"))
    assert [p.title for p in result.page.object_list] == ["Новая школа", "Старая школа"]


def test_issue_14_item_10_f_cat_3_no_goal_no_team_no_heading(author, client):
    """A section without data is not shown: no «Цель» without a goal, no «Команда практики» without members."""
    practice = published_practice(author, title="Бережливая поликлиника", goal="")
    TeamMember.objects.filter(practice=practice).delete()
    html = _page(client, practice)
    assert '<h2 class="h5">Цель</h2>' not in html
    assert 'id="team"' not in html and "Команда практики" not in html
