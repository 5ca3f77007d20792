"""Issue 14 item 1 in a browser (F-PASS-3): typed text survives a sidebar click, a header link and a reload;
the long forms keep what was typed in the tab and ask before leaving."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import Practice, TeamMember
from tests import factories
from tests.e2e.helpers import login_as

AUDIENCE = "Жители сельских районов, которым далеко ехать до поликлиники"
RESULTS = "Время ожидания приёма сократилось втрое"


@pytest.fixture
def draft(author):
    practice = factories.PracticeFactory(author=author, title="Бережливая поликлиника", audience_main="",
                                         results_main="")
    TeamMember.objects.create(practice=practice, user=author)
    return practice


def _section(live_server, practice, slug):
    return f"{live_server.url}/practices/{practice.pk}/edit/{slug}/"


def test_f_pass_3_typed_text_survives_a_sidebar_click_and_a_reload(live_server, page, shot, transactional_db,
                                                                   author, draft):
    login_as(page, live_server, author)
    page.goto(_section(live_server, draft, "audience"))
    page.locator("#id_audience_main").fill(AUDIENCE)
    page.locator("#id_results_main").fill(RESULTS)
    shot("typed")
    # at once, before the debounce: the click saves first, then goes
    page.locator("#passport-nav [data-section=about]").click()
    page.locator("#section-form[data-section=about]").wait_for()
    draft.refresh_from_db()
    assert (draft.audience_main, draft.results_main) == (AUDIENCE, RESULTS)
    page.locator("#passport-nav [data-section=audience]").click()
    expect(page.locator("#id_audience_main")).to_have_value(AUDIENCE)
    expect(page.locator("#id_results_main")).to_have_value(RESULTS)
    shot("back-after-sidebar-click")

    # typing pauses: the draft is saved on its own, with the mark «Сохранено в HH:MM»
    page.locator("#id_results_main").fill(RESULTS + "; очередь в регистратуру исчезла")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Сохранено в \d\d:\d\d"), timeout=10000)
    shot("autosaved-mark")
    page.reload()
    expect(page.locator("#id_results_main")).to_have_value(RESULTS + "; очередь в регистратуру исчезла")
    assert Practice.objects.get(pk=draft.pk).results_main.endswith("очередь в регистратуру исчезла")

    # the server out of reach while typing, then a reload: the tab kept the text and puts it back
    page.route("**/autosave/", lambda route: route.abort())
    page.locator("#id_audience_main").fill(AUDIENCE + " и маломобильные граждане")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("Нет связи с сервером"), timeout=10000)
    page.reload()
    page.unroute("**/autosave/")
    expect(page.locator("#id_audience_main")).to_have_value(AUDIENCE + " и маломобильные граждане")
    expect(page.locator("[data-draft-restored]")).to_contain_text("Восстановлен несохранённый текст")
    shot("restored-after-reload")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Сохранено в"), timeout=10000)
    assert Practice.objects.get(pk=draft.pk).audience_main == AUDIENCE + " и маломобильные граждане"

    # the header's «Каталог практик» right after typing: saved before leaving
    page.locator("#id_audience_main").fill("Пациенты поликлиник")
    page.locator("header").get_by_role("link", name="Каталог практик").click()
    page.wait_for_url(re.compile(r"/practices/catalogue/"))
    assert Practice.objects.get(pk=draft.pk).audience_main == "Пациенты поликлиник"


def test_f_pass_3_refused_field_is_marked_and_the_rest_is_saved(live_server, page, shot, transactional_db,
                                                                author, draft):
    login_as(page, live_server, author)
    page.goto(_section(live_server, draft, "about"))
    page.locator("#id_goal").fill("Сократить время ожидания приёма")
    page.locator("#id_title").evaluate("el => el.removeAttribute('maxlength')")
    page.locator("#id_title").fill("Я" * 111)
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Поля с ошибками не сохранены"),
                                                          timeout=10000)
    expect(page.locator("[data-autosave-error]")).to_contain_text("не более 110 символов")
    expect(page.locator("#section-missing")).not_to_contain_text("цель практики")
    shot("title-refused-goal-saved")
    draft.refresh_from_db()
    assert draft.goal == "Сократить время ожидания приёма" and draft.title == "Бережливая поликлиника"


def test_want_to_implement_form_asks_before_leaving_and_restores_typed_text(live_server, page, shot, dialogs,
                                                                             transactional_db, recipient):
    """The long forms without a server draft («Хочу внедрить» here; the evaluation form, the return comment
    and the report form carry the same attributes): leaving with typed text asks first, and coming back in
    the same tab puts the text back."""
    practice = factories.published_practice(factories.UserFactory(), title="Школа здоровья")
    login_as(page, live_server, recipient)
    page.goto(f"{live_server.url}/replication/practice/{practice.pk}/want/")
    page.locator("#id_event_other").fill("Форум «Сильные идеи для нового времени»")
    page.locator("#id_comment").fill("Готовы начать с пилота в двух районах республики")
    page.locator("#id_confirms_studied").check()
    page.locator("header").get_by_role("link", name="Каталог практик").click()
    page.wait_for_url(re.compile(r"/practices/catalogue/"))
    assert any("несохранённые изменения" in question for question in dialogs)

    page.goto(f"{live_server.url}/replication/practice/{practice.pk}/want/")
    expect(page.locator("#id_event_other")).to_have_value("Форум «Сильные идеи для нового времени»")
    expect(page.locator("#id_comment")).to_have_value("Готовы начать с пилота в двух районах республики")
    expect(page.locator("#id_confirms_studied")).to_be_checked()
    expect(page.locator("[data-draft-restored]")).to_contain_text("ещё не отправили")
    shot("want-form-restored")

    # sent: the kept text is forgotten, the next visit starts clean
    for name in ("confirms_ready", "confirms_cooperation", "undertakes_documents"):
        page.locator(f"#id_{name}").check()
    page.locator("#request-submit").click()
    page.locator("#request-state").wait_for()
    assert page.evaluate("() => Object.keys(sessionStorage).filter(k => k.startsWith('smarteka-draft:'))") == []


def test_f_pass_3_list_items_typed_offline_come_back_after_a_reload(live_server, page, shot, transactional_db,
                                                                    author, draft):
    """Tasks typed in added rows while the server is out of reach: the reload brings back every row."""
    login_as(page, live_server, author)
    page.goto(_section(live_server, draft, "about"))
    page.route("**/autosave/", lambda route: route.abort())
    page.locator("#id_tasks_1").fill("Перестроить потоки пациентов")
    page.get_by_role("button", name="Добавить задачу").click()
    page.locator("#id_tasks_2").fill("Внедрить электронную очередь")
    page.get_by_role("button", name="Добавить задачу").click()
    page.locator("#id_tasks_3").fill("Обучить регистраторов")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("Нет связи с сервером"), timeout=10000)
    page.reload()
    page.unroute("**/autosave/")
    expect(page.locator("#id_tasks_3")).to_have_value("Обучить регистраторов")
    expect(page.locator("#id_tasks_2")).to_have_value("Внедрить электронную очередь")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Сохранено в"), timeout=10000)
    shot("tasks-restored-and-saved")
    draft.refresh_from_db()
    assert draft.tasks == ["Перестроить потоки пациентов", "Внедрить электронную очередь", "Обучить регистраторов"]


def test_f_pass_3_expired_session_is_said_not_saved(live_server, page, shot, transactional_db, author, draft):
    """The session ended while typing: the autosave does not claim a save, the text stays on the page."""
    login_as(page, live_server, author)
    page.goto(_section(live_server, draft, "audience"))
    page.context.add_cookies([{"name": "sessionid", "value": "expired", "url": live_server.url}])
    page.locator("#id_audience_main").fill("Пациенты поликлиник")
    expect(page.locator("#autosave-status")).to_have_text(re.compile("Сеанс завершён"), timeout=10000)
    expect(page.locator("#id_audience_main")).to_have_value("Пациенты поликлиник")
    shot("session-expired")
    assert Practice.objects.get(pk=draft.pk).audience_main == ""


def test_f_pass_3_save_pressed_during_an_autosave_creates_each_new_row_once(live_server, page, shot,
                                                                            transactional_db, author, draft):
    """«Сохранить черновик» pressed while the autosave of a new result row is still on its way: the save waits
    for the autosave's answer and sends the row's id, so the row is saved once, not twice (the duplicate
    PracticeResult seen in the two-sittings journey)."""
    from practices.models import PracticeResult
    from tests.e2e.helpers import htmx_idle

    held = []
    page.route("**/autosave/", lambda route: held.append(route))
    login_as(page, live_server, author)
    page.goto(_section(live_server, draft, "audience"))
    page.locator("#id_results-0-indicator").fill("Среднее время ожидания приёма")
    page.locator("#id_results-0-unit").fill("мин")
    page.locator("#id_results-0-value_before").fill("45")
    page.locator("#id_results-0-value_after").fill("15")
    for _ in range(50):  # the debounced autosave leaves the page and is held on its way
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the autosave was to be sent"
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_timeout(500)
    held[0].continue_()
    page.unroute("**/autosave/")
    page.locator("#saved-note").wait_for()  # the deferred save has been sent and swapped in
    htmx_idle(page)
    shot("saved-once")
    assert list(PracticeResult.objects.filter(practice=draft).values_list("indicator", flat=True)) == [
        "Среднее время ожидания приёма"]
