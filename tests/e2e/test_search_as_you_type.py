"""Issue 16 «Must show» (F-CAT-1): a visitor types into the catalogue's search box and picks a suggested
practice with the keyboard; a misspelt query shows the corrected results at once, the typed query one
click away."""

import pytest

from tests import factories


@pytest.fixture
def practices(db):
    education = factories.category("obrazovanie")
    author = factories.UserFactory(region=factories.region("16", "Республика Татарстан"))
    school = factories.published_practice(author, title="Школа полного дня", category=education,
                                          goal="Продлённый день с кружками и горячим питанием в каждой школе района.")
    factories.published_practice(author, title="Школьные спортивные лиги", category=education,
                                 goal="Вовлечь школьников в регулярные занятия спортом.")
    factories.published_practice(author, title="Здравоохранение для сельских жителей",
                                 goal="Выездные бригады врачей и фельдшерско-акушерские пункты.")
    return {"school": school}


def test_issue_16_search_as_you_type_with_the_keyboard(live_server, page, shot, practices):
    page.goto(live_server.url + "/practices/catalogue/")
    box = page.get_by_role("combobox", name="Поиск по практикам")
    box.press_sequentially("шко", delay=60)
    listbox = page.get_by_role("listbox", name="Подсказки поиска")
    options = listbox.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    texts = options.all_inner_texts()
    assert any("Школа полного дня" in t for t in texts) and any("Школьные спортивные лиги" in t for t in texts)
    box.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    shot("suggestions")
    box.press("Escape")
    assert options.count() == 0 and box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("ла п", delay=60)
    options.first.wait_for()
    assert options.all_inner_texts() == ["Школа полного дня"]
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**/practices/{practices['school'].pk}/")
    assert page.locator("#page-title").inner_text() == "Школа полного дня"


def test_issue_16_typo_is_corrected_by_itself(live_server, page, shot, practices):
    page.goto(live_server.url + "/practices/catalogue/")
    box = page.get_by_role("combobox", name="Поиск по практикам")
    box.fill("здравохранение")
    box.press("Enter")
    page.locator("#corrected").wait_for()
    assert "Показаны результаты по запросу «здравоохранение». Искать «здравохранение»" in \
        page.locator("#corrected").inner_text()
    assert page.locator("#results .practice-card").count() == 1
    assert "Здравоохранение для сельских жителей" in page.locator("#results").inner_text()
    assert page.get_by_role("listbox", name="Подсказки поиска").get_by_role("option").count() == 0
    shot("corrected")
    page.locator("#search-as-typed").click()
    page.locator("#empty-result").wait_for()
    assert "Возможно, вы имели в виду" in page.locator("#suggestion").inner_text()
    shot("as-typed")
