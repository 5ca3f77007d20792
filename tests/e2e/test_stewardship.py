"""F-ARCH-2 (4.1.11) and F-ACC-5 (4.1.12) in a browser (issue 21, items 5 and 7).

1. The coordinator of the practice's region asks to replace its author: the empty form is refused with Russian
   errors at the fields; they find the new author by name (no e-mails shown), give the phone and the reason.
   The ASI moderator opens «Авторы и контакты» → «Замена авторов», reads the request and carries it out. The new author finds the
   practice in «Мои практики»; the old author still reads its history on the practice page.
2. The ASI moderator («Авторы и контакты» on the review queue) asks the coordinator to update the region's contacts (14 working days); the coordinator
   opens «Контакты авторов», checks the people of the region's practices and confirms «контакты обновлены»;
   the request leaves the ASI moderator's list of open requests."""

from practices.models import PracticeState
from tests import factories
from tests.e2e.helpers import login_as
from validation.models import AuthorReplacement, ContactUpdateRequest

TITLE = "Зелёный маршрут здоровья"


def test_author_replacement_and_contact_request_f_arch_2_4_1_11_f_acc_5_4_1_12(
        live_server, page, shot, dialogs, transactional_db, production_calendar, practice_in, author, coordinator,
        asi_moderator, region_a):
    practice = practice_in(PracticeState.PUBLISHED, title=TITLE)
    new_author = factories.UserFactory(email="novikova@example.ru", region=region_a, last_name="Новикова",
                                       first_name="Мария", middle_name="Петровна", position="Главный врач")
    url = live_server.url

    # 1. the coordinator asks for a replacement from the practice's review page
    login_as(page, live_server, coordinator)
    page.goto(f"{url}/review/{practice.pk}/")
    page.click("#replace-author")
    page.wait_for_load_state()
    assert f"Запрос на замену автора практики «{TITLE}»" in page.locator("h1").inner_text()
    page.click("#send-replacement")
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    for error in ("Выберите нового автора — зарегистрированного пользователя платформы.",
                  "Укажите контактный номер телефона нового автора.", "Укажите причину смены автора."):
        assert error in body, error
    shot("coordinator-replacement-errors")

    page.locator("#q").fill("Новикова")
    page.locator("#search-new-author button").click()
    page.wait_for_load_state()
    candidates = page.locator("#candidates").inner_text()
    assert "Новикова Мария Петровна" in candidates and "@" not in candidates  # no e-mails shown
    page.locator("#candidates input[type=radio]").first.check()
    page.get_by_label("Контактный номер телефона нового автора").fill("+7 914 555-44-33")
    page.get_by_label("Причина смены автора").fill("Автор перешёл на работу в другое ведомство.")
    shot("coordinator-replacement-filled")
    page.click("#send-replacement")
    page.wait_for_load_state()
    assert "Запрос на замену автора отправлен модератору АСИ." in page.locator("body").inner_text()
    assert AuthorReplacement.objects.get().state == "pending"

    # the ASI moderator carries it out
    login_as(page, live_server, asi_moderator)
    page.goto(f"{url}/")
    page.click("#nav-review")
    page.click("#authors-link")
    page.click("#replacements-link")
    page.wait_for_load_state()
    row = page.locator("#pending-replacements tr[data-replacement]")
    assert TITLE in row.inner_text() and "Новикова" in row.inner_text()
    shot("asi-pending-replacements")
    row.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert "+7 914 555-44-33" in page.locator("#replacement-request").inner_text()
    shot("asi-replacement-request")
    page.click("#carry-out-button")
    page.wait_for_load_state()
    assert f"Автор практики «{TITLE}» заменён." in page.locator("body").inner_text()
    assert any("Заменить автора практики" in question for question in dialogs)
    practice.refresh_from_db()
    assert practice.author == new_author

    # the new author finds it in «Мои практики»
    login_as(page, live_server, new_author)
    page.goto(f"{url}/practices/my/")
    assert TITLE in page.locator("#my-practices").inner_text()
    shot("new-author-my-practices")

    # the old author still reads its history
    login_as(page, live_server, author)
    page.goto(f"{url}/practices/{practice.pk}/")
    page.wait_for_load_state()
    assert "Автор практики заменён" in page.locator("body").inner_text()
    shot("old-author-reads-history")

    # 2. the ASI moderator asks the coordinator to update the contacts
    login_as(page, live_server, asi_moderator)
    page.goto(f"{url}/review/")
    page.click("#authors-link")
    page.wait_for_load_state()
    form = page.locator("#new-request")
    form.locator("select[name=region]").select_option(str(region_a.pk))
    form.locator("input[name=reason][value=left_job]").check()
    form.get_by_label("Комментарий координатору").fill("Проверьте телефоны команды.")
    shot("asi-contact-request-filled")
    page.click("#send-contact-request")
    page.wait_for_load_state()
    assert f"Запрос направлен координатору региона «{region_a}»" in page.locator("body").inner_text()
    assert region_a.name in page.locator("#open-requests").inner_text()
    shot("asi-contacts-open-request")

    login_as(page, live_server, coordinator)
    page.goto(f"{url}/")
    page.click("#nav-contacts")
    page.wait_for_load_state()
    page.locator("#my-contact-requests a").first.click()
    page.wait_for_load_state()
    people = page.locator("#people-to-check").inner_text()
    assert "Новикова Мария Петровна" in people and new_author.email in people
    shot("coordinator-contact-request")
    page.get_by_label("Комментарий (необязательно)").fill("Телефоны проверены.")
    page.click("#confirm-contacts-button")
    page.wait_for_load_state()
    assert "контакты обновлены" in page.locator("body").inner_text().lower()
    assert ContactUpdateRequest.objects.get().confirmed_by == coordinator
    shot("coordinator-confirmed")

    login_as(page, live_server, asi_moderator)
    page.goto(f"{url}/review/contacts/")
    assert "Открытых запросов нет." in page.locator("#open-requests").inner_text()
    shot("asi-contacts-after-confirmation")
