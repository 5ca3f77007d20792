"""F-PASS-1, F-PASS-3 in a browser: an author starts a practice, fills the passport over two sittings
(logging out between them), gets refusals at the field that keep everything typed, and previews the card."""

import datetime

from practices.models import Practice, PracticeResult
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_with_form, logout_with_menu, save_draft

PASSWORD = "Smarteka-2026!"


def _login(page, live_server, email, password=PASSWORD):
    login_with_form(page, live_server, email, password)





def test_f_pass_1_f_pass_3_author_fills_passport_over_two_sittings_and_previews(live_server, page, shot,
                                                                                 transactional_db):
    region = factories.region("28", "Амурская область")
    author = factories.UserFactory(email="author-e2e@example.ru", region=region, last_name="Смирнова",
                                   first_name="Елена", organisation_name="Министерство здравоохранения Амурской области")
    factories.grant(author, Role.AUTHOR, region=region)

    # sitting 1: «Мои практики» → «Новая практика»
    _login(page, live_server, author.email)
    page.click("#nav-profile")
    page.locator(".dropdown-menu").get_by_role("link", name="Мои практики").click()
    page.locator("#no-practices").wait_for()
    page.click("#new-practice")
    assert "Министерство здравоохранения Амурской области" in page.locator("#create-organisation").inner_text()
    shot("new-practice")
    page.click("#create-practice")
    page.locator("#section-form[data-section=about]").wait_for()
    assert "Не заполнено:" in page.locator("#section-missing").inner_text()
    assert page.locator("#help-item-1").inner_text().startswith("Укажите полное название практики.")

    page.locator("#id_title").fill("Бережливая поликлиника")
    assert page.locator("#title-count").inner_text().startswith("22 / 110")
    page.locator("#id_goal").fill("Сократить время ожидания приёма врача в поликлиниках области")
    page.locator("#id_tasks_1").fill("Перестроить потоки пациентов")
    page.get_by_role("button", name="Добавить задачу").click()
    page.locator("#id_tasks_2").fill("Внедрить электронную очередь")
    page.locator("#id_essence").fill("«Бережливая поликлиника» – это система организации приёма пациентов.")
    shot("about-filled")
    save_draft(page)
    page.locator("#saved-note").wait_for()
    assert "Раздел заполнен для подачи" in page.locator("#section-missing").inner_text()
    assert page.locator('#passport-nav [data-section=about] [data-missing="0"]').count() == 1
    shot("about-saved-htmx")

    page.locator("#passport-nav [data-section=audience]").click()
    page.locator("#id_audience_main").fill("Пациенты поликлиник")
    page.locator("#id_results_main").fill("Время ожидания сократилось втрое")
    page.locator("#id_results-0-indicator").fill("Среднее время ожидания приёма")
    page.locator("#id_results-0-unit").fill("мин")
    page.locator("#id_results-0-value_before").fill("45")
    page.locator("#id_results-0-value_after").fill("15")
    save_draft(page)
    page.locator("#saved-note").wait_for()
    shot("audience-saved")
    logout_with_menu(page)

    # sitting 2: log in again, the saved text is there, continue
    _login(page, live_server, author.email)
    page.click("#nav-profile")
    page.locator(".dropdown-menu").get_by_role("link", name="Мои практики").click()
    row = page.locator("#my-practices tbody tr").first
    assert "Бережливая поликлиника" in row.inner_text()
    assert "Черновик" in row.inner_text() and "Заполните паспорт" in row.inner_text()
    shot("my-practices")
    row.get_by_role("link", name="Заполнить паспорт").click()
    assert page.locator("#id_title").input_value() == "Бережливая поликлиника"
    assert page.locator("#id_tasks_2").input_value() == "Внедрить электронную очередь"
    page.locator("#passport-nav [data-section=audience]").click()
    assert page.locator("#id_results-0-indicator").input_value() == "Среднее время ожидания приёма"
    shot("second-sitting-saved-text")

    # category and rating indicators: the radio list with definitions and the grouped checkboxes
    page.locator("#passport-nav [data-section=category]").click()
    assert page.locator("#help-item-7").inner_text().startswith("Выберите одну из 10 категорий.")
    page.locator("#div_id_category .form-check-input").first.check()
    page.locator("#div_id_rating_indicators .form-check-input").first.check()
    save_draft(page)
    page.locator("#saved-note").wait_for()
    assert page.locator('#passport-nav [data-section=category] [data-missing="0"]').count() == 1
    shot("category-saved")
    page.locator("#passport-nav [data-section=confirmations]").click()
    page.get_by_label("Гарантирую достоверность сведений, размещенных в паспорте практики (п. 4.1.6 Регламента)").check()
    save_draft(page)
    page.locator("#saved-note").wait_for()
    assert page.locator('#passport-nav [data-section=confirmations] [data-missing="2"]').count() == 1
    shot("confirmations-partly")

    # a server-only check: year 1800 is refused at the field, everything typed stays
    page.locator("#passport-nav [data-section=implementation]").click()
    page.locator("#id_implementation_year").fill("1800")
    page.locator("#id_roadmap_steps_1").fill("Анализ потоков пациентов")
    page.locator("#id_normative_acts").fill("Приказ министерства № 123")
    page.locator("#id_months_to_launch").fill("6")
    page.locator("#id_specifics").fill("Нужна электронная очередь")
    save_draft(page)
    page.locator("#form-errors").wait_for()
    this_year = datetime.date.today().year
    assert page.locator("#id_implementation_year_error").inner_text().strip() == f"Укажите год от 1990 до {this_year}."
    assert page.locator("#id_implementation_year").input_value() == "1800"
    assert page.locator("#id_roadmap_steps_1").input_value() == "Анализ потоков пациентов"
    assert page.locator("#id_normative_acts").input_value() == "Приказ министерства № 123"
    assert page.locator("#id_specifics").input_value() == "Нужна электронная очередь"
    shot("year-refused-everything-kept")
    page.locator("#id_implementation_year").fill(str(this_year - 1))
    save_draft(page)
    page.locator("#saved-note").wait_for()
    shot("implementation-saved")

    # a too-long title reaches the server (maxlength removed): refused at the field, the rest kept
    page.locator("#passport-nav [data-section=about]").click()
    page.locator("#id_title").evaluate("el => el.removeAttribute('maxlength')")
    page.locator("#id_title").fill("Б" * 111)
    page.locator("#id_essence").fill("Новая редакция сути практики.")
    save_draft(page)
    page.locator("#id_title_error").wait_for()
    assert "не более 110 символов с пробелами (сейчас 111)" in page.locator("#id_title_error").inner_text()
    assert page.locator("#id_title").input_value() == "Б" * 111
    assert page.locator("#id_essence").input_value() == "Новая редакция сути практики."
    assert page.locator("#id_tasks_1").input_value() == "Перестроить потоки пациентов"
    shot("title-too-long-refused")
    page.locator("#id_title").fill("Бережливая поликлиника")
    save_draft(page)
    page.locator("#saved-note").wait_for()

    # preview: the public card and page
    page.click("#preview-link")
    card = page.locator("#preview-card")
    assert "Бережливая поликлиника" in card.inner_text() and "Амурская область" in card.inner_text()
    assert "Сократить время ожидания" in card.inner_text()
    assert "Внедрить электронную очередь" in page.locator("#preview-page").inner_text()
    shot("preview")

    practice = Practice.objects.get(author=author)
    assert practice.title == "Бережливая поликлиника" and practice.essence == "Новая редакция сути практики."
    assert practice.tasks == ["Перестроить потоки пациентов", "Внедрить электронную очередь"]
    assert practice.implementation_year == this_year - 1 and practice.months_to_launch == 6
    assert PracticeResult.objects.get(practice=practice).value_before == 45
    assert practice.rating_indicators.count() == 1 and practice.category is not None
    assert practice.confirms_accuracy and not practice.confirms_criteria


def test_f_pass_3_outsider_sees_403_with_explanation_in_browser(live_server, page, shot, transactional_db):
    """Who sees the draft but may not edit it (the region's coordinator) gets 403 with the explanation; an
    outsider may not even know the draft exists: 404 (F-ROLE-1, issue 13 item 14)."""
    author = factories.UserFactory(email="author2-e2e@example.ru")
    factories.grant(author, Role.AUTHOR, region=author.region)
    practice = factories.PracticeFactory(author=author)
    coordinator = factories.UserFactory(email="coordinator-e2e@example.ru", region=author.region)
    factories.grant(coordinator, Role.COORDINATOR, region=author.region)
    _login(page, live_server, coordinator.email)
    response = page.goto(f"{live_server.url}/practices/{practice.pk}/edit/about/")
    assert response.status == 403
    assert "Редактировать паспорт практики могут только" in page.locator("#forbidden-message").inner_text()
    logout_with_menu(page)
    outsider = factories.UserFactory(email="outsider-e2e@example.ru")
    _login(page, live_server, outsider.email)
    response = page.goto(f"{live_server.url}/practices/{practice.pk}/edit/about/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/practices/new/")
    assert response.status == 403 and page.locator("#access-link").is_visible()
    shot("new-practice-forbidden")
