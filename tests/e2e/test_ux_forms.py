"""Issue 14 items 3 and 9 in a browser: a refused evaluation form shows the error summary at the top,
which takes the focus and links to the field, with what was chosen kept; the counts of the home page and
the catalogue agree with their numbers (the plural helper)."""

from django.urls import reverse

from experts import services as expert_services
from experts.criteria import InclusionCriterion
from practices.models import Practice, PracticeState
from tests import factories
from tests.e2e.helpers import login_as
from tests.experts.conftest import declared
from validation.expert_review import services as review_services


def test_issue_14_item_3_refused_evaluation_form_focuses_the_error_summary(
        live_server, page, shot, transactional_db, practice_in, experts, expert_moderator, asi_moderator,
        category_a):
    pool = expert_services.pool_for(category_a)
    expert = experts[0]
    expert.last_name = "Лебедев"
    expert.save(update_fields=["last_name"])
    expert_services.add_member(pool, expert, by=asi_moderator, basis="Список структурного подразделения",
                               criteria=[InclusionCriterion.LEADERSHIP, InclusionCriterion.LEGISLATION])
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, expert, by=expert_moderator))

    login_as(page, live_server, expert)
    page.goto(live_server.url + reverse("experts:evaluate", args=[invitation.pk]))
    form = page.locator("#evaluation-form")
    for code in range(1, 8):
        form.locator(f"#criterion-{code} input[value=yes]").check()
    form.locator("#criterion-3 input[value=no]").check()
    form.locator("#id_comment").fill("Практика полезна соседним регионам")
    form.locator("#submit-evaluation").click()  # no decision chosen
    page.locator("#error-summary").wait_for()

    # the summary is at the top of the page and has the focus (not the 4,400-px page scrolled to its top)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate("window.scrollY") < 400
    summary = page.locator("#error-summary")
    assert "Форма не сохранена: исправьте 1 ошибку" in summary.inner_text()
    assert "Решение: Выберите решение." in summary.inner_text()
    assert page.locator("#decision-field").inner_text().count("Выберите решение.") == 1  # said once at the field
    box = summary.bounding_box()
    assert box["y"] < page.locator("#evaluation-form").bounding_box()["y"]
    shot("error-summary-focused-at-the-top")

    # what was chosen and typed is kept
    assert form.locator("#criterion-3 input[value=no]").is_checked()
    assert form.locator("#criterion-1 input[value=yes]").is_checked()
    assert form.locator("#id_comment").input_value() == "Практика полезна соседним регионам"

    # the link moves the focus to the field
    summary.get_by_role("link", name="Решение: Выберите решение.").click()
    assert page.evaluate("document.activeElement.id") == "id_decision_0"
    shot("link-moved-the-focus-to-the-decision")
    form.locator("#decision-field input[value=reject]").check()
    form.locator("#submit-evaluation").click()
    page.locator("#my-evaluation").wait_for()
    assert page.locator("#error-summary").count() == 0


def test_issue_14_item_9_home_and_catalogue_counts_agree_with_their_numbers(
        live_server, page, shot, transactional_db, author, category_a, production_calendar):
    for title in ("Бережливая поликлиника", "Школа без очередей", "Цифровой туризм", "Спорт во дворе"):
        practice = factories.complete_practice(author, title=title)
        Practice.objects.filter(pk=practice.pk).update(state=PracticeState.PUBLISHED)
    page.goto(live_server.url + "/")
    figures = page.locator("#platform-figures")
    assert "4\nопубликованные практики" in figures.inner_text()
    assert "1\nрегион-участник" in figures.inner_text()
    shot("home-figures")
    page.goto(live_server.url + reverse("practices:catalogue"))
    assert page.locator("#results-count").inner_text().strip() == "Найдено: 4 практики"
    Practice.objects.exclude(title="Спорт во дворе").update(state=PracticeState.DRAFT)
    page.goto(live_server.url + reverse("practices:catalogue"))
    assert page.locator("#results-count").inner_text().strip() == "Найдено: 1 практика"
    shot("catalogue-one-practice")


def test_issue_14_item_5_submission_refusal_links_to_the_section_that_fixes_it(
        live_server, page, shot, transactional_db, author, production_calendar):
    practice = factories.complete_practice(author, title="Бережливая поликлиника")
    Practice.objects.filter(pk=practice.pk).update(goal="", confirms_accuracy=False)
    login_as(page, live_server, author)
    page.goto(live_server.url + reverse("practices:submit", args=[practice.pk]))
    problems = page.locator("#submission-problems")
    assert "в разделе «О практике» — цель практики" in problems.inner_text()
    assert page.locator("#back-to-passport").is_visible()
    shot("refusal-with-links")
    problems.get_by_role("link", name="Открыть раздел «Подтверждения» →").click()
    assert page.url.endswith(reverse("practices:edit_section", args=[practice.pk, "confirmations"]))
    page.go_back()
    problems.get_by_role("link", name="Открыть раздел «О практике» →").click()
    assert page.url.endswith(reverse("practices:edit_section", args=[practice.pk, "about"]))
    shot("the-section-to-fix")
