"""Issue 14 item 12 on a phone (375×812): the catalogue's filters fold behind «Фильтры» so the first result
is on the first screen (F-CAT-1), the home search is near the top, «Хочу внедрить» is at hand on a long
practice page (F-REP-1) without scrolling through the passport."""

import pytest

from tests import factories
from tests.e2e.helpers import login_as

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture
def published(db):
    tatarstan = factories.region("16", "Республика Татарстан",
                                 district=factories.federal_district("Приволжский федеральный округ", "ПФО"))
    education = factories.category("obrazovanie")
    long_text = " ".join(["Школы района объединены в спортивные лиги с общим календарём соревнований."] * 40)
    practices = [factories.published_practice(factories.UserFactory(region=tatarstan), title=title,
                                              category=education, goal=goal, essence=long_text,
                                              tasks=[f"Задача {n}" for n in range(1, 12)])
                 for title, goal in [("Школьные спортивные лиги", "Вовлечь школьников в спорт"),
                                     ("Спорт в школах", "Спортивные секции при каждой школе"),
                                     ("Школа здоровья", "Профилактика заболеваний у школьников")]]
    return practices


def _within_first_screen(locator):
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]


def test_f_cat_1_on_a_phone_filters_fold_and_the_first_result_is_on_the_first_screen(live_server, page, shot,
                                                                                    published):
    page.goto(live_server.url + "/practices/catalogue/")
    first = page.locator("#results .practice-card").first
    first.wait_for()
    assert first.bounding_box()["y"] < PHONE["height"], "the first result's top must be on the first screen"
    assert not page.locator("#facet-category").is_visible()
    toggle = page.get_by_role("button", name="Фильтры")
    assert _within_first_screen(toggle)
    shot("catalogue-375")

    toggle.click()
    page.locator("#facet-category").wait_for(state="visible")
    shot("filters-open")
    page.locator("#facet-category").get_by_text("Образование").click()
    page.wait_for_function("() => window.location.search.includes('category=')")
    # the results came back: the filters stay open for the next choice
    page.locator("#facet-district").wait_for(state="visible")
    assert page.locator("#facet-category input:checked").count() == 1
    shot("filtered-filters-still-open")


def test_home_search_is_near_the_top_on_a_phone(live_server, page, shot, published):
    page.goto(live_server.url + "/")
    search = page.locator("#catalogue input[name=q]")
    assert _within_first_screen(search)
    shot("home-375")


def test_f_rep_1_want_button_is_at_hand_on_a_long_practice_page(live_server, page, shot, published, recipient):
    login_as(page, live_server, recipient)
    practice = published[0]
    page.goto(f"{live_server.url}/practices/{practice.pk}/")
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * PHONE["height"]
    want = page.locator("#want-button-mobile")
    assert want.is_visible() and _within_first_screen(want)
    shot("practice-top")
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    assert _within_first_screen(want)
    full = shot("practice-scrolled")
    page.screenshot(path=str(full.with_name(full.stem + "-viewport.png")))  # what the phone shows
    want.click()
    page.wait_for_url(f"**/replication/practice/{practice.pk}/want/")
    assert page.get_by_role("heading", name="Хочу внедрить").is_visible()
    shot("want-form")
