"""Issue 15 item 3 in a browser: five wrong passwords lock the login with a Russian message and the wait on
the login page itself; the ASI moderator lifts the lockout at «Роли и назначения → Блокировки входа» and
the person logs in. Screenshots in test-artifacts/."""

from tests import factories
from tests.e2e.helpers import login_as, login_with_form

PASSWORD = "Блокировка-2026!"


def test_issue_15_item_3_lockout_message_on_the_login_page_and_unlock(live_server, page, shot, transactional_db,
                                                                     asi_moderator):
    person = factories.UserFactory(email="zabyvchivaya@example.ru", last_name="Забывчивая", first_name="Анна")
    person.set_password(PASSWORD)
    person.save()

    page.goto(live_server.url + "/accounts/login/")
    for attempt in range(5):
        page.locator("#id_username").fill("zabyvchivaya@example.ru")
        page.locator("#id_password").fill(f"не-тот-пароль-{attempt}")
        page.get_by_role("button", name="Войти").click()
        page.wait_for_load_state()
    alert = page.locator("#login-lockout")
    alert.wait_for()
    text = alert.inner_text()
    assert "Слишком много неудачных попыток входа, вход временно заблокирован." in text
    assert "Попробуйте ещё раз через 15 минут." in text
    assert "модератор АСИ может снять её раньше" in text
    assert page.locator("#id_username").input_value() == "zabyvchivaya@example.ru"
    assert page.locator("h1").inner_text() == "Вход на платформу"
    shot("login-locked")

    # the right password does not help while locked
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.locator("#login-lockout").wait_for()
    assert page.locator("#nav-profile").count() == 0

    # the ASI moderator unlocks it
    login_as(page, live_server, asi_moderator)
    page.goto(live_server.url + "/roles/")
    page.get_by_role("link", name="Блокировки входа").click()
    row = page.locator("#lockouts tbody tr").filter(has_text="zabyvchivaya@example.ru")
    assert "Забывчивая Анна" in row.inner_text() or "Забывчивая" in row.inner_text()
    shot("lockouts-list")
    row.get_by_role("button", name="Разблокировать").click()
    page.locator("#no-lockouts").wait_for()
    assert "Блокировка входа снята: zabyvchivaya@example.ru." in page.locator("body").inner_text()
    unlocked = page.locator("#unlocks tbody tr").first.inner_text()
    assert str(asi_moderator) in unlocked and "zabyvchivaya@example.ru" in unlocked and "5" in unlocked
    shot("lockouts-unlocked")

    page.context.clear_cookies()
    login_with_form(page, live_server, "zabyvchivaya@example.ru", PASSWORD)
