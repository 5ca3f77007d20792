"""F-TRACK-2 in a browser (clauses 3.2.2–3.2.4, 4.3.2 of the regulation), with the demo users: the author
submits a complete practice on the track «Рекомендация комиссии Госсовета или профильного ФОИВ» and is told
that the ASI moderator attaches the commission's letter → the coordinator confirms with the protocol → the
ASI moderator routes it → the expert-moderator sets the level and marks it packaged → the ASI moderator
cannot skip the expert review without the letter, attaches the letter on the review page (a file chosen in
the browser), skips the expert review (no vote) and publishes → an anonymous visitor sees the letter on the
public page of the practice and downloads it.

The steps that are not this track's business (building the complete passport, the coordinator's
confirmation, routing, packaging) take the shortcuts of test_validation_path.py."""

from django.core.management import call_command

from practices.models import Material, MaterialKind, Practice, PracticeState, Track
from smarteka.accounts.models import User
from tests import factories
from tests.e2e.helpers import htmx_idle, login_as

TITLE = "Единое окно для многодетных семей"
TRACK_LABEL = "Рекомендация комиссии Госсовета или профильного ФОИВ"
LETTER_HEADING = "Письмо и протокол комиссии Госсовета / профильного ФОИВ"


def _act(page, name):
    """The action block ``name`` of the review page, opened if folded."""
    block = page.locator(f"#action-{name}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    return block


def _state(practice):
    return Practice.objects.get(pk=practice.pk).state


def test_state_council_track_letter_attached_published_without_vote_f_track_2_3_2_2_4_3_2(
        live_server, page, shot, dialogs, transactional_db, production_calendar, tmp_path):
    call_command("load_demo")
    demo = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.smarteka.ru")}
    author, coordinator, asi, em = demo["author"], demo["coordinator"], demo["asi"], demo["expert-moderator"]
    practice = factories.complete_practice(author, demo["team1"], demo["team2"], title=TITLE)
    url = live_server.url
    protocol = tmp_path / "protokol-regionalnoy-komissii.pdf"
    protocol.write_bytes(factories.pdf_upload().read())
    letter = tmp_path / "pismo-komissii-gossoveta.pdf"
    letter.write_bytes(factories.pdf_upload(text="State Council commission letter").read())

    # 1. the author chooses the State Council track and is told who attaches the letter (3.2.2, 4.3.2)
    login_as(page, live_server, author)
    page.goto(f"{url}/practices/{practice.pk}/submit/")
    page.get_by_label(TRACK_LABEL).check()
    page.locator("button[formmethod=get]").click()  # «Проверить для выбранного трека»
    page.wait_for_load_state()
    assert page.locator("#track-state_council").is_checked()
    notes = page.locator(".alert-warning").all_inner_texts()
    assert any("их прикрепит к практике модератор АСИ" in note for note in notes), notes
    assert page.locator("#submission-problems").count() == 0  # this track is not bound to the 4.3.1 windows
    shot("author-chooses-state-council-track")
    page.get_by_role("button", name="Подать практику").click()
    page.wait_for_load_state()
    submitted = Practice.objects.get(pk=practice.pk)
    assert (submitted.state, submitted.track) == (PracticeState.REGIONAL_REVIEW, Track.STATE_COUNCIL)
    assert not Material.objects.filter(practice=practice, kind=MaterialKind.STATE_COUNCIL_LETTER).exists()

    # 2. the coordinator confirms with the regional commission's protocol
    login_as(page, live_server, coordinator)
    page.goto(f"{url}/review/{practice.pk}/")
    block = _act(page, "confirm")
    block.locator("input[type=file]").set_input_files(str(protocol))
    block.locator("[name=submit-confirm]").click()
    page.wait_for_load_state()
    assert _state(practice) == PracticeState.PACKAGING

    # 3. the ASI moderator routes it to the expert-moderator
    login_as(page, live_server, asi)
    page.goto(f"{url}/review/{practice.pk}/")
    block = _act(page, "route")
    block.locator("select").select_option(str(em.pk))
    block.locator("[name=submit-route]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).expert_moderator_id == em.pk

    # 4. the expert-moderator sets the level and marks it packaged
    login_as(page, live_server, em)
    page.goto(f"{url}/review/{practice.pk}/")
    block = _act(page, "level")
    block.locator("select").select_option("2")
    block.locator("[name=submit-level]").click()
    page.wait_for_load_state()
    _act(page, "packaged").locator("[name=submit-packaged]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).packaged_at is not None
    assert page.locator("#action-attach-letter").count() == 0  # the letter is the ASI moderator's act

    # 5. the ASI moderator: without the letter the simplified procedure is refused, at the action
    login_as(page, live_server, asi)
    page.goto(f"{url}/review/{practice.pk}/")
    htmx_idle(page)
    _act(page, "skip-expert-review").locator("[name=submit-skip-expert-review]").click()
    page.wait_for_load_state()
    assert "Прикрепите письмо и протокол комиссии Госсовета" in \
        page.locator("#action-skip-expert-review").inner_text()
    assert _state(practice) == PracticeState.PACKAGING
    shot("skip-refused-without-letter")

    # 6. … attaches the letter through the review page (the file chosen in the browser)
    block = _act(page, "attach-letter")
    assert "Прикрепить письмо комиссии Госсовета / ФОИВ" in block.locator("summary").inner_text()
    block.locator("input[type=file][name=letter]").set_input_files(str(letter))
    block.locator("textarea[name=comment]").fill("Письмо комиссии Госсовета по направлению «Социальная политика»")
    shot("asi-attaches-letter")
    block.locator("[name=submit-attach-letter]").click()
    page.wait_for_load_state()
    assert "Письмо комиссии прикреплено к практике; автор получил уведомление." in page.locator("body").inner_text()
    attached = Material.objects.get(practice=practice, kind=MaterialKind.STATE_COUNCIL_LETTER)
    assert attached.is_public and attached.added_by_id == asi.pk
    assert attached.file.original_name == letter.name
    assert _state(practice) == PracticeState.PACKAGING  # attaching the letter is not a transition
    shot("asi-letter-attached")

    # 7. … skips the expert review (no vote) and publishes
    _act(page, "skip-expert-review").locator("[name=submit-skip-expert-review]").click()
    page.wait_for_load_state()
    assert _state(practice) == PracticeState.READY_TO_PUBLISH
    assert page.locator("#action-start-expert-review").count() == 0
    _act(page, "publish").locator("[name=submit-publish]").click()
    page.wait_for_load_state()
    # the irreversible step asked first, naming the practice (issue 14, item 6)
    assert dialogs[-1].startswith(f"Опубликовать практику «{practice.title}»?")
    published = Practice.objects.get(pk=practice.pk)
    assert published.state == PracticeState.PUBLISHED
    assert not published.expert_reviews.exists()  # published without a vote
    shot("asi-published")

    # 8. the author was told of the letter
    login_as(page, live_server, author)
    page.goto(f"{url}/notifications/")
    body = page.locator("body").inner_text()
    assert f"К практике «{TITLE}» прикреплено письмо комиссии Госсовета / ФОИВ" in body
    assert "Практика опубликована для тиражирования" in body
    shot("author-notifications")

    # 9. an anonymous visitor opens the public page: the letter is there and downloads
    page.context.clear_cookies()
    page.goto(f"{url}/")
    assert page.locator("#nav-login").is_visible()
    page.goto(f"{url}/practices/{practice.pk}/")
    section = page.locator("#state-council-letter")
    assert LETTER_HEADING in section.locator("h2").inner_text()
    link = section.get_by_role("link", name=LETTER_HEADING)
    href = link.get_attribute("href")
    assert href.endswith(f"/{attached.file_id}/"), href
    assert LETTER_HEADING not in page.locator("#materials").inner_text()  # shown once, in its own section
    shot("public-page-with-letter")
    response = page.request.get(url + href)
    assert response.status == 200
    assert response.body().startswith(b"%PDF") and b"State Council commission letter" in response.body()
