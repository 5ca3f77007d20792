"""«Мой кабинет» in a browser (issue 14, item 4): each role logs in through the form and lands on its
start page — what awaits its action with the working days left and the link, the header's counter —;
the current section is highlighted in the menu and every page has breadcrumbs. Screenshots in
test-artifacts/."""

import re

import pytest

from practices.models import PracticeState
from replication import services as replication_services
from smarteka.accounts import services as account_services
from smarteka.accounts.models import AccessRequest
from tests import factories
from tests.e2e.helpers import login_with_form
from tests.experts.conftest import pool_a  # noqa: F401  (the category's pool with the four experts)
from tests.replication.conftest import make_request
from validation.expert_review import services as review_services

PASSWORD = "Кабинет-2026!"


@pytest.fixture
def world(transactional_db, author, coordinator, asi_moderator, expert_moderator, experts, recipient,
          implementation_moderator, practice_in, region_a, pool_a):  # noqa: F811
    """Something awaits every role: a revision and a draft (author), an access request and a practice to
    confirm (coordinator), a packaging (expert-moderator), a practice ready to publish, a verified access
    request and a new replication request (ASI moderator), an evaluation (expert), an assigned request
    (implementation moderator and recipient)."""
    for user in (author, coordinator, asi_moderator, expert_moderator, experts[0], recipient,
                 implementation_moderator):
        user.set_password(PASSWORD)
        user.save()
    practice_in(PracticeState.REVISION, title="Практика на доработке")
    practice_in(PracticeState.DRAFT, title="Черновик о школах")
    practice_in(PracticeState.REGIONAL_REVIEW, title="Ждёт подтверждения региона")
    practice_in(PracticeState.PACKAGING, title="Практика на упаковке")
    practice_in(PracticeState.READY_TO_PUBLISH, title="Готова к публикации")
    in_review = practice_in(PracticeState.EXPERT_REVIEW, title="Практика на экспертной оценке")
    review_services.invite_expert(in_review, experts[0], by=expert_moderator)
    AccessRequest.objects.create(user=factories.UserFactory(region=region_a, last_name="Заявкина"), region=region_a)
    verified = AccessRequest.objects.create(user=factories.UserFactory(region=region_a, last_name="Проверенов"),
                                            region=region_a)
    account_services.verify_access(verified, by=coordinator)
    published = factories.published_practice(author, title="Тиражируемая практика")
    req = make_request(published, recipient)
    replication_services.assign_moderator(req, by=asi_moderator, moderator=implementation_moderator)
    make_request(factories.published_practice(author, title="Ещё одна практика"), recipient)
    return {"author": author, "coordinator": coordinator, "asi": asi_moderator, "em": expert_moderator,
            "expert": experts[0], "recipient": recipient, "impl": implementation_moderator}


