"""F-PLUS-9 in a browser: from the profile to «Настройки уведомлений», choose the daily digest for the deadlines
and in-app only for replication, save, see the message and the choices kept; then the unsubscribe link from a
letter opened without a session. Screenshots in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from smarteka.notifications import preferences
from smarteka.notifications.models import EmailMode
from tests import factories
from tests.e2e.helpers import login_with_form

PASSWORD = "Настройки-2026!"


@pytest.mark.django_db(transaction=True)
def test_f_plus_9_settings_page_in_the_browser(page, live_server, shot):
    user = factories.UserFactory(email="settings@example.ru")
    user.set_password(PASSWORD)
    user.save()
    login_with_form(page, live_server, user.email, PASSWORD)
    page.click("#nav-profile")
    page.locator(".dropdown-item", has_text="Профиль").first.click()
    page.click("#notice-settings-link")
    expect(page.get_by_role("heading", name="Настройки уведомлений")).to_be_visible()
    expect(page.locator("#mandatory-emails")).to_contain_text("п. 4.1.9 Регламента")
    expect(page.locator(".breadcrumb")).to_contain_text("Профиль")
    shot("settings-default")
    page.locator("#group-deadlines").get_by_label("Ежедневная сводка").check()
    page.locator("#group-replication").get_by_label("Только на платформе").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Настройки уведомлений сохранены.")).to_be_visible()
    expect(page.locator("#group-deadlines").get_by_label("Ежедневная сводка")).to_be_checked()
    expect(page.locator("#group-replication").get_by_label("Только на платформе")).to_be_checked()
    shot("settings-saved")
    assert preferences.user_modes(user)["replication"] == EmailMode.IN_APP

    page.context.clear_cookies()  # the letter is opened without a session
    token = preferences.unsubscribe_token(user, ["review"])
    page.goto(f"{live_server.url}/notifications/unsubscribe/{token}/")
    expect(page.locator("#unsubscribed")).to_contain_text("«Рассмотрение практик»")
    shot("unsubscribed")
    assert preferences.user_modes(user)["review"] == EmailMode.IN_APP
