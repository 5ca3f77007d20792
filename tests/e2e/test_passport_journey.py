"""The whole passport journey in a browser (F-PASS-1 … F-PASS-5, F-ACC-4, F-TRACK-1, F-REF-6):

an author of a leader region fills the passport over two sittings (logging out between them), adds a
registered colleague found by search and invites another by e-mail; the invited person registers through
the link in the letter (the address is prefilled), confirms the e-mail, fills the profile and appears in
the team; the author uploads a cover (a bad one is refused with the precise message, nothing is lost),
four PDF materials, previews the card, and submits on the regional-initiative track → «Подтверждение
регионом». Screenshots in test-artifacts/."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from PIL import Image

from practices.models import (
    Practice,
    PracticeState,
    PracticeVersion,
    RatingIndicator,
    SubmissionWindow,
    Track,
)
from regions.models import LeaderRegistryEntry
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import image_width, login_with_form, logout_with_menu, save_draft

PASSWORD = "Smarteka-2026!"
INVITED = "kuznetsova.invited@example.ru"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page, live_server, email, password=PASSWORD):
    login_with_form(page, live_server, email, password)





def _section(page, slug):
    page.locator(f"#passport-nav [data-section={slug}]").click()
    page.locator(f"#section-form[data-section={slug}]").wait_for()


def _image(path, size):
    Image.new("RGB", size, (40, 120, 90)).save(path, format="JPEG")
    return str(path)


def _my_practices(page):
    page.click("#nav-profile")
    page.locator(".dropdown-menu").get_by_role("link", name="Мои практики").click()
    page.locator("#my-practices, #no-practices").first.wait_for()


def test_f_pass_journey_two_sittings_team_invitation_cover_pdf_preview_submit(live_server, page, shot,
                                                                               transactional_db, tmp_path):
    region = factories.region("28", "Амурская область")
    year = timezone.localdate().year
    # F-TRACK-1: the region is in the leader registry of the year (checked when access was granted)
    reason = LeaderRegistryEntry._meta.get_field("reason").choices[0][0]
    LeaderRegistryEntry.objects.create(region=region, year=year, reason=reason)
    author = factories.UserFactory(email="author-journey@example.ru", region=region, last_name="Смирнова",
                                   first_name="Елена", middle_name="Викторовна",
                                   organisation_type=factories.author_org_type(),
                                   organisation_name="Министерство здравоохранения Амурской области")
    factories.grant(author, Role.AUTHOR, region=region)
    factories.UserFactory(email="petrov.colleague@example.ru", region=region, last_name="Петров",
                          first_name="Алексей", middle_name="Сергеевич", position="Главный врач")

    # --- sitting 1: a new practice, the first sections, the team
    _login(page, live_server, author.email)
    _my_practices(page)
    page.click("#new-practice")
    page.click("#create-practice")
    page.locator("#section-form[data-section=about]").wait_for()
    page.locator("#id_title").fill("Бережливая поликлиника")
    page.locator("#id_goal").fill("Сократить время ожидания приёма врача в поликлиниках области")
    page.locator("#id_tasks_1").fill("Перестроить потоки пациентов")
    page.get_by_role("button", name="Добавить задачу").click()
    page.locator("#id_tasks_2").fill("Внедрить электронную очередь")
    page.locator("#id_essence").fill("Поликлиники перестраивают приём пациентов по принципам бережливого "
                                     "производства: без очередей у кабинетов и у регистратуры.")
    save_draft(page)
    page.locator("#saved-note").wait_for()

    _section(page, "audience")
    page.locator("#id_audience_main").fill("Пациенты поликлиник")
    page.locator("#id_results_main").fill("Время ожидания сократилось втрое")
    page.locator("#id_results-0-indicator").fill("Среднее время ожидания приёма")
    page.locator("#id_results-0-unit").fill("мин")
    page.locator("#id_results-0-value_before").fill("45")
    page.locator("#id_results-0-value_after").fill("15")
    save_draft(page)
    page.locator("#saved-note").wait_for()

    _section(page, "category")
    page.locator("#div_id_category .form-check-input").first.check()
    indicator_box = page.locator("#div_id_rating_indicators .form-check-input").first
    indicator_box.check()
    save_draft(page)
    page.locator("#saved-note").wait_for()
    # F-REF-6: the indicator's rating takes practices only in its window — open one around today
    rating = RatingIndicator.objects.get(pk=indicator_box.get_attribute("value")).rating
    SubmissionWindow.objects.create(rating=rating, title="Окно приёма (тест)",
                                    opens=timezone.localdate() - datetime.timedelta(days=10),
                                    closes=timezone.localdate() + datetime.timedelta(days=60))
    shot("sitting-1-category-saved")

    page.locator("#passport-nav [data-section=team]").click()
    page.locator("#id_q").fill("Петров")
    page.locator("#team-search button[type=submit]").click()
    found = page.locator("#team-found li").filter(has_text="Петров")
    assert "petrov.colleague@example.ru" not in page.locator("#team-found").inner_text()  # 152-ФЗ
    found.get_by_role("button", name="Добавить").click()
    assert "Петров Алексей Сергеевич" in page.locator("#team-list").inner_text()
    mail.outbox.clear()
    page.locator("#id_email").fill(INVITED)
    page.locator("#team-invite button[type=submit]").click()
    assert INVITED in page.locator("#team-list").inner_text()
    assert "приглашений, ещё не принятых: 1" in page.locator("#team-missing").inner_text()
    shot("sitting-1-team-colleague-and-invitation")
    logout_with_menu(page)

    # --- the invited person: the letter, registration with the address prefilled, confirmation, profile
    [letter] = [m for m in mail.outbox if m.to == [INVITED]]
    assert "Приглашение в команду практики «Бережливая поликлиника»" in letter.subject
    link = re.search(r"https?://\S+/accounts/register/\?email=\S+", letter.body).group(0)
    page.goto(link)
    assert page.locator("#id_email").input_value() == INVITED
    page.locator("#id_password1").fill("Smarteka-Invited-2026!")
    page.locator("#id_password2").fill("Smarteka-Invited-2026!")
    page.locator("#id_last_name").fill("Кузнецова")
    page.locator("#id_first_name").fill("Мария")
    page.locator("#id_middle_name").fill("Андреевна")
    page.get_by_label("Я принимаю правила пользования платформой «Смартека»").check()
    page.get_by_label("Я даю согласие на обработку персональных данных", exact=True).check()
    page.get_by_label(re.compile("разрешенных для распространения")).check()
    shot("invited-registers-email-prefilled")
    mail.outbox.clear()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_role("heading", name="Проверьте почту").wait_for()
    verify = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    page.goto(verify)
    page.get_by_text("Адрес электронной почты подтверждён").wait_for()
    page.click("#profile-edit-link")
    page.locator("#id_region").select_option(label=region.name)
    page.locator("#id_organisation_type").select_option(label=factories.author_org_type().name)
    page.locator("#id_organisation_name").fill("ГАУЗ АО «Благовещенская городская поликлиника № 1»")
    page.locator("#id_position").fill("Заместитель главного врача")
    page.locator("#id_work_phone").fill("+7 (4162) 20-00-01")
    page.locator("#id_mobile_phone").fill("+7 (914) 555-66-88")
    page.locator("#id_photo").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": factories.image_bytes(fmt="PNG")})
    page.get_by_role("button", name="Сохранить профиль").click()
    page.get_by_text("Профиль сохранён.").wait_for()
    logout_with_menu(page)

    # --- sitting 2: the author comes back; what was typed is there; the invited person is in the team
    _login(page, live_server, author.email)
    _my_practices(page)
    row = page.locator("#my-practices tbody tr").filter(has_text="Бережливая поликлиника")
    assert "Черновик" in row.inner_text() and "Заполните паспорт" in row.inner_text()
    shot("sitting-2-my-practices")
    row.get_by_role("link", name="Заполнить паспорт").click()
    assert page.locator("#id_title").input_value() == "Бережливая поликлиника"
    assert page.locator("#id_tasks_2").input_value() == "Внедрить электронную очередь"
    _section(page, "audience")
    assert page.locator("#id_results-0-indicator").input_value() == "Среднее время ожидания приёма"
    assert page.locator('#passport-nav [data-section=team] [data-missing="0"]').count() == 1

    page.locator("#passport-nav [data-section=team]").click()
    team = page.locator("#team-list").inner_text()
    assert "Кузнецова Мария Андреевна" in team and INVITED not in team
    assert page.locator("#team-complete").is_visible()
    shot("sitting-2-invited-person-joined")
    page.locator("#passport-link").click()

    _section(page, "organisation")
    assert page.locator("#id_organisation_name").input_value() == "Министерство здравоохранения Амурской области"
    save_draft(page)
    page.locator("#saved-note").wait_for()

    _section(page, "implementation")
    page.locator("#id_implementation_year").fill(str(year - 1))
    page.locator("#id_cost_range").select_option(index=1)
    page.locator("#div_id_implementation_methods .form-check-input").first.check()
    page.locator("#id_roadmap_steps_1").fill("Анализ потоков пациентов")
    page.locator("#id_normative_acts").fill("Приказ министерства здравоохранения Амурской области № 123")
    page.locator("#id_months_to_launch").fill("6")
    page.locator("#id_specifics").fill("Нужна поддержка главных врачей и электронная очередь")
    page.locator("#id_support_offered").fill("Стажировки на базе поликлиники № 1")
    save_draft(page)
    page.locator("#saved-note").wait_for()
    assert page.locator('#passport-nav [data-section=implementation] [data-missing="0"]').count() == 1

    _section(page, "confirmations")
    for name in ("confirms_criteria", "confirms_accuracy", "confirms_consulting"):
        page.locator(f"#id_{name}").check()
    save_draft(page)
    page.locator("#saved-note").wait_for()
    assert "Разделы паспорта заполнены." in page.locator("#missing-total").inner_text()
    shot("sitting-2-sections-complete")

    # materials: a bad cover is refused at the field, a good one is shown, four PDFs
    page.locator("#passport-nav [data-section=materials]").click()
    page.locator("#id_cover").set_input_files(_image(tmp_path / "small.jpg", (800, 600)))
    page.locator("#cover-form button[type=submit]").click()
    error = page.locator("#cover-form .invalid-feedback").inner_text()
    assert "Минимальный размер обложки — 900×675 px: загружено 800×600 px." in error
    shot("cover-too-small-refused")
    page.locator("#id_cover").set_input_files(_image(tmp_path / "good.jpg", (1200, 900)))
    page.locator("#cover-form button[type=submit]").click()
    assert image_width(page, "#cover-preview img") == 1200

    for kind, title in (("normative_act", "Приказ министерства № 123"),
                        ("sample_document", "Регламент работы регистратуры"),
                        ("roadmap", "Дорожная карта внедрения на 2025–2026 годы"),
                        ("presentation", "Презентация практики")):
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(PDF)
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_title").fill(title)
        page.locator("#id_file").set_input_files(str(pdf))
        # the server's answer to this very POST is awaited, then the page it leads to: typing into a page
        # still being replaced lost a field once on a busy CI machine (a 400 «выберите тип»), and waiting
        # for the page's «load» (every image on it) once timed out there
        with page.expect_response(lambda r: r.request.method == "POST" and "/materials/" in r.url,
                                  timeout=60_000) as posted:
            page.locator("#material-form button[type=submit]").click()
        assert posted.value.status == 302, page.locator("#material-form").inner_text()
        page.locator("#materials-list").filter(has_text=title).wait_for(timeout=60_000)
        page.wait_for_load_state("domcontentloaded")
    assert page.locator("#materials-complete").is_visible()

    # a wrong ratio after a good cover: refused precisely, the cover and the materials stay
    page.locator("#id_cover").set_input_files(_image(tmp_path / "wide.jpg", (1600, 900)))
    page.locator("#cover-form button[type=submit]").click()
    error = page.locator("#cover-form .invalid-feedback").inner_text()
    assert "Обложка должна иметь соотношение сторон 4:3: загружено 1600×900 px." in error
    assert image_width(page, "#cover-preview img") == 1200
    assert page.locator("#cover-kept").inner_text().strip() == "Текущая обложка осталась без изменений."
    assert page.locator("#materials-list tbody tr").count() == 4
    shot("cover-wrong-ratio-refused-everything-kept")

    # preview: the public card and page
    page.goto(f"{live_server.url}/practices/{Practice.objects.get(author=author).pk}/preview/")
    card = page.locator("#preview-card")
    assert "Бережливая поликлиника" in card.inner_text() and "Амурская область" in card.inner_text()
    assert card.locator("img").count() >= 1
    assert "Внедрить электронную очередь" in page.locator("#preview-page").inner_text()
    shot("preview")

    # submission on the regional-initiative track
    page.locator("#submit-link").click()
    assert f"регион-лидер {year}" in page.content()
    assert page.locator("#submission-problems").count() == 0
    page.locator("#track-regional_initiative").check()
    shot("submit-page-all-conditions-met")
    page.get_by_role("button", name="Подать практику").click()
    page.get_by_text("Практика подана и передана региональному координатору").wait_for()
    assert "Подтверждение регионом" in page.locator("body").inner_text()
    assert page.locator("#own-version").inner_text().startswith("Версия 1 подана вами")
    shot("submitted-versions")

    _my_practices(page)
    row = page.locator("#my-practices tbody tr").filter(has_text="Бережливая поликлиника")
    assert "Подтверждение регионом" in row.inner_text() and "Ожидает подтверждения региона" in row.inner_text()
    shot("my-practices-submitted")

    practice = Practice.objects.get(author=author)
    assert (practice.state, practice.track) == (PracticeState.REGIONAL_REVIEW, Track.REGIONAL_INITIATIVE)
    assert PracticeVersion.objects.filter(practice=practice).count() == 1
    assert sorted(m.user.last_name for m in practice.team.select_related("user")) == [
        "Кузнецова", "Петров", "Смирнова"]
    assert practice.materials.count() == 4 and practice.cover_id
