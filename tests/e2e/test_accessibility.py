"""F-PLUS-11 in a browser: the main pages meet WCAG 2.1 AA — axe-core (tests/e2e/a11y.py) finds no violation
of the wcag2a/wcag2aa/wcag21a/wcag21aa rules, nor of its best practices (landmarks, heading order), on each page
of issue 20 item 5, in the state a user sees it (the catalogue with results and a filter chosen, with the
search suggestions open and on a phone with the filters open; refused forms with their errors shown); every
chart has its table; a refused form announces its errors (the summary role=alert linking to the fields,
aria-invalid and aria-describedby at each field). A recipient reaches and sends «Хочу внедрить» with the
keyboard alone, every focused element showing a solid ring of at least 2 px and 3:1 contrast.

One browser and one live server; each page is visited once."""

from django.urls import reverse

from experts import services as expert_services
from experts.criteria import InclusionCriterion
from practices.models import PracticeState
from practices.passport.services import create_practice
from replication import services as replication_services
from tests import factories
from tests.e2e.a11y import axe_violations, chart_problems, describe
from tests.e2e.helpers import login_as, save_draft
from tests.experts.conftest import declared
from validation.expert_review import services as review_services


def _world(practice_in, author, experts, expert_moderator, asi_moderator, category_a, recipient):
    pool = expert_services.pool_for(category_a)
    for expert in experts[:3]:
        expert_services.add_member(pool, expert, by=asi_moderator, basis="Список структурного подразделения",
                                   criteria=[InclusionCriterion.LEADERSHIP, InclusionCriterion.LEGISLATION])
    published = practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    in_review = practice_in(PracticeState.REGIONAL_REVIEW, title="Школа без очередей")
    packaging = practice_in(PracticeState.PACKAGING, title="Цифровой туризм")
    expert_review = practice_in(PracticeState.EXPERT_REVIEW, title="Спорт во дворе")
    rating = practice_in(PracticeState.RATING_COMMITTEE, investment=True, title="Инвестиционный портал")
    invitation = declared(review_services.invite_expert(expert_review, experts[0], by=expert_moderator))
    pending = review_services.invite_expert(expert_review, experts[1], by=expert_moderator)
    draft = factories.complete_practice(author, title="Открытый бюджет")
    empty = create_practice(by=author)
    request = replication_services.request_replication(
        published, by=recipient, event_other="Форум стратегических инициатив", confirms_studied=True,
        confirms_ready=True, confirms_cooperation=True, undertakes_documents=True)
    return {"published": published, "in_review": in_review, "packaging": packaging,
            "expert_review": expert_review, "rating": rating, "invitation": invitation, "pending": pending, "draft": draft, "empty": empty,
            "request": request}


def _refused(page, button):
    """Submit a form as it is and wait for the refused page with its error summary."""
    page.locator(button).click()
    page.locator("#error-summary").wait_for()


def _announced(page):
    """What keeps a refused form's errors from being announced: the summary must be an alert linking to
    fields that are marked invalid and described by their error text."""
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    problems = page.evaluate("""() => [...document.querySelectorAll('#error-summary a[href^="#"]')].flatMap(a => {
        const target = document.getElementById(a.getAttribute('href').slice(1));
        if (!target) return [a.textContent + ': no target'];
        const field = target.matches('input, select, textarea') ? target
                      : target.querySelector('input:not([type=hidden]), select, textarea');
        if (!field) return [];
        const out = [];
        if (field.getAttribute('aria-invalid') !== 'true') out.push(field.id + ': no aria-invalid');
        const ids = (field.getAttribute('aria-describedby')
                     || (field.closest('fieldset[aria-describedby]') || {getAttribute: () => ''})
                         .getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
        const texts = ids.map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(' ');
        if (!/\\S/.test(texts) || !ids.some(id => /error/.test(id))) out.push(field.id + ': error not in aria-describedby');
        return out;
    })""")
    return problems if summary.locator("a").count() else ["the summary links to no field"]


