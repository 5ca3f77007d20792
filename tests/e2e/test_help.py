"""Issue 14 item 13 in a browser: an anonymous visitor finds help from the footer, reads the steps of a role,
and writes to support; the message reaches the support mailbox."""

from django.conf import settings
from django.core import mail
from django.core.cache import cache


def test_help_from_the_footer_role_page_and_feedback(live_server, page, shot, transactional_db):
    cache.clear()
    page.goto(live_server.url + "/")
    page.locator("footer").get_by_role("link", name="Помощь").click()
    page.locator("#help-title").wait_for()
    shot("help-index")
    page.locator("#help-nav").get_by_role("link", name="Реципиент").click()
    assert page.locator("#help-title").inner_text() == "Реципиент"
    assert "п. 5.1.1" in page.locator("#steps").inner_text()
    shot("help-recipient")
    page.locator("footer").get_by_role("link", name="Обратная связь").click()
    page.get_by_label("Как к вам обращаться").fill("Анна Петрова")
    page.get_by_label("Электронная почта для ответа").fill("не адрес")
    page.get_by_label("Тема").select_option(label="Заполнение паспорта практики")
    page.get_by_label("Сообщение").fill("Не могу прикрепить презентацию: файл 25 МБ.")
    page.get_by_role("button", name="Отправить").click()
    assert "Проверьте адрес электронной почты" in page.locator("#error_1_id_email").inner_text()
    assert page.get_by_label("Сообщение").input_value() == "Не могу прикрепить презентацию: файл 25 МБ."
    shot("feedback-refused-at-the-field")
    page.get_by_label("Электронная почта для ответа").fill("petrova@amurobl.ru")
    page.get_by_role("button", name="Отправить").click()
    page.get_by_text("Спасибо! Ваше сообщение отправлено в службу поддержки").wait_for()
    shot("feedback-sent")
    assert mail.outbox[-1].to == [settings.SUPPORT_EMAIL] and mail.outbox[-1].reply_to == ["petrova@amurobl.ru"]
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.ok
