"""F-VAL-1 in a browser: the coordinator opens the queue, tries to confirm without the commission
protocol (refused at the field, the comment kept), uploads it and confirms; the history shows it."""


from practices.models import Practice, PracticeState
from practices.services import submit_practice
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_as


def test_f_val_1_coordinator_confirms_with_protocol_in_browser(live_server, page, shot, transactional_db,
                                                               production_calendar, tmp_path):
    region = factories.region("28", "Амурская область")
    author = factories.UserFactory(email="author-e2e@example.ru", last_name="Смирнова", region=region)
    factories.grant(author, Role.AUTHOR, region=region)
    coordinator = factories.UserFactory(email="coord-e2e@example.ru", last_name="Петров", first_name="Сергей",
                                        region=region)
    factories.grant(coordinator, Role.COORDINATOR, region=region)
    practice = submit_practice(factories.complete_practice(author), by=author, track="regional_initiative")

    login_as(page, live_server, coordinator)
    page.goto(f"{live_server.url}/")
    page.locator("#nav-review").click()
    assert "Бережливая поликлиника" in page.locator("#queue-coordinator-waiting").inner_text()
    shot("validation-coordinator-queue")
    page.locator("#queue-coordinator-waiting a", has_text="Бережливая поликлиника").click()

    form = page.locator("#action-confirm form")
    form.locator("textarea[name=comment]").fill("Протокол заседания комиссии № 7")
    form.locator("button[type=submit]").click()
    assert "Загрузите файл: протокол решения региональной межведомственной комиссии." in \
        page.locator("#action-confirm").inner_text()
    assert page.locator("#action-confirm textarea[name=comment]").input_value() == "Протокол заседания комиссии № 7"
    shot("validation-confirm-refused-without-protocol")

    pdf = tmp_path / "protocol.pdf"
    pdf.write_bytes(factories.pdf_upload().read())
    page.locator("#action-confirm input[name=document]").set_input_files(str(pdf))
    page.locator("#action-confirm button[type=submit]").click()
    assert page.locator("#review-state").inner_text() == "Упаковка"
    history = page.locator("#history-heading").locator("xpath=..").inner_text()
    assert "Протокол заседания комиссии № 7" in history and "protocol.pdf" in history
    shot("validation-confirmed-with-history")
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PACKAGING
