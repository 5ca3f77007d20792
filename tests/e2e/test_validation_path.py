"""SPEC §6 in a browser, with the demo users (F-VAL-1, F-VAL-2, F-VAL-3, F-VAL-6): the author submits →
the coordinator approves with the commission protocol → the ASI moderator routes it → the expert-moderator
packages it → the ASI moderator sends it to evaluation → the expert-moderator invites three experts of the
pool → they vote (hidden from each other) → the expert-moderator closes the vote (protocol) → the ASI
moderator publishes → the author sees «Опубликована» and the notification."""

from django.core.management import call_command

from practices.models import Practice, PracticeState
from smarteka.accounts.models import User
from tests import factories
from tests.e2e.helpers import login_as


def _act(page, name):
    """Open the action block ``name`` of the review page (if folded) and submit it."""
    block = page.locator(f"#action-{name}")
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    return block


def test_whole_validation_path_in_browser_f_val_1_2_3_6(live_server, page, shot, transactional_db,
                                                         production_calendar, tmp_path):
    call_command("load_demo")
    demo = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.smarteka.ru")}
    author, coordinator, asi, em = demo["author"], demo["coordinator"], demo["asi"], demo["expert-moderator"]
    experts = [demo["expert1"], demo["expert2"], demo["expert3"]]
    practice = factories.complete_practice(author, demo["team1"], demo["team2"], title="Бережливая поликлиника")
    url = live_server.url
    protocol = tmp_path / "commission-protocol.pdf"
    protocol.write_bytes(factories.pdf_upload().read())

    # 1. the author submits
    login_as(page, live_server, author)
    page.goto(f"{url}/practices/{practice.pk}/submit/")
    page.get_by_role("button", name="Подать практику").click()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REGIONAL_REVIEW

    # 2. the coordinator approves with the commission protocol
    login_as(page, live_server, coordinator)
    page.goto(f"{url}/review/{practice.pk}/")
    block = _act(page, "confirm")
    block.locator("input[type=file]").set_input_files(str(protocol))
    block.locator("[name=submit-confirm]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PACKAGING

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

    # 5. the ASI moderator sends it to expert evaluation
    login_as(page, live_server, asi)
    page.goto(f"{url}/review/{practice.pk}/")
    _act(page, "start-expert-review").locator("[name=submit-start-expert-review]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW

    # 6. the expert-moderator finds it on the pool page and invites three experts of the pool
    login_as(page, live_server, em)
    page.goto(url + "/")
    page.locator("#nav-expert-pools").click()
    page.get_by_role("link", name=str(practice.category)).click()
    page.locator("#in-review").get_by_role("link", name="Бережливая поликлиника").click()
    for expert in experts:
        page.locator("#invite-form select").select_option(str(expert.pk))
        page.locator("#invite-form button").click()
        assert str(expert) in page.locator("#invitations").inner_text()
    shot("expert-moderator-invited-three-experts")

    # 7. each expert opens «Ожидают моей оценки» and evaluates; an unmet criterion blocks «одобрить»
    for n, expert in enumerate(experts):
        login_as(page, live_server, expert)
        page.goto(url + "/")
        page.locator("#nav-my-evaluations").click()
        page.locator("#my-queue").get_by_role("link", name="Бережливая поликлиника").click()
        # F-PLUS-7: competing interests are declared before the passport opens
        page.locator("#interests-form").wait_for()
        assert page.locator("summary", has_text="Паспорт практики").count() == 0
        if n == 0:
            shot("expert-declares-competing-interests")
        page.locator("#id_conflict_0").check()
        page.locator("#declare-interests").click()
        form = page.locator("#evaluation-form")
        for code in range(1, 8):
            form.locator(f"#criterion-{code} input[value=yes]").check()
        if n == 0:
            form.locator("#criterion-5 input[value=no]").check()
            form.locator("#decision-field input[value=approve]").check()
            form.locator("#submit-evaluation").click()
            assert "Одобрить публикацию можно только при соблюдении всех критериев" in \
                page.locator("#id_decision_error").inner_text()
            shot("approve-refused-when-a-criterion-is-unmet")
            form.locator("#criterion-5 input[value=yes]").check()
        form.locator("#decision-field input[value=approve]").check()
        form.locator("#submit-evaluation").click()
        page.locator("#my-evaluation").wait_for()
        assert "Оценки других экспертов скрыты" in page.locator("#my-evaluation").inner_text()
        if n == 1:
            shot("expert-sees-only-own-evaluation")
            assert str(experts[0]) not in page.content()

    # 8. the expert-moderator closes the vote; the protocol is generated
    login_as(page, live_server, em)
    page.goto(f"{url}/experts/practice/{practice.pk}/")
    assert "Оценок дано: 3" in page.locator("#tally").inner_text()
    page.locator("#close-vote").click()
    assert "Большинство экспертов одобрили практику" in page.locator("#protocol-outcome").inner_text()
    assert all(str(e) in page.locator("#protocol-table").inner_text() for e in experts)
    shot("evaluation-protocol")
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.READY_TO_PUBLISH

    # 9. the ASI moderator publishes
    login_as(page, live_server, asi)
    page.goto(f"{url}/review/{practice.pk}/")
    _act(page, "publish").locator("[name=submit-publish]").click()
    page.wait_for_load_state()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED

    # 10. the author sees «Опубликована» and the notification
    login_as(page, live_server, author)
    page.goto(f"{url}/practices/my/")
    assert "Опубликована" in page.locator("body").inner_text()
    shot("author-sees-published")
    page.goto(f"{url}/notifications/")
    assert "Практика опубликована для тиражирования" in page.locator("body").inner_text()
    shot("author-notification")
