"""Issue 15 item 2: the Content-Security-Policy is enforced (not report-only) and no page breaks it.

The policy of smarteka/settings.py (scripts and styles only from our static files, no 'unsafe-inline') is
the one the test server sends. Each role opens its main pages and uses what their scripts do (htmx
filters, the role form's scope fields, a select that sends its form); every ``securitypolicyviolation``
event and every console message about the policy is collected, and there must be none. An inline script,
an on*= handler or a style="…" attribute left in a template fails here."""

import pytest
from django.urls import reverse

from practices.models import PracticeState
from tests.e2e.helpers import htmx_idle, login_as

REPORT = """document.addEventListener("securitypolicyviolation", function (e) {
  window.reportCsp([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});"""


@pytest.fixture
def csp_violations(page):
    violations = []
    page.expose_function("reportCsp", lambda text: violations.append(text))
    page.add_init_script(REPORT)
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def visit(page, live_server, path, violations):
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
    assert "unsafe-inline" not in policy and "content-security-policy-report-only" not in response.headers
    page.wait_for_load_state("networkidle")
    assert violations == [], (path, violations)


def test_an_inline_script_is_refused_and_seen(live_server, page, csp_violations, db):
    """The detector works: an inline script and an inline style are refused by the browser and reported."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.appendChild(s);
                             const d = document.createElement("div"); d.innerHTML = '<p style="color:red">x</p>';
                             document.body.appendChild(d); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ran") is None
    assert any("script-src" in v for v in csp_violations)
    assert any("style-src" in v for v in csp_violations)


def test_chartjs_and_bootstrap_work_under_the_policy(live_server, page, csp_violations, db):
    """Chart.js and Bootstrap style elements through the CSSOM (element.style), which the policy allows."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.add_script_tag(url="/static/vendor/chartjs/chart.umd.min.js")  # our own file: allowed by script-src
    page.evaluate("""() => { const c = document.createElement("canvas"); c.id = "probe-chart";
                             document.querySelector("main").appendChild(c);
                             new Chart(c, {type: "bar", data: {labels: ["а", "б"],
                                           datasets: [{label: "практики", data: [3, 5]}]},
                                           options: {animation: false, responsive: true}}); }""")
    assert page.locator("#probe-chart").evaluate("c => c.width") > 0
    page.set_viewport_size({"width": 600, "height": 900})  # the collapsed menu: Bootstrap's collapse animates
    page.locator(".navbar-toggler").click()
    page.locator("#mainnav.show").wait_for()
    page.wait_for_timeout(300)
    assert csp_violations == []


def test_public_pages_keep_the_policy(live_server, page, shot, csp_violations, transactional_db, practice_in,
                                      region_a):
    practice = practice_in(PracticeState.PUBLISHED)
    for path in ["/", reverse("practices:knowledge_base"), reverse("practices:detail", args=[practice.pk]),
                 reverse("regions:list"), reverse("regions:detail", args=[region_a.slug]),
                 reverse("accounts:login"), reverse("accounts:register"), reverse("help:index")]:
        visit(page, live_server, path, csp_violations)
    visit(page, live_server, reverse("practices:catalogue"), csp_violations)
    page.locator("#facet-category input[type=checkbox]").first.check()  # an htmx request with its indicator
    page.wait_for_function("() => window.location.search.includes('category=')")
    htmx_idle(page)
    assert page.locator("#results .practice-card").count() == 1
    shot("catalogue-filtered")
    visit(page, live_server, reverse("practices:digest"), csp_violations)
    months = page.locator("select[name=month] option")
    if months.count() > 1:  # the month select sends its form by itself (data-autosubmit)
        value = months.nth(1).get_attribute("value")
        page.locator("select[name=month]").select_option(value)
        page.wait_for_url(lambda url: f"month={value}" in url)
    assert csp_violations == []


def test_pages_of_each_role_keep_the_policy(live_server, page, shot, csp_violations, transactional_db,
                                            practice_in, author, coordinator, asi_moderator, expert_moderator,
                                            region_a):
    draft = practice_in(PracticeState.DRAFT)
    practice_in(PracticeState.REGIONAL_REVIEW, title="Открытый регион")
    login_as(page, live_server, author)
    visit(page, live_server, "/", csp_violations)
    page.click("#nav-profile")  # a Bootstrap dropdown (Popper positions it through element.style)
    page.locator("#nav-logout").wait_for()
    for path in [reverse("cabinet"), reverse("practices:my"), reverse("practices:edit_section", args=[draft.pk, "about"]),
                 reverse("practices:preview", args=[draft.pk]), reverse("practices:team", args=[draft.pk]),
                 reverse("practices:materials", args=[draft.pk]), reverse("accounts:profile"),
                 reverse("accounts:profile_edit"), reverse("notifications:list")]:
        visit(page, live_server, path, csp_violations)
    page.goto(live_server.url + reverse("practices:edit_section", args=[draft.pk, "about"]))
    page.get_by_role("button", name="Сохранить черновик").click()  # htmx save with «Сохраняем…»
    htmx_idle(page)
    shot("author-section-saved")

    login_as(page, live_server, coordinator)
    for path in [reverse("cabinet"), reverse("validation:queue"), reverse("regions:team_edit", args=[region_a.slug])]:
        visit(page, live_server, path, csp_violations)

    login_as(page, live_server, expert_moderator)
    for path in [reverse("cabinet"), reverse("validation:queue")]:
        visit(page, live_server, path, csp_violations)

    login_as(page, live_server, asi_moderator)
    for path in [reverse("cabinet"), reverse("validation:queue"), reverse("roles:list"),
                 reverse("archiving:audit")]:
        visit(page, live_server, path, csp_violations)
    visit(page, live_server, reverse("roles:grant"), csp_violations)
    region_box = page.locator("#grant-role-form [data-scope=region]")
    category_box = page.locator("#grant-role-form [data-scope=category]")
    page.locator("#id_role").select_option("coordinator")  # static/js/roles-grant.js shows the region only
    assert region_box.is_visible() and not category_box.is_visible()
    page.locator("#id_role").select_option("expert_moderator")
    assert category_box.is_visible() and not region_box.is_visible()
    shot("grant-role-scope")
    assert csp_violations == []
