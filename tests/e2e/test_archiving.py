"""F-DL-9 → F-ARCH-1 in a browser (issue 21, «Must show»; regulation 4.2.1.4–4.2.1.5, 4.6.1):

1. the daily archiving check proposes archiving a practice published more than a year ago without a single
   replication request;
2. the expert-moderator finds the proposal under «Архивирование» in the menu and confirms it with a ground of
   4.6.1 and a justification (the letter to the ASI moderator);
3. the ASI moderator archives it, answering the confirmation that names the practice and the consequence;
4. the practice is gone from the catalogue and is found in the knowledge base with that ground and the date."""

import datetime

from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeState
from tests.e2e.helpers import login_as
from validation import tasks
from validation.grounds import ARCHIVING_GROUND_NO_REQUESTS
from validation.models import ArchiveProposal, ProposalState

TITLE = "Цифровая диспансеризация на селе"
GROUND_SHOWN = "при отсутствии запроса на внедрение практики в течение 1 года и более"


def test_daily_check_proposes_expert_moderator_confirms_asi_archives_f_dl_9_f_arch_1(
        live_server, page, shot, dialogs, transactional_db, production_calendar, practice_in, expert_moderator,
        asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED, title=TITLE)
    Practice.objects.filter(pk=practice.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
    url = live_server.url

    # 1. the daily beat task
    assert tasks.archiving_check.apply().result == 1
    proposal = ArchiveProposal.objects.get(practice=practice)
    assert (proposal.state, proposal.ground) == (ProposalState.AWAITING_EXPERT, ARCHIVING_GROUND_NO_REQUESTS)

    # 2. the expert-moderator: «Архивирование» in the menu, the proposal waiting for them
    login_as(page, live_server, expert_moderator)
    page.goto(f"{url}/")
    page.click("#nav-profile")
    page.click("#nav-archiving")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Архивирование практик"
    assert page.locator("#count-awaiting").inner_text() == "1"
    awaiting = page.locator("#proposals-awaiting")
    assert TITLE in awaiting.inner_text()
    shot("expert-moderator-proposals")
    awaiting.get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert "заявок на внедрение нет год и более" in page.locator("#proposal-details").inner_text()
    form = page.locator("#action-confirm form")
    ground = form.locator(f"input[name=ground][value='{ARCHIVING_GROUND_NO_REQUESTS}']")
    assert ground.is_checked()  # prefilled with the check's ground
    form.locator("textarea[name=justification]").fill("")
    form.get_by_role("button", name="Поддержать и направить модератору АСИ").click()
    page.wait_for_load_state()
    assert "Напишите обоснование необходимости архивации" in page.locator("#action-confirm").inner_text()
    shot("expert-moderator-justification-required")
    form = page.locator("#action-confirm form")
    form.locator("textarea[name=justification]").fill(
        "Практика опубликована более года назад, ни один регион не подал заявку; на мероприятиях округа "
        "интереса не было.")
    form.locator(f"input[name=ground][value='{ARCHIVING_GROUND_NO_REQUESTS}']").check()
    shot("expert-moderator-confirms")
    form.get_by_role("button", name="Поддержать и направить модератору АСИ").click()
    page.wait_for_load_state()
    assert "Предложение об архивировании направлено модератору АСИ." in page.locator("body").inner_text()
    assert page.locator("#proposal-state").inner_text() == "Направлено модератору АСИ"

    # 3. the ASI moderator archives, answering the confirmation
    login_as(page, live_server, asi_moderator)
    page.goto(f"{url}/")
    page.click("#nav-profile")
    page.click("#nav-archiving")
    page.wait_for_load_state()
    assert page.locator("#count-proposed").inner_text() == "1"
    page.locator("#proposals-proposed").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert "ни один регион не подал заявку" in page.locator("#proposal-justification").inner_text()
    shot("asi-moderator-proposal")
    page.locator("#action-archive").get_by_role("button", name="Перевести практику в Базу знаний").click()
    page.wait_for_load_state()
    assert dialogs == [f"Перевести практику «{TITLE}» в Базу знаний? Она уйдёт из основного каталога, новые заявки "
                       "на внедрение приниматься не будут; автор, команда и координатор региона получат уведомление."]
    assert "Практика переведена в Базу знаний" in page.locator("body").inner_text()
    assert page.locator("#proposal-state").inner_text() == "Практика переведена в Базу знаний"
    shot("asi-moderator-archived")

    # 4. gone from the catalogue, found in the knowledge base with its ground and date
    page.context.clear_cookies()
    page.goto(f"{url}{reverse('practices:catalogue')}?q=диспансеризация")
    assert TITLE not in page.locator("main").inner_text()
    shot("catalogue-without-it")
    page.goto(f"{url}{reverse('practices:knowledge_base')}?q=диспансеризация")
    assert TITLE in page.locator("main").inner_text()
    shot("knowledge-base-with-it")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_load_state()
    note = page.locator("#knowledge-base-note").inner_text()
    assert GROUND_SHOWN in note and f"{timezone.localdate():%d.%m.%Y}" in note
    shot("practice-in-knowledge-base")
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.ARCHIVED


def test_expert_moderator_audits_the_worklist_and_proposes_archiving_from_it_f_act_2(
        live_server, page, shot, transactional_db, production_calendar, practice_in, expert_moderator):
    """F-ACT-2 (4.5.3): the worklist oldest first; «Актуальна» takes a practice off it; «Предложить
    архивирование» opens the proposal form prefilled with the comment, and sending it records both."""
    older = practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    newer = practice_in(PracticeState.PUBLISHED, title="Школа наставников")
    Practice.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=700))
    Practice.objects.filter(pk=newer.pk).update(published_at=timezone.now() - datetime.timedelta(days=300))
    login_as(page, live_server, expert_moderator)
    page.goto(f"{live_server.url}/")
    page.click("#nav-profile")
    page.click("#nav-audit")
    page.wait_for_load_state()
    rows = page.locator("#audit-due tbody tr")
    assert [rows.nth(i).locator("td").first.locator("a").inner_text() for i in range(2)] == [
        "Бережливая поликлиника", "Школа наставников"]
    shot("audit-worklist")
    first = page.locator(f"tr[data-practice='{newer.pk}']")
    first.locator("summary").click()
    first.get_by_label("Актуальна").check()
    first.get_by_role("button", name="Сохранить итог").click()
    page.wait_for_load_state()
    assert "Аудит практики «Школа наставников» записан: актуальна." in page.locator("body").inner_text()
    row = page.locator(f"tr[data-practice='{older.pk}']")
    row.locator("summary").click()
    row.get_by_label("Предложить архивирование").check()
    row.locator("textarea").fill("Наставник уволился, команда распалась.")
    row.get_by_role("button", name="Сохранить итог").click()
    page.wait_for_load_state()
    assert page.locator("textarea[name=justification]").input_value() == "Наставник уволился, команда распалась."
    page.get_by_label("В случае отсутствия наставника", exact=False).check()
    shot("audit-proposal-form")
    page.get_by_role("button", name="Направить модератору АСИ").click()
    page.wait_for_load_state()
    assert page.locator("#proposal-state").inner_text() == "Направлено модератору АСИ"
    page.goto(f"{live_server.url}{reverse('archiving:audit')}")
    assert page.locator("#audit-empty").is_visible()
    assert "Предложить архивирование" in page.locator("#audit-done").inner_text()
    shot("audit-done")
