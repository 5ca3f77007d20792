"""F-PLUS-10 «Как это увидят другие» in the browser: the author opens their published practice, chooses
«Посетитель без входа на сайт», reads the banner, sees no team contacts and a disabled «Хочу внедрить»,
switches to the team's view (contacts and history), and goes back to their own page — logged in throughout."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import PracticeState
from tests.e2e.helpers import login_as


@pytest.fixture
def published(practice_in):
    practice = practice_in(PracticeState.PUBLISHED)
    practice.member = practice.team.exclude(user_id=practice.author_id).select_related("user").first().user
    return practice


def test_f_plus_10_author_previews_the_page_as_the_public_and_the_team(live_server, page, shot, published, author):
    login_as(page, live_server, author)
    page.goto(f"{live_server.url}/practices/{published.pk}/")
    entry = page.locator("#preview-entry")
    expect(entry).to_contain_text("Как это увидят другие")
    expect(page.locator("#team")).to_contain_text(published.member.email)

    entry.get_by_role("link", name="Посетитель без входа на сайт").click()
    banner = page.locator("#view-as-banner")
    expect(banner).to_contain_text("Так страницу увидит: посетитель без входа на сайт")
    expect(banner.locator('[aria-current="page"]')).to_have_text("посетитель без входа на сайт")
    expect(page.locator("#team .team-contacts")).to_have_count(0)
    expect(page.locator("#contacts-login")).to_contain_text("Войдите, чтобы увидеть контакты команды")
    expect(page.locator("#want-button")).to_be_disabled()
    expect(page.locator("#nav-profile")).to_be_visible()  # still the author's own menu
    expect(page.locator("#nav-login")).to_have_count(0)
    page.locator("#view-as-banner").scroll_into_view_if_needed()
    shot("preview-as-public")

    banner.get_by_role("link", name="команда практики").click()
    expect(page.locator("#preview-audience")).to_have_text("команда практики")
    expect(page.locator("#team")).to_contain_text(published.member.email)
    expect(page.locator("#history-heading")).to_be_visible()
    expect(page.locator("#actualization-button")).to_be_disabled()
    shot("preview-as-team")

    page.locator("#preview-exit").click()
    expect(page).to_have_url(re.compile(rf"/practices/{published.pk}/$"))
    expect(page.locator("#view-as-banner")).to_have_count(0)
    expect(page.locator("#want-button")).to_be_enabled()
