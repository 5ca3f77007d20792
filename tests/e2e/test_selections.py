"""F-TRACK-4 / F-TRACK-5 in a browser: the ASI moderator creates a selection (the two-month rule
refused at the field), announces it and opens intake; the author applies; the moderator accepts;
a visitor sees the public page; the moderator records a КСИ session decision."""

import datetime

from django.utils import timezone

from practices.models import Practice, PracticeState, Track
from smarteka.history.services import history_for
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_as


def _day(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_f_track_4_f_track_5_selection_and_ksi_in_browser(live_server, page, shot, transactional_db, tmp_path):
    region = factories.region("28", "Амурская область")
    asi = factories.UserFactory(email="asi-e2e@example.ru", last_name="Орлова", first_name="Анна", region=region)
    factories.grant(asi, Role.ASI_MODERATOR)
    author = factories.UserFactory(email="author-e2e@example.ru", last_name="Смирнова", first_name="Елена",
                                   region=region)
    factories.grant(author, Role.AUTHOR, region=region)
    factories.PracticeFactory(author=author, title="Бережливая поликлиника")

    login_as(page, live_server, asi)
    page.goto(f"{live_server.url}/selections/new/")
    page.locator("#id_title").fill("Лучшие практики здравоохранения")
    page.locator("#id_initiator").fill("Комиссия Госсовета по направлению «Здравоохранение»")
    page.locator("#id_launch_requested_on").fill(_day(-10))
    page.locator("#id_intake_from").fill(_day(-1))
    page.locator("#id_intake_to").fill(_day(40))
    page.locator("#id_criteria_text").fill("Практика реализуется не менее года\nЕсть измеримые результаты")
    pdf = tmp_path / "polozhenie.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_regulation_file").set_input_files(str(pdf))
    page.locator("#selection-form button[type=submit]").click()
    error = page.locator("#selection-form .invalid-feedback").first.inner_text()
    assert "не позднее чем за два месяца до даты старта приёма заявок" in error
    assert page.locator("#id_title").input_value() == "Лучшие практики здравоохранения"
    shot("launch-too-late-refused-at-the-field")

    page.locator("#id_launch_requested_on").fill(_day(-70))
    page.locator("#id_regulation_file").set_input_files(str(pdf))
    page.locator("#selection-form button[type=submit]").click()
    page.locator("#selection-announce").click()
    assert page.locator("#selection-state").inner_text() == "Объявлен"
    page.get_by_role("button", name="Открыть приём заявок").click()
    assert page.locator("#selection-state").inner_text() == "Приём заявок"
    shot("selection-page-for-the-moderator")

    login_as(page, live_server, author)
    page.goto(f"{live_server.url}/selections/")
    page.get_by_text("Лучшие практики здравоохранения").click()
    page.locator("#selection-apply").click()
    page.get_by_label("Бережливая поликлиника").check()
    page.get_by_label("Подтверждаю, что заявка соответствует").check()
    shot("author-applies")
    page.locator("#apply-form button[type=submit]").click()
    assert "На модерации" in page.locator("#my-applications").inner_text()

    login_as(page, live_server, asi)
    page.goto(f"{live_server.url}/selections/luchshie-praktiki-zdravookhraneniya/applications/")
    page.get_by_role("link", name="Рассмотреть").click()
    page.get_by_label("Отклонить заявку").check()
    page.locator("#moderation-form button[type=submit]").click()
    assert "Укажите причину отклонения заявки." in page.locator("#moderation-form").inner_text()
    shot("refusal-needs-a-reason")
    page.get_by_label("Принять заявку").check()
    page.locator("#moderation-form button[type=submit]").click()
    assert "Принята" in page.locator("#applications-table").inner_text()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/selections/luchshie-praktiki-zdravookhraneniya/")
    assert "Есть измеримые результаты" in page.locator("#selection-criteria").inner_text()
    assert "Бережливая поликлиника" in page.locator("#selection-applications").inner_text()
    shot("public-selection-page")

    proposal = factories.PracticeFactory(author=author, title="Единое окно для инвестора", track=Track.AGENCY_REQUEST)
    Practice.objects.filter(pk=proposal.pk).update(state=PracticeState.REGIONAL_REVIEW)
    login_as(page, live_server, asi)
    page.goto(f"{live_server.url}/selections/ksi/new/")
    page.locator("#id_date").fill(_day(-1))
    page.locator("#id_title").fill("Предложения регионов по запросу Агентства")
    page.locator("#id_external_participants").fill("Иванов И. И., Республика Татарстан")
    page.locator("#ksi-form button[type=submit]").click()
    page.locator("#id_practice").select_option(str(proposal.pk))
    page.get_by_label("Не допущена").check()
    page.locator("#ksi-decision-form button[type=submit]").click()
    assert "Укажите причину, по которой практика не допущена." in page.locator("#ksi-decision-form").inner_text()
    page.locator("#id_reason").fill("Нет данных о результатах до и после внедрения")
    page.locator("#ksi-decision-form button[type=submit]").click()
    assert "Не допущена" in page.locator("#ksi-decisions").inner_text()
    shot("ksi-session-with-decision")
    assert [t.action for t in history_for(proposal)] == ["ksi_decision"]