# role → (texts that must await on the start page, a section that must be there)
EXPECTED = {
    "author": (["Практика на доработке", "Черновик о школах"], "author-revision"),
    "coordinator": (["Заявкина", "Ждёт подтверждения региона"], "coordinator-waiting"),
    "em": (["Практика на упаковке", "Практика на экспертной оценке"], "expert-moderator"),
    "asi": (["Проверенов", "Готова к публикации", "«Ещё одна практика»"], "asi-waiting"),
    "expert": (["Практика на экспертной оценке"], "expert-evaluations"),
    "recipient": (["«Тиражируемая практика»"], "recipient-requests"),
    "impl": (["«Тиражируемая практика»"], "implementation-moderator"),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_issue_14_item_4_each_role_lands_on_its_cabinet(live_server, page, shot, world, role):
    user = world[role]
    login_with_form(page, live_server, user.email, PASSWORD)
    page.wait_for_url(re.compile(r"/cabinet/$"))
    assert page.locator("h1").inner_text() == "Мой кабинет"
    awaiting = page.locator("#cabinet-awaiting")
    texts, section = EXPECTED[role]
    for text in texts:
        assert awaiting.get_by_text(text, exact=False).first.is_visible(), (role, text)
    assert page.locator(f"#cabinet-{section} .cabinet-item").count() >= 1
    # the header's counter equals the awaiting items shown
    shown = page.locator("#cabinet-awaiting .cabinet-item").count()
    assert shown >= len(texts)
    assert page.locator("#nav-cabinet-count").inner_text().endswith(str(shown))
    assert page.locator("#cabinet-awaiting-count").inner_text() == str(shown)
    # the cabinet itself is the highlighted section, and the trail says so
    assert page.locator('#nav-cabinet[aria-current="page"]').count() == 1
    assert page.locator('.breadcrumb [aria-current="page"]').inner_text() == "Мой кабинет"
    shot(f"cabinet-{role}")
    # every awaiting item is a working link
    first = page.locator(f"#cabinet-{section} .cabinet-item a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert href.rstrip("/") in page.url  # the passport editor opens on its first section
    assert page.locator(".breadcrumb").count() == 1
    shot(f"{role}-first-item")


def test_issue_14_item_4_working_days_left_on_the_evaluation(live_server, page, shot, world):
    login_with_form(page, live_server, world["expert"].email, PASSWORD)
    badge = page.locator("#cabinet-expert-evaluations .cabinet-days")
    assert re.fullmatch(r"(?:остался|осталось) \d+ рабочих? (?:день|дня|дней) \(до \d\d\.\d\d\.\d{4}\)", badge.inner_text().strip())
    shot("expert-days-left")


def test_issue_14_item_4_menu_highlight_and_breadcrumbs(live_server, page, shot, world):
    """The author's «Мои практики» and the coordinator's access requests are in the main menu; the current
    section is highlighted; every page shows its trail."""
    login_with_form(page, live_server, world["author"].email, PASSWORD)
    menu = page.locator("#mainnav")
    menu.locator("#nav-my-practices").click()
    page.wait_for_url(re.compile(r"/practices/my/$"))
    assert page.locator('#nav-my-practices[aria-current="page"]').count() == 1
    assert page.locator('.navbar [aria-current="page"]').count() == 1
    assert page.locator('.breadcrumb [aria-current="page"]').inner_text() == "Мои практики"
    shot("author-my-practices-highlighted")
    page.locator("#mainnav").get_by_role("link", name="Каталог практик").click()
    page.wait_for_url(re.compile(r"/practices/catalogue/"))
    assert page.locator('.navbar [aria-current="page"]').inner_text() == "Каталог практик"
    page.locator("#mainnav").get_by_role("link", name="Регионы").click()
    page.wait_for_url(re.compile(r"/regions/$"))
    assert page.locator('.navbar [aria-current="page"]').inner_text() == "Регионы"
    assert page.locator(".breadcrumb").count() == 1
    shot("author-regions-highlighted")

    page.context.clear_cookies()
    login_with_form(page, live_server, world["coordinator"].email, PASSWORD)
    page.locator("#mainnav #nav-access-queue").click()
    page.wait_for_url(re.compile(r"/accounts/access/queue/|/access"))
    assert page.locator('#nav-access-queue[aria-current="page"]').count() == 1
    assert page.locator(".breadcrumb").count() == 1
    shot("coordinator-access-queue")
    page.locator("#nav-review").click()
    page.wait_for_load_state()
    assert page.locator('#nav-review[aria-current="page"]').count() == 1
    page.get_by_role("link", name="Ждёт подтверждения региона").first.click()
    page.wait_for_load_state()
    trail = page.locator(".breadcrumb")
    assert trail.get_by_role("link", name="Проверка практик").is_visible()
    assert "Ждёт подтверждения региона" in trail.locator('[aria-current="page"]').inner_text()
    assert page.locator('#nav-review[aria-current="page"]').count() == 1
    shot("coordinator-review-page-trail")
