"""F-PLUS-1 measured impact: the migration of free-text results keeps every word, the chart data equal
the rows, the catalogue's «есть измеримые результаты» filter, the card's headline change."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from practices import impact
from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search
from practices.models import Practice, PracticeResult, RatingIndicator
from practices.passport import services as passport_services
from tests import factories
from tests.factories import published_practice

pytestmark = pytest.mark.django_db

TEXT_MAIN = ("Доля записей онлайн выросла с 40 до 54 %\n"
             "- Очередь в регистратуру, человек: 30 → 5\n"
             "Пациенты довольны: опрос 2024 года показал рост доверия")
TEXT_ADDITIONAL = "Количество обращений: с 1 200 до 3 400 в год; Персонал обучен"


def _words(text):
    return re.findall(r"\w+", text)


def test_f_plus_1_migration_keeps_every_word_and_makes_rows(author):
    parsed = published_practice(author, title="Запись онлайн", results_main=TEXT_MAIN,
                                results_additional=TEXT_ADDITIONAL)
    plain = published_practice(author, title="Без цифр", results_main="Стало лучше, жители довольны")
    already = published_practice(author, title="Со строками", results_main="Очередь: с 10 до 2 дней")
    PracticeResult.objects.create(practice=already, indicator="Очередь", unit="дней", value_before=10, value_after=2)
    before = {p.pk: (p.results_main, p.results_additional) for p in Practice.objects.all()}

    impact.migrate_free_text(Practice, PracticeResult)
    impact.migrate_free_text(Practice, PracticeResult)  # run twice: nothing more

    # every word of every passport is still there, exactly as written
    for practice in Practice.objects.all():
        assert (practice.results_main, practice.results_additional) == before[practice.pk]
    rows = list(parsed.results.order_by("order").values_list("indicator", "unit", "value_before", "value_after",
                                                              "source"))
    assert rows == [
        ("Доля записей онлайн", "%", Decimal("40"), Decimal("54"), impact.MIGRATED_SOURCE),
        ("Очередь в регистратуру, человек", "", Decimal("30"), Decimal("5"), impact.MIGRATED_SOURCE),
        ("Количество обращений", "в год", Decimal("1200"), Decimal("3400"), impact.MIGRATED_SOURCE),
    ]
    # every word a row holds comes from the text
    text_words = set(_words(TEXT_MAIN + " " + TEXT_ADDITIONAL))
    for indicator, unit, *_ in rows:
        assert set(_words(indicator + " " + unit)) <= text_words
    # a line with figures did not parse («опрос 2024 года»): the author is asked to fill the rows
    parsed.refresh_from_db()
    plain.refresh_from_db()
    already.refresh_from_db()
    assert parsed.results_rows_requested and plain.results_rows_requested
    assert not plain.results.exists()
    assert not already.results_rows_requested and already.results.count() == 1


def test_f_plus_1_author_is_asked_and_the_request_clears_with_rows(client, author):
    practice = factories.complete_practice(author)
    practice.results.all().delete()
    Practice.objects.filter(pk=practice.pk).update(results_rows_requested=True)
    client.force_login(author)
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "audience"])).content.decode()
    assert 'id="results-rows-requested"' in html and "Текст сохранён полностью" in html
    practice.refresh_from_db()
    passport_services.save_section(practice, {}, {"results": {"saved": [(None, {
        "indicator": "Время ожидания", "unit": "мин", "value_before": 60, "value_after": 30})], "deleted": []}},
        by=author)
    practice.refresh_from_db()
    assert not practice.results_rows_requested
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "audience"])).content.decode()
    assert 'id="results-rows-requested"' not in html


def test_f_plus_1_chart_data_equal_the_rows(client, author):
    practice = published_practice(author, title="Запись онлайн")
    indicator = RatingIndicator.objects.first()
    PracticeResult.objects.create(practice=practice, order=0, indicator="Записи онлайн", unit="шт.",
                                  value_before=Decimal("100"), value_after=Decimal("135"),
                                  date_before=datetime.date(2023, 1, 1), date_after=datetime.date(2024, 1, 1),
                                  source="Росстат", rating_indicator=indicator)
    PracticeResult.objects.create(practice=practice, order=1, indicator="Очередь", unit="дней",
                                  value_before=Decimal("30.5"), value_after=Decimal("5"))
    html = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    data = json.loads(re.search(r'<script id="impact-data" type="application/json">(.*?)</script>', html, re.S)[1])
    assert data == [
        {"indicator": "Записи онлайн", "unit": "шт.", "before": 100.0, "after": 135.0,
         "date_before": "2023-01-01", "date_after": "2024-01-01"},
        {"indicator": "Очередь", "unit": "дней", "before": 30.5, "after": 5.0, "date_before": "", "date_after": ""},
    ]
    # one canvas per row, and the same figures in the accessible table beside them
    assert html.count('class="impact-chart"') == 2
    table = html[html.index('id="page-results"'):]
    assert "Записи онлайн, шт." in table and "135" in table and "30,5" in table and "Росстат" in table
    assert f"Показатель рейтинга: {indicator}" in table
    assert "+35 %" in table
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/impact.js" in html


@pytest.mark.parametrize(("unit", "before", "after", "expected"), [
    ("шт.", 100, 135, "+35 % записей онлайн"),
    ("%", 40, 54, "+14 п.п. записей онлайн"),
    ("%", "40.5", 54, "+13,5 п.п. записей онлайн"),
    ("дней", 30, 5, "−83 % записей онлайн"),
    ("человек", 0, 120, "+120 человек записей онлайн"),
    ("шт.", 10, 10, "±0 % записей онлайн"),
])
def test_f_plus_1_headline_rule(unit, before, after, expected):
    row = {"indicator": "Записей онлайн", "unit": unit, "value_before": before, "value_after": after}
    assert impact.headline(row) == expected
    assert impact.headline({**row, "indicator": "МФЦ"}).endswith(" МФЦ")  # an abbreviation keeps its case
    assert impact.headline(None) == ""


def test_f_plus_1_measured_filter_and_card_headline(client, author):
    measured = published_practice(author, title="Измеренная практика")
    PracticeResult.objects.create(practice=measured, order=1, indicator="Очередь", unit="дней",
                                  value_before=30, value_after=5)
    PracticeResult.objects.create(practice=measured, order=0, indicator="Записей онлайн", unit="шт.",
                                  value_before=100, value_after=135)
    published_practice(author, title="Практика без показателей")

    def titles(**filters):
        result = search(CatalogueQuery(**filters))
        return {p.title for p in result.page.object_list}, result.total

    assert titles() == ({"Измеренная практика", "Практика без показателей"}, 2)
    assert titles(measured=True) == ({"Измеренная практика"}, 1)
    assert titles(measured=True, q="практика") == ({"Измеренная практика"}, 1)
    url = reverse("practices:catalogue")
    html = client.get(url, {"measured": "1"}).content.decode()
    assert 'name="measured" value="1" id="f-measured" checked' in html
    assert "Найдено: <strong>1 практика</strong>" in html
    # the card shows the change of the first row (by order), the other card none
    assert "+35 % записей онлайн" in html
    html = client.get(url).content.decode()
    assert html.count("practice-card-impact") == 1
