"""F-PLUS-2: the replication map on a practice page and the all-Russia maps on the home page — drawn on
the server under the strict CSP (no script), each coloured region a keyboard-focusable link."""

import re

import pytest
from django.urls import reverse

from replication.models import ReplicationRequest
from tests import factories
from tests.e2e.conftest import ARTIFACTS


@pytest.fixture
def spread(db):
    author = factories.UserFactory(region=factories.region("28"))
    practice = factories.published_practice(author, title="Бережливая поликлиника", goal="Сократить очереди")
    recipient = factories.UserFactory(region=factories.region("16"))
    for code, state in (("39", "done"), ("87", "done"), ("77", "in_progress"), ("78", "in_progress"),
                        ("92", "requested"), ("66", "requested"), ("16", "done")):
        req = ReplicationRequest.objects.create(practice=practice, recipient=recipient,
                                                recipient_region=factories.region(code))
        ReplicationRequest.objects.filter(pk=req.pk).update(state=state)
        if state == "done":
            practice.implemented_regions.add(factories.region(code))
    for code, n in (("50", 25), ("16", 6), ("54", 3), ("25", 1)):
        for i in range(n):
            factories.published_practice(factories.UserFactory(region=factories.region(code)),
                                         title=f"Практика {code}-{i}")
    return practice


def _element_shot(locator, request, name):
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(folder / f"{name}.png"))


def test_f_plus_2_replication_map_on_practice_and_home_pages(live_server, page, shot, spread, request):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("practices:detail", args=[spread.pk]))
    figure = page.locator("#practice-map")
    figure.scroll_into_view_if_needed()
    assert page.locator("#practice-map path.map-region").count() == 89
    assert page.locator("#practice-map path.map-done").count() == 3
    assert page.locator("#practice-map path.map-in-progress").count() == 2
    assert page.locator("#practice-map svg .map-requested").count() == 3  # Севастополь: its path and its dot
    assert page.locator("#practice-map path.map-author").count() == 1
    assert "регион-автор" in figure.locator(".map-legend").inner_text()
    # the regions are drawn, not collapsed: Калининград west of Чукотка, Мурманск north of Краснодар
    box = {code: page.locator(f'#practice-map path[data-code="{code}"]').bounding_box()
           for code in ("39", "87", "51", "23", "77")}
    assert box["39"]["x"] < box["77"]["x"] < box["87"]["x"]
    assert box["51"]["y"] < box["23"]["y"]
    assert box["77"]["width"] >= 3  # Москва is visible
    dot = page.locator('#practice-map circle[data-code="92"]').bounding_box()  # Севастополь's dot is on Крым
    crimea = page.locator('#practice-map path[data-code="91"]').bounding_box()
    assert crimea["x"] - 4 <= dot["x"] <= crimea["x"] + crimea["width"]
    assert crimea["y"] <= dot["y"] <= crimea["y"] + crimea["height"]
    # keyboard: the coloured regions are links in the tab order
    link = page.locator('#practice-map a.map-link:has(path[data-code="39"])')
    link.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").startswith(
        "Калининградская область — внедрено")
    _element_shot(figure, request, "practice-map")
    shot("practice-page")
    link.press("Enter")
    page.wait_for_url("**/regions/kaliningradskaya-oblast/")
    exchange = page.locator("#region-exchange-map")
    assert exchange.locator('path[data-code="28"]').get_attribute("class") == "map-region map-source"
    _element_shot(exchange, request, "region-map")

    page.goto(live_server.url + reverse("home"))
    home = page.locator("#home-map")
    home.scroll_into_view_if_needed()
    assert page.locator('#home-published-map path[data-code="50"]').get_attribute("class") == "map-region map-pub-4"
    assert page.locator('#home-adopted-map path[data-code="16"]').get_attribute("class") == "map-region map-adopt-1"
    _element_shot(home, request, "home-maps")
    shot("home-page")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
