"""F-ACT-1, F-DL-2 in a browser: the ASI moderator requests actualization of a published practice (access granted
at once, 4.5.6), the author edits the title of the new edition and sends it for review, the public page keeps
the published title meanwhile; the expert-moderator sees the diff against the published version and accepts;
the public page shows the new title and «Актуализирована»."""

from practices.models import Practice, PracticeState
from tests.e2e.helpers import login_as, save_draft

OLD_TITLE = "Бережливая поликлиника"
NEW_TITLE = "Бережливая поликлиника 2.0: запись без очередей"


def test_f_act_1_actualization_requested_edited_reviewed_and_accepted(
        live_server, page, shot, dialogs, transactional_db, practice_in, asi_moderator, author, expert_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    public_url = f"{live_server.url}/practices/{practice.pk}/"

    # the ASI moderator asks from the practice page, with a reason: access is granted at once
    login_as(page, live_server, asi_moderator)
    page.goto(public_url)
    page.locator("#actualization-button").click()
    page.locator("#request-actualization").click()  # no reason: refused at the field
    assert "Укажите причину запроса на актуализацию." in page.locator("#request-form").inner_text()
    page.locator("#id_reason").fill("Обновились результаты за 2025 год и порядок записи")
    page.locator("#request-actualization").click()
    assert "Доступ к редактированию предоставлен автору" in page.locator(".alert-success").inner_text()
    assert "Доступ к редактированию предоставлен" in page.locator("#request-state").inner_text()
    shot("asi-moderator-requested-and-granted")

    # the author edits the title of the new edition from «Мои практики» and sends it for review
    login_as(page, live_server, author)
    page.goto(f"{live_server.url}/practices/my/")
    row = page.locator("#my-practices tbody tr").first
    assert "Актуализация" in row.inner_text()
    shot("author-my-practices-actualization")
    row.locator(".edit-actualization").click()
    assert "Актуализация опубликованной практики" in page.locator("#actualization-notice").inner_text()
    page.locator("#id_title").fill(NEW_TITLE)
    save_draft(page)
    page.locator("#saved-note").wait_for()
    shot("author-edits-title")
    page.reload()
    page.locator("#submit-actualization").click()
    assert "Актуализация отправлена на проверку" in page.locator(".alert-success").inner_text()
    shot("author-submitted")

    # meanwhile the public page keeps the published title
    page.context.clear_cookies()
    page.goto(public_url)
    assert page.locator("h1").first.inner_text().strip() == OLD_TITLE
    assert page.locator("#actualized-at").count() == 0

    # the expert-moderator of the category sees the diff and accepts
    login_as(page, live_server, expert_moderator)
    page.goto(f"{live_server.url}/review/")
    page.locator("#queue-actualizations a", has_text=NEW_TITLE).click()
    diff = page.locator("#actualization-changes").inner_text()
    assert OLD_TITLE in diff and NEW_TITLE in diff
    shot("expert-moderator-sees-diff")
    page.locator("#action-accept-actualization button[type=submit]").click()
    assert "Принять актуализацию практики" in dialogs[-1]

    # the public page now shows the new text and «Актуализирована»
    page.locator("#actualized-at").wait_for()
    assert page.locator("h1").first.inner_text().strip() == NEW_TITLE
    shot("public-page-actualized")
    page.context.clear_cookies()
    page.goto(public_url)
    assert page.locator("h1").first.inner_text().strip() == NEW_TITLE
    assert "Актуализирована" in page.locator("aside").inner_text()
    shot("public-page-anonymous")
    practice.refresh_from_db()
    assert practice.title == NEW_TITLE and practice.actualized_at is not None
    assert Practice.objects.filter(actualization_of=practice, state=PracticeState.ACTUALIZATION_ACCEPTED).count() == 1
