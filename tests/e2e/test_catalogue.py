"""F-CAT-1, F-CAT-3: an anonymous visitor searches the catalogue, filters by federal district and
category, opens a practice and is asked to log in where the team's contacts would be."""

import pytest

from practices.models import Practice
from tests import factories


@pytest.fixture
def catalogue_data(db):
    amur = factories.region("28", "Амурская область")
    tatarstan = factories.region("16", "Республика Татарстан",
                                 district=factories.federal_district("Приволжский федеральный округ", "ПФО"))
    education, health = factories.category("obrazovanie"), factories.category("zdravookhranenie")
    author = factories.UserFactory(region=tatarstan, email="author-e2e@example.ru")
    practice = factories.complete_practice(
        author, title="Школьные спортивные лиги", category=education,
        goal="Вовлечь школьников в регулярные занятия спортом",
        essence="Школы района объединены в спортивные лиги с общим календарём соревнований.")
    Practice.objects.filter(pk=practice.pk).update(state="published")
    factories.published_practice(factories.UserFactory(region=amur), title="Спорт в школах Приамурья",
                                 category=education, goal="Спортивные секции при каждой школе")
    factories.published_practice(factories.UserFactory(region=tatarstan), title="Школа здоровья",
                                 category=health, goal="Профилактика заболеваний у школьников")
    return {"practice": practice, "district": tatarstan.federal_district, "category": education}


def test_f_cat_1_f_cat_3_anonymous_searches_filters_opens_practice(live_server, page, shot, catalogue_data):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Каталог практик").first.click()
    page.get_by_label("Поиск по практикам").fill("школа спорт")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_function("() => document.querySelector('#results-count').innerText.includes('По запросу')")
    assert "найдено: 2 практики" in page.locator("#results-count").inner_text()
    assert page.locator("#results mark").count() > 0
    shot("search")
    page.locator("#facet-district").get_by_text("Приволжский федеральный округ").click()
    page.wait_for_function("() => document.querySelector('#results-count').innerText.includes('найдено: 1 практика')")
    assert "district=" in page.url
    page.locator("#facet-category").get_by_text("Образование").click()
    page.wait_for_function("() => window.location.search.includes('category=')")
    assert page.locator("#results .practice-card").count() == 1
    shot("filtered")
    page.locator("#results .practice-card a").first.click()
    assert page.locator("#page-title").inner_text() == "Школьные спортивные лиги"
    contacts = page.locator("#contacts-login")
    assert "Войдите, чтобы увидеть контакты команды" in contacts.inner_text()
    assert "author-e2e@example.ru" not in page.content()
    contacts.scroll_into_view_if_needed()
    shot("practice-page")
