"""F-TRACK-2 (clauses 2.2.5, 3.2 of the regulation) and F-VAL-5 (clause 4.1.13) in a browser.

1. The demo Partner (a State Council commission) opens «Рекомендации» from the menu, sees that it has not
   recommended anything yet, attaches its letter to a practice the author submitted on the track
   «Рекомендация комиссии Госсовета или профильного ФОИВ», sees the practice among those it recommended
   with its status, opens its review page and finds no step to take but another letter.
2. The ASI moderator deletes a published practice on an official request: the empty form is refused with
   Russian errors at the fields; with the requester, the request PDF and its number the practice is deleted,
   the queue says so and the practice is gone from the public catalogue."""

from django.core.management import call_command

from practices.models import Material, MaterialKind, Practice, PracticeState, Track
from practices.services import submit_practice
from smarteka.accounts.models import User
from tests import factories
from tests.e2e.helpers import login_as

RECOMMENDED = "Единое окно для многодетных семей"
DELETED = "Школьный автобус по запросу"


def test_partner_recommends_and_asi_deletes_on_request_f_track_2_2_2_5_3_2_f_val_5_4_1_13(
        live_server, page, shot, transactional_db, production_calendar, practice_in, tmp_path):
    call_command("load_demo")
    demo = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.smarteka.ru")}
    partner, author, asi = demo["partner"], demo["author"], demo["asi"]
    recommended = submit_practice(factories.complete_practice(author, demo["team1"], demo["team2"],
                                                              title=RECOMMENDED),
                                  by=author, track=Track.STATE_COUNCIL)
    published = practice_in(PracticeState.PUBLISHED, title=DELETED)
    url = live_server.url
    letter = tmp_path / "pismo-komissii-gossoveta.pdf"
    letter.write_bytes(factories.pdf_upload(text="State Council commission letter").read())
    request_pdf = tmp_path / "obrashchenie-ob-udalenii.pdf"
    request_pdf.write_bytes(factories.pdf_upload(text="Official deletion request").read())

    # 1. the Partner: «Рекомендации» from the menu, nothing recommended yet
    login_as(page, live_server, partner)
    page.goto(f"{url}/")
    page.click("#nav-recommendations")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Рекомендации практик"
    assert "Вы ещё не прикрепили ни одного письма с рекомендацией." in page.locator("#recommended").inner_text()
    shot("partner-empty-recommendations")

    # … picks the submitted practice of the State Council track and attaches its letter
    form = page.locator("#attach-letter")
    options = form.locator("select[name=practice] option").all_inner_texts()
    assert any(RECOMMENDED in option for option in options), options
    assert not any(DELETED in option for option in options), options  # published: no longer a candidate
    form.get_by_label("Практика").select_option(str(recommended.pk))
    form.locator("input[type=file][name=letter]").set_input_files(str(letter))
    form.locator("textarea[name=comment]").fill("Протокол заседания комиссии № 7 от 20.11.2026")
    shot("partner-fills-letter")
    form.locator("#submit-letter").click()
    page.wait_for_load_state()
    assert f"Письмо с рекомендацией прикреплено к практике «{RECOMMENDED}»." in page.locator("body").inner_text()
    attached = Material.objects.get(practice=recommended, kind=MaterialKind.STATE_COUNCIL_LETTER)
    assert attached.added_by_id == partner.pk and attached.file.original_name == letter.name
    row = page.locator(f"#recommended tr[data-practice='{recommended.pk}']")
    assert RECOMMENDED in row.inner_text() and "Подтверждение регионом" in row.inner_text()
    assert page.locator("#recommended .badge").inner_text() == "1"
    shot("partner-letter-attached")

    # … opens the practice: it follows it, the only step it may take is another letter
    row.get_by_role("link", name=RECOMMENDED).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/review/{recommended.pk}/")
    assert page.locator("details[id^=action-]").evaluate_all("els => els.map(e => e.id)") == ["action-attach-letter"]
    assert "Прикрепить письмо" in page.locator("#action-attach-letter summary").inner_text()
    assert page.locator("#delete-practice").count() == 0
    shot("partner-review-page")

    # 2. the ASI moderator opens the published practice (on the public catalogue so far) and asks to delete it
    assert DELETED in page.request.get(f"{url}/practices/catalogue/").text()
    login_as(page, live_server, asi)
    page.goto(f"{url}/review/{published.pk}/")
    page.click("#delete-practice")
    page.wait_for_load_state()
    assert f"Удалить практику «{DELETED}»?" in page.locator("h1").inner_text()
    shot("asi-delete-form")

    # … the empty form is refused, with the errors at the fields
    page.click("#confirm-delete")
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    for error in ("Укажите, кто обратился с просьбой удалить практику (п. 4.1.13).",
                  "Загрузите официальное обращение об удалении практики.",
                  "Укажите, кто подписал обращение, его номер и дату."):
        assert error in body, error
    assert page.locator(".invalid-feedback:visible, .is-invalid").count() >= 3
    assert Practice.objects.get(pk=published.pk).state == PracticeState.PUBLISHED
    shot("asi-delete-errors")

    # … who asked, the request itself, its number and date
    page.get_by_label("Региональный координатор").check()
    page.locator("input[type=file][name=request_document]").set_input_files(str(request_pdf))
    page.locator("textarea[name=comment]").fill("Письмо № 12 от 01.12.2026")
    shot("asi-delete-filled")
    page.click("#confirm-delete")
    page.wait_for_load_state()
    assert page.url.endswith("/review/"), page.url
    assert f"Практика «{DELETED}» удалена." in page.locator("body").inner_text()
    assert Practice.objects.get(pk=published.pk).state == PracticeState.DELETED
    shot("asi-queue-after-delete")

    # … and the practice is gone from the public catalogue
    page.context.clear_cookies()
    page.goto(f"{url}/practices/catalogue/")
    page.wait_for_load_state()
    assert DELETED not in page.locator("body").inner_text()
    shot("catalogue-without-deleted")
