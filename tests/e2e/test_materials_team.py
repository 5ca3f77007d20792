"""F-PASS-2 / F-ACC-4 in a browser: a bad cover is refused at the field, a good one shows its
preview, a PDF is added; the author invites a team member by e-mail."""

from django.core import mail
from PIL import Image

from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import image_width, login_as


def _image(path, size):
    Image.new("RGB", size, (40, 120, 90)).save(path, format="JPEG")
    return str(path)


def test_f_pass_2_f_acc_4_cover_materials_and_team_in_browser(live_server, page, shot, transactional_db, tmp_path):
    region = factories.region("28", "Амурская область")
    author = factories.UserFactory(email="author-e2e@example.ru", last_name="Смирнова", first_name="Елена",
                                   region=region)
    factories.grant(author, Role.AUTHOR, region=region)
    practice = factories.PracticeFactory(author=author)
    login_as(page, live_server, author)

    page.goto(f"{live_server.url}/practices/{practice.pk}/materials/")
    assert "Нормативные правовые акты" in page.locator("#materials-missing").inner_text()
    page.locator("#id_cover").set_input_files(_image(tmp_path / "square.jpg", (1000, 1000)))
    page.locator("#cover-form button[type=submit]").click()
    error = page.locator("#cover-form .invalid-feedback").inner_text()
    assert "Обложка должна иметь соотношение сторон 4:3: загружено 1000×1000 px" in error
    shot("cover-refused-at-the-field")

    page.locator("#id_cover").set_input_files(_image(tmp_path / "good.jpg", (1200, 900)))
    page.locator("#cover-form button[type=submit]").click()
    assert image_width(page, "#cover-preview img") == 1200

    pdf = tmp_path / "act.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_kind").select_option("normative_act")
    page.locator("#id_title").fill("Постановление Правительства Амурской области № 123")
    page.locator("#id_file").set_input_files(str(pdf))
    page.locator("#material-form button[type=submit]").click()
    assert "Постановление Правительства Амурской области № 123" in page.locator("#materials-list").inner_text()
    assert "Нормативные правовые акты" not in page.locator("#materials-missing").inner_text()
    shot("materials-with-cover-and-pdf")

    mail.outbox.clear()
    page.goto(f"{live_server.url}/practices/{practice.pk}/team/")
    page.locator("#id_email").fill("new.member@example.ru")
    page.locator("#team-invite button[type=submit]").click()
    assert "new.member@example.ru" in page.locator("#team-list").inner_text()
    assert "В команде 1 человек" in page.locator("#team-missing").inner_text()
    assert any(m.to == ["new.member@example.ru"] for m in mail.outbox)
    shot("team-with-invitation")


def test_issue_14_item_2_team_search_shows_colleagues_of_the_region_without_e_mails(
        live_server, page, shot, transactional_db):
    """Issue 14 item 2 (F-ACC-4, 152-ФЗ) in a browser: a search by name finds verified colleagues of the
    practice's region only, with organisation and position and no e-mail; one of them is added to the team."""
    region = factories.region("28", "Амурская область")
    other = factories.region("29", "Архангельская область")
    author = factories.UserFactory(email="author-team@example.ru", last_name="Смирнова", first_name="Елена",
                                   region=region)
    factories.grant(author, Role.AUTHOR, region=region)
    colleague = factories.UserFactory(email="petrova.secret@example.ru", last_name="Петрова", first_name="Анна",
                                      region=region)
    stranger = factories.UserFactory(email="petrov.other@example.ru", last_name="Петров", first_name="Олег",
                                     region=other)
    practice = factories.PracticeFactory(author=author, region=region)
    login_as(page, live_server, author)

    page.goto(f"{live_server.url}/practices/{practice.pk}/team/")
    page.locator("#team-search input[name=q]").fill("Петров")
    page.locator("#team-search button[type=submit]").click()
    found = page.locator("#team-found").inner_text()
    assert colleague.full_name in found and stranger.full_name not in found
    body = page.locator("body").inner_text()
    assert "petrova.secret@example.ru" not in body and "petrov.other@example.ru" not in body
    shot("team-search-without-e-mails")
    page.locator("#team-found button[type=submit]").first.click()
    assert colleague.full_name in page.locator("#team-list").inner_text()
    assert "petrova.secret@example.ru" not in page.locator("#team-list").inner_text()
    shot("team-colleague-added")
