"""Issue 15 item 6 in a browser: a form posted after the session expired or with a stale CSRF token keeps
what was typed — the expert logs in again (or goes back from the Russian «страница устарела» page) and
finds the long evaluation in the form; the passport autosave says the session ended and, once the user
has logged in again in another tab, saves with the new token by itself."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from experts import services as expert_services
from experts.criteria import InclusionCriterion
from experts.models import Evaluation
from practices.models import Practice, PracticeState, TeamMember
from tests import factories
from tests.e2e.helpers import login_as
from tests.experts.conftest import declared
from validation.expert_review import services as review_services

PASSWORD = "Smarteka-2026!"  # tests/factories.py
POINTS = "\n".join(
    f"{n}. Раздел «Результаты»: приведите значения показателя {n} до и после внедрения практики, с источником "
    f"данных (ведомственная статистика, мониторинг региона) и датой измерения; поясните, почему изменение "
    f"вызвано практикой, а не сезонными колебаниями." for n in range(1, 16))  # ~3,500 characters
COMMENT = "Практика полезна соседним регионам: команда описала ресурсы, но не указала затраты на обучение."


def _expire_sessions():
    """Every session ends, in the database and in the cache the session engine reads first (cached_db)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in Session.objects.values_list("session_key", flat=True):
        store(key).delete()


@pytest.fixture
def invitation(transactional_db, practice_in, experts, expert_moderator, asi_moderator, category_a):
    expert = experts[0]
    expert_services.add_member(expert_services.pool_for(category_a), expert, by=asi_moderator,
                               basis="Список структурного подразделения",
                               criteria=[InclusionCriterion.LEADERSHIP, InclusionCriterion.LEGISLATION])
    return declared(review_services.invite_expert(practice_in(PracticeState.EXPERT_REVIEW), expert, by=expert_moderator))


def _type_evaluation(page):
    page.wait_for_load_state("networkidle")  # fonts and images in: the long form no longer moves
    form = page.locator("#evaluation-form")
    for code in range(1, 8):
        form.locator(f"#criterion-{code} input[value=yes]").check()
    form.locator("#criterion-2 textarea").fill("Показатели приведены не за все годы.")
    form.locator("#decision-field input[value=revision]").check()
    form.locator("#id_revision_points").fill(POINTS)
    form.locator("#id_comment").fill(COMMENT)


def _expect_typed_text(page):
    form = page.locator("#evaluation-form")
    expect(form.locator("#id_revision_points")).to_have_value(POINTS)
    expect(form.locator("#id_comment")).to_have_value(COMMENT)
    expect(form.locator("#criterion-2 textarea")).to_have_value("Показатели приведены не за все годы.")
    expect(form.locator("#decision-field input[value=revision]")).to_be_checked()
    expect(form.locator("#criterion-5 input[value=yes]")).to_be_checked()


def _drafts(page):
    return page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('smarteka-draft:'))")


def test_issue_15_item_6_evaluation_sent_after_the_session_expired_comes_back_after_login(
        live_server, page, shot, invitation):
    """Issue 15 item 6: the expert types a long evaluation; the session ends (its row deleted, as on
    expiry); «Отправить оценку» leads to the login page, which says why; after login the same form opens
    with everything typed and the notice «Восстановлен несохранённый текст…»; sent again, it is saved
    once and the kept draft is gone."""
    expert = invitation.expert
    url = live_server.url + reverse("experts:evaluate", args=[invitation.pk])
    login_as(page, live_server, expert)
    page.goto(url)
    _type_evaluation(page)
    shot("typed-long-evaluation")

    _expire_sessions()  # the session expired while the expert was writing
    page.locator("#submit-evaluation").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator("body")).to_contain_text("Сеанс завершён, поэтому форма не отправлена")
    shot("login-page-says-why")
    assert not Evaluation.objects.exists()

    page.locator("#id_username").fill(expert.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(url)
    _expect_typed_text(page)
    expect(page.locator("[data-draft-restored]")).to_contain_text("Восстановлен несохранённый текст")
    expect(page.locator("[data-draft-restored]")).to_contain_text("сервер её не принял")
    shot("form-restored-after-login")

    page.locator("#submit-evaluation").click()
    page.locator("#my-evaluation").wait_for()
    evaluation = Evaluation.objects.get()
    assert evaluation.revision_points.replace("\r\n", "\n") == POINTS and evaluation.comment == COMMENT
    assert _drafts(page) == []
    shot("evaluation-saved")


def test_issue_15_item_6_stale_csrf_token_shows_a_russian_page_and_the_form_comes_back(
        live_server, page, shot, invitation):
    """Issue 15 item 6: the CSRF cookie changed while the form was open (a login in another tab rotates
    it): the POST gets the Russian page «Форма не отправлена: страница устарела» in the site layout, with
    «Вернуться к форме»; the form there has the typed text back, and sending it works."""
    url = live_server.url + reverse("experts:evaluate", args=[invitation.pk])
    login_as(page, live_server, invitation.expert)
    page.goto(url)
    _type_evaluation(page)
    page.context.add_cookies([{"name": "csrftoken", "value": "N" * 32, "url": live_server.url}])

    page.locator("#submit-evaluation").click()
    expect(page.locator("h1")).to_have_text("Форма не отправлена: страница устарела")
    expect(page.locator("#csrf-draft-note")).to_contain_text("Введённый текст не пропал")
    expect(page.locator("nav ol.breadcrumb")).to_contain_text("Форма не отправлена")
    assert "Forbidden" not in page.content()
    shot("csrf-page")
    assert not Evaluation.objects.exists()

    page.locator("#csrf-back").click()
    page.wait_for_url(url)
    _expect_typed_text(page)
    expect(page.locator("[data-draft-restored]")).to_contain_text("Восстановлен несохранённый текст")
    shot("form-restored-after-csrf-page")
    page.locator("#submit-evaluation").click()
    page.locator("#my-evaluation").wait_for()
    assert Evaluation.objects.get().revision_points.replace("\r\n", "\n") == POINTS
    assert _drafts(page) == []


def test_issue_15_item_6_autosave_after_the_session_expired_says_so_and_resumes_after_login(
        live_server, page, shot, transactional_db, author):
    """Issue 15 item 6 (c): the passport autosave after the session expired shows a Russian message (not
    a silent failure) and keeps the text; the author logs in in another tab (which rotates the CSRF
    token); the next autosave takes the new token and saves."""
    practice = factories.PracticeFactory(author=author, title="Бережливая поликлиника", audience_main="")
    TeamMember.objects.create(practice=practice, user=author)
    login_as(page, live_server, author)
    page.goto(f"{live_server.url}/practices/{practice.pk}/edit/audience/")
    _expire_sessions()
    page.locator("#id_audience_main").fill("Жители сельских районов")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("Сеанс завершён"), timeout=10000)
    expect(page.locator("#autosave-status a")).to_have_attribute("href", re.compile(r"/accounts/login/\?next=/practices/"))
    shot("autosave-says-session-ended")
    assert Practice.objects.get(pk=practice.pk).audience_main == ""

    other = page.context.new_page()
    other.goto(live_server.url + reverse("accounts:login"))
    other.locator("#id_username").fill(author.email)
    other.locator("#id_password").fill(PASSWORD)
    other.get_by_role("button", name="Войти").click()
    other.locator("#nav-profile").wait_for()
    other.close()

    page.locator("#id_audience_main").fill("Жители сельских районов и малых городов")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Сохранено в \d\d:\d\d"), timeout=10000)
    shot("autosave-resumed")
    assert Practice.objects.get(pk=practice.pk).audience_main == "Жители сельских районов и малых городов"