def test_f_plus_11_axe_finds_no_wcag_21_aa_violation_on_the_main_pages(
        live_server, page, shot, transactional_db, practice_in, author, coordinator, asi_moderator,
        expert_moderator, experts, category_a, rating_committee, recipient, implementation_moderator):
    world = _world(practice_in, author, experts, expert_moderator, asi_moderator, category_a, recipient)
    url = live_server.url
    found, charts = [], {}

    def check(name):
        page.wait_for_load_state("networkidle")
        found.extend(describe([v], f"{name} {page.url[len(url):]}") for v in axe_violations(page))
        found.extend(f"{name}: {p}" for p in chart_problems(page))
        charts[name] = page.locator("canvas").count()

    # the public: home, the catalogue with results and a filter chosen, the practice page, login, registration
    page.goto(url + "/")
    check("home")
    page.goto(url + reverse("practices:catalogue"))
    page.locator("#facet-category input[type=checkbox]").first.check()
    page.wait_for_function("() => window.location.search.includes('category=')")
    check("catalogue")
    page.get_by_role("combobox", name="Поиск по практикам").press_sequentially("бер", delay=40)
    page.get_by_role("listbox", name="Подсказки поиска").get_by_role("option").first.wait_for()
    check("catalogue with search suggestions open")
    page.set_viewport_size({"width": 375, "height": 812})  # on a phone the filters fold behind «Фильтры»
    page.goto(url + reverse("practices:catalogue"))
    page.locator("#filters-toggle").click()
    page.locator("#catalogue-filters.show").wait_for()
    check("catalogue on a phone, filters open")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + world["published"].get_absolute_url())
    check("practice page")
    page.goto(url + reverse("accounts:login"))
    page.locator("#id_username").fill("nobody@example.ru")
    page.locator("#id_password").fill("wrong-password")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    check("login refused")
    page.goto(url + reverse("accounts:register"))
    _refused(page, "form button[type=submit]")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    shot("registration-error-summary")
    check("registration refused")

    # the author: profile, the passport editor, materials, team, submission, notifications
    login_as(page, live_server, author)
    for name, address in (
            ("profile", reverse("accounts:profile")),
            ("profile edit", reverse("accounts:profile_edit")),
            ("passport editor", reverse("practices:edit_section", args=[world["draft"].pk, "about"])),
            ("passport editor: category", reverse("practices:edit_section", args=[world["draft"].pk, "category"])),
            ("materials", reverse("practices:materials", args=[world["draft"].pk])),
            ("team", reverse("practices:team", args=[world["draft"].pk])),
            ("submission", reverse("practices:submit", args=[world["draft"].pk])),
            ("submission refused (incomplete)", reverse("practices:submit", args=[world["empty"].pk])),
            ("notifications", reverse("notifications:list")),
            ("notification settings", reverse("notifications:settings"))):
        page.goto(url + address)
        check(name)
    page.goto(url + reverse("practices:materials", args=[world["draft"].pk]))
    _refused(page, "#material-form button[type=submit]")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("materials refused")
    page.goto(url + reverse("practices:team", args=[world["draft"].pk]))
    _refused(page, "#team-invite button[type=submit]")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("team invitation refused")
    page.goto(url + reverse("accounts:profile_edit"))
    page.locator("#id_last_name").fill("")
    _refused(page, "#profile-form button[type=submit]")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("profile edit refused")
    page.goto(url + reverse("practices:edit_section", args=[world["draft"].pk, "implementation"]))
    page.locator("#id_months_to_launch").fill("0")
    save_draft(page)
    page.locator("#id_months_to_launch[aria-invalid=true]").wait_for()
    check("passport editor refused")

    # each review queue and review page
    for user, pages in (
            (coordinator, [("coordinator queue", reverse("validation:queue")),
                           ("coordinator review", reverse("validation:review", args=[world["in_review"].pk]))]),
            (asi_moderator, [("ASI queue", reverse("validation:queue")),
                             ("ASI review", reverse("validation:review", args=[world["packaging"].pk])),
                             ("ASI replication queue", reverse("replication:asi_queue") + "?show=all"),
                             ("replication summary (charts)", reverse("replication:summary"))]),
            (expert_moderator, [("expert-moderator queue", reverse("validation:queue")),
                                ("expert-moderator review", reverse("validation:review",
                                                                    args=[world["packaging"].pk])),
                                ("expert review round", reverse("expert_review:review",
                                                                args=[world["expert_review"].pk]))]),
            (rating_committee, [("rating committee queue", reverse("validation:queue")),
                                ("rating committee review", reverse("validation:review", args=[world["rating"].pk]))]),
            (implementation_moderator, [("implementation queue", reverse("replication:moderator_queue"))]),
            (experts[1], [("expert queue", reverse("experts:my_queue"))])):
        login_as(page, live_server, user)
        for name, address in pages:
            page.goto(url + address)
            page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
            check(name)  # with every folded action block open, as the user opens them
    # the coordinator returns the practice without saying why: refused
    login_as(page, live_server, coordinator)
    page.goto(url + reverse("validation:review", args=[world["in_review"].pk]))
    page.evaluate("() => document.querySelectorAll('main details').forEach(d => d.open = true)")
    _refused(page, "[name=submit-return]")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("coordinator review, return refused")

    # the declaration of interests (F-PLUS-7), refused (no answer)
    login_as(page, live_server, experts[1])
    page.goto(url + reverse("experts:evaluate", args=[world["pending"].pk]))  # asks for the declaration first
    check("declaration of interests")
    _refused(page, "#declare-interests")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("declaration of interests refused")

    # the evaluation form, refused (no decision)
    login_as(page, live_server, experts[0])
    page.goto(url + reverse("experts:evaluate", args=[world["invitation"].pk]))
    check("evaluation form")
    _refused(page, "#submit-evaluation")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("evaluation form refused")

    # «Хочу внедрить», refused, and the request page
    login_as(page, live_server, recipient)
    page.goto(url + world["published"].get_absolute_url())
    check("practice page, recipient")
    other = practice_in(PracticeState.PUBLISHED, title="Умный двор")
    page.goto(url + reverse("replication:request_create", args=[other.pk]))
    _refused(page, "#request-submit")
    found.extend(f"{page.url}: {p}" for p in _announced(page))
    check("want to implement refused")
    page.goto(url + world["request"].get_absolute_url())
    check("request page")
    login_as(page, live_server, asi_moderator)
    page.goto(url + world["request"].get_absolute_url())
    check("request page, ASI moderator")

    assert not found, "\n" + "\n".join(found)
    # the charts checked for their tables: the impact chart and the replication summary's three
    assert charts["practice page"] == 1 and charts["replication summary (charts)"] == 3, charts

    # and axe is really looking: an image without a text alternative is caught
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\">')")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}


