"""F-PLUS-8 in a browser (issue 20 item 2): the coordinator returns a practice with a comment of several lines
(a numbered preview under the field), the author answers each point beside the field diff — refused while a
point is unanswered, answers kept —, sends the revised practice, and the coordinator resolves one point and
reopens the other. Screenshots of the point-by-point revision page and of the reviewer's resolve view."""

import re

from playwright.sync_api import expect

from practices.models import Practice, PracticeState, RevisionPoint
from tests.e2e.helpers import login_as


def _named(user, last, first, middle):
    user.last_name, user.first_name, user.middle_name = last, first, middle
    user.save(update_fields=["last_name", "first_name", "middle_name"])
    return user


def test_f_plus_8_point_by_point_revision_in_browser(live_server, page, shot, transactional_db, practice_in,
                                                     author, coordinator):
    _named(author, "Петрова", "Анна", "Сергеевна")
    _named(coordinator, "Соколов", "Дмитрий", "Олегович")
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    url = live_server.url

    # 1. the coordinator returns it with three lines: the preview numbers them
    login_as(page, live_server, coordinator)
    page.goto(f"{url}/review/{practice.pk}/")
    block = page.locator("#action-return")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    block.locator("textarea[name=comment]").fill(
        "Уточните цель: сократить время ожидания приёма до 15 минут\n"
        "- Добавьте результаты за 2025 год с источником данных\n"
        "Загрузите фотографии регистратуры до и после")
    preview = block.locator(".points-preview li")
    expect(preview).to_have_count(3)
    expect(preview.nth(1)).to_have_text("Добавьте результаты за 2025 год с источником данных")
    block.scroll_into_view_if_needed()
    shot("return-with-numbered-preview")
    block.locator("[name=submit-return]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REVISION
    assert RevisionPoint.objects.filter(practice=practice).count() == 3

    # 2. the author revises the passport and answers only the first point: sending is refused, answers kept
    Practice.objects.filter(pk=practice.pk).update(goal="Сократить время ожидания приёма врача до 15 минут")
    login_as(page, live_server, author)
    page.goto(f"{url}/practices/{practice.pk}/edit/")
    page.locator("#revision-points-link a").click()
    expect(page.locator("h1")).to_have_text("Доработка по замечаниям")
    expect(page.locator("#points-summary")).to_contain_text("Ждут ответа: 3 замечания из 3")
    expect(page.locator("#revision-changes")).to_contain_text("Сократить время ожидания приёма врача до 15 минут")
    answers = page.locator("#revision-form textarea[name^=answer-]")
    answers.nth(0).fill("Цель уточнена в разделе «Описание практики»: сокращение ожидания до 15 минут.")
    page.get_by_role("button", name="Сохранить и отправить доработанную практику").click()
    expect(page.locator("#revision-problems")).to_contain_text("Нет ответа на замечание № 2")
    expect(page.locator("#revision-problems")).to_contain_text("Нет ответа на замечание № 3")
    expect(answers.nth(0)).to_have_value(re.compile("Цель уточнена"))
    shot("send-refused-with-open-points")
    page.locator("#revision-problems a", has_text="Ответить на замечание № 2").click()
    answers.nth(1).fill("Добавлены результаты за 2025 год, источник — данные МИАЦ региона.")
    answers.nth(2).fill("Фотографии загружены в раздел «Материалы».")
    shot("author-answers-beside-the-diff")
    page.get_by_role("button", name="Сохранить и отправить доработанную практику").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REGIONAL_REVIEW

    # 3. the coordinator resolves two points and reopens the third
    login_as(page, live_server, coordinator)
    page.goto(f"{url}/review/{practice.pk}/")
    expect(page.locator("#review-points")).to_contain_text("ответ дан, ждут решения: 3")
    page.locator("#review-points-link").click()
    expect(page.locator("#points-summary")).to_contain_text("Ждут вашего решения: 3 замечания")
    shot("reviewer-resolve-view")
    points = list(RevisionPoint.objects.filter(practice=practice).order_by("number"))
    page.locator(f"#resolve-{points[0].pk}").check()
    page.locator(f"#resolve-{points[1].pk}").check()
    page.locator(f"#reopen-{points[2].pk}").check()
    page.locator("#points-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("снято — 2, открыто повторно — 1")
    shot("reviewer-decisions-recorded")
    assert [p.status for p in RevisionPoint.objects.filter(practice=practice).order_by("number")] == [
        "resolved", "resolved", "reopened"]
