"""F-PLUS-1: a visitor filters the catalogue to practices with measured results, sees the headline change
on the card and the before/after charts — drawn under the strict CSP — beside the table on the page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from practices.models import PracticeResult
from tests import factories


@pytest.fixture
def measured(db):
    author = factories.UserFactory(region=factories.region("28", "Амурская область"))
    practice = factories.published_practice(author, title="Запись к врачу онлайн",
                                            goal="Записать пациента к врачу без очереди")
    PracticeResult.objects.create(practice=practice, order=0, indicator="Записей онлайн", unit="шт. в месяц",
                                  value_before=Decimal("1200"), value_after=Decimal("1620"),
                                  date_before=datetime.date(2023, 1, 1), date_after=datetime.date(2024, 1, 1),
                                  source="Данные РМИС")
    PracticeResult.objects.create(practice=practice, order=1, indicator="Время ожидания в регистратуре",
                                  unit="мин", value_before=Decimal("45"), value_after=Decimal("7"),
                                  date_before=datetime.date(2023, 1, 1), date_after=datetime.date(2024, 1, 1))
    factories.published_practice(author, title="Практика без показателей", goal="Без цифр")
    return practice


def test_f_plus_1_impact_chart(live_server, page, shot, measured):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + reverse("practices:catalogue"))
    page.locator("#f-measured").check()
    page.wait_for_function("() => window.location.search.includes('measured=1')")
    page.wait_for_function("() => document.querySelectorAll('#results .practice-card').length === 1")
    card = page.locator("#results .practice-card")
    assert "+35 % записей онлайн" in card.locator(".practice-card-impact").inner_text()
    shot("catalogue-measured")
    card.locator("a").first.click()
    assert page.locator("#page-title").inner_text() == "Запись к врачу онлайн"
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas.impact-chart').length === 2"
                           " && [...document.querySelectorAll('canvas.impact-chart')].every(c => Chart.getChart(c))")
    bars = page.evaluate("() => [...document.querySelectorAll('canvas.impact-chart')]"
                         ".map(c => Chart.getChart(c).data.datasets[0].data)")
    assert bars == [[1200, 1620], [45, 7]]
    table = page.locator("#page-results")
    assert "−84 %" in table.inner_text()
    page.locator("#impact").scroll_into_view_if_needed()
    shot("impact-chart")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