# --- the keyboard alone (F-PLUS-11: «the site works by keyboard alone; focus is visible»)

FOCUS_RING = """() => {
    const el = document.activeElement, s = getComputedStyle(el);
    const lum = rgb => rgb.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const rgb = (s.outlineColor.match(/\\d+(\\.\\d+)?/g) || [0, 0, 0]).slice(0, 3).map(Number);
    const contrast = 1.05 / (lum(rgb) + 0.05);  // against the white page and the white gap around the ring
    return {id: el.id, tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 60),
            ring: s.outlineStyle === 'solid' && parseFloat(s.outlineWidth) >= 2 && contrast >= 3,
            outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor, contrast};
}"""


def _tab_to(page, matches, *, back=False, limit=200):
    """Press Tab (Shift+Tab with ``back``) until the focused element satisfies the JS predicate ``matches``
    (called with the element); every element passed on the way must show its focus ring."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUS_RING)
        assert focused["ring"], f"no visible focus on {focused}"
        if page.evaluate(f"() => ({matches})(document.activeElement)"):
            return focused
    raise AssertionError(f"never reached {matches}")


def test_f_plus_11_want_to_implement_by_keyboard_alone(live_server, page, shot, transactional_db, practice_in,
                                                       recipient):
    from replication.models import ReplicationRequest

    practice = practice_in(PracticeState.PUBLISHED)
    login_as(page, live_server, recipient)
    page.goto(live_server.url + practice.get_absolute_url())

    # the first Tab reaches the skip link, which shows itself and leads into the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-link"
    assert page.locator("#skip-link").bounding_box()["width"] > 20
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # on to «Хочу внедрить», its focus ring seen in a screenshot
    focused = _tab_to(page, "el => el.id === 'want-button'")
    assert focused["text"] == "Хочу внедрить"
    shot("want-button-focused")
    page.keyboard.press("Enter")
    page.locator("#request-form").wait_for()

    # sent empty: the summary takes the focus and its link leads to the field
    _tab_to(page, "el => el.id === 'request-submit'")
    page.keyboard.press("Enter")
    page.locator("#error-summary").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary").get_attribute("role") == "alert"
    assert page.locator("#id_confirms_studied").get_attribute("aria-invalid") == "true"
    assert "id_confirms_studied_error" in page.locator("#id_confirms_studied").get_attribute("aria-describedby")
    shot("want-form-error-summary")
    _tab_to(page, "el => el.matches('#error-summary a') && el.textContent.includes('Другое мероприятие')")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_event_other"

    # typed and ticked by keyboard; Shift+Tab back to the event list is on the way, too
    page.keyboard.type("Форум стратегических инициатив")
    _tab_to(page, "el => el.id === 'id_event'", back=True)
    for name in ("confirms_studied", "confirms_ready", "confirms_cooperation", "undertakes_documents"):
        _tab_to(page, f"el => el.id === 'id_{name}'")
        page.keyboard.press("Space")
    _tab_to(page, "el => el.id === 'id_comment'")
    page.keyboard.type("Готовы начать в этом году")
    _tab_to(page, "el => el.id === 'request-submit'")
    shot("want-form-filled-by-keyboard")
    page.keyboard.press("Enter")

    page.locator("#request-state").wait_for()
    assert page.locator("#request-state").inner_text() == "Хочу внедрить"
    req = ReplicationRequest.objects.get()
    assert (req.practice_id, req.recipient_id) == (practice.pk, recipient.pk)
    assert req.event_other == "Форум стратегических инициатив"
    assert req.confirms_studied and req.confirms_ready and req.confirms_cooperation and req.undertakes_documents
    assert req.comment == "Готовы начать в этом году"
    shot("request-filed")
