"""F-REPORT-1 in chromium: the coordinator opens their region's dashboard from the header (practices by state,
deadlines with working days left, requests in and out, leader status) and follows a count to its list; the
ASI moderator opens the country view, sorts it by a column and picks a region."""

import datetime
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from practices.services import REVISION_DEADLINE_KIND
from regions.models import LeaderReason, LeaderRegistryEntry, Region
from replication.models import ReplicationRequest
from smarteka.deadlines.services import open_deadline
from smarteka.roles.models import Role
from smarteka.workcalendar.services import add_working_days
from tests import factories
from tests.e2e.helpers import login_as
from tests.e2e.test_csp import REPORT


def _practice(author, state, title, region=None):
    return factories.published_practice(author, state=state, title=title, region=region or author.region)


def _request(practice, recipient, region, state):
    req = ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=region)
    ReplicationRequest.objects.filter(pk=req.pk).update(state=state)
    return req


def test_f_report_1_dashboard_and_country_view_in_browser(live_server, page, shot, transactional_db,
                                                         production_calendar):
    import_module("regions.migrations.0004_seed_regions").seed(apps, None)
    amur, tatarstan = Region.objects.get(code="28"), Region.objects.get(code="16")
    coordinator = factories.UserFactory(email="coord-dash@example.ru", region=amur, first_name="Ольга")
    factories.grant(coordinator, Role.COORDINATOR, region=amur)
    asi = factories.UserFactory(email="asi-dash@example.ru", region=None, first_name="Анна")
    factories.grant(asi, Role.ASI_MODERATOR)
    author = factories.UserFactory(email="author-dash@example.ru", region=amur)
    author_b = factories.UserFactory(email="author-b-dash@example.ru", region=tatarstan)
    recipient_b = factories.UserFactory(email="recipient-dash@example.ru", region=tatarstan)

    published = [_practice(author, "published", title) for title in
                 ("Бережливая поликлиника", "Электронная очередь в детский сад", "Проектный офис муниципалитета")]
    _practice(author, "archived", "Старый портал услуг")
    for title in ("Школьный автобус", "Народный бюджет", "Цифровой двойник региона", "Доступная среда"):
        _practice(author, "regional_review", title)
    revision = _practice(author, "revision", "Кадровый резерв")
    _practice(author, "expert_review", "Единое окно для инвестора")
    foreign = _practice(author_b, "published", "Татарстанский технопарк")
    _request(published[0], recipient_b, tatarstan, "requested")
    _request(published[1], recipient_b, tatarstan, "in_progress")
    _request(foreign, author, amur, "assigned")
    today = timezone.localdate()
    open_deadline(revision, REVISION_DEADLINE_KIND, due_on=add_working_days(today, 3), assignees=[author])
    overdue = open_deadline(published[2], REVISION_DEADLINE_KIND, starts_on=today - datetime.timedelta(days=20),
                            due_on=today - datetime.timedelta(days=7), assignees=[author])
    overdue.state = "overdue"
    overdue.save()
    LeaderRegistryEntry.objects.create(region=amur, year=today.year, reason=LeaderReason.QOL_TOP10,
                                       direction="Здоровье и долголетие")

    # the strict CSP (issue 15 item 2): no violation on these pages either
    violations = []
    page.expose_function("reportCsp", lambda text: violations.append(text))
    page.add_init_script(REPORT)
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    # the coordinator: from the header to the dashboard
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + "/cabinet/")
    page.locator("#nav-dashboard").click()
    assert page.get_by_role("heading", name="Сводка по региону: Амурская область").is_visible()
    assert page.locator('tr[data-state="regional_review"] .dashboard-count').inner_text() == "4"
    assert page.locator('tr[data-state="published"] .dashboard-count').inner_text() == "3"
    assert page.get_by_text("Регион-лидер").first.is_visible()
    assert page.locator(".dashboard-days").filter(has_text="осталось 3 рабочих дня").is_visible()
    assert page.locator(".dashboard-days").filter(has_text="просрочено на").is_visible()
    assert page.locator("#dashboard-incoming .dashboard-request").count() == 2
    assert page.locator("#dashboard-outgoing .dashboard-request").count() == 1
    shot("coordinator-dashboard")
    page.locator('tr[data-state="regional_review"] .dashboard-count').click()
    assert page.get_by_text("Показаны практики со статусом «Подтверждение регионом»").is_visible()
    assert page.locator("#region-in-work li").count() == 4
    shot("coordinator-filtered-list")

    # the ASI moderator: every region side by side, sorted by a column, then one region
    login_as(page, live_server, asi)
    page.goto(live_server.url + "/cabinet/")
    page.locator("#nav-dashboard").click()
    assert page.get_by_role("heading", name="Сводка по регионам").is_visible()
    assert page.locator("tr.dashboard-region").count() == Region.objects.count()
    shot("country-view")
    page.locator('a.dashboard-sort[data-column="published"]').click()
    first = page.locator("tr.dashboard-region").first
    assert first.get_attribute("data-region") == amur.slug
    assert page.locator('th[aria-sort="descending"]').inner_text().strip().endswith("Опубликовано")
    shot("country-view-sorted-by-published")
    page.get_by_label("Регион").select_option(tatarstan.slug)
    page.get_by_role("button", name="Показать").click()
    assert page.get_by_role("heading", name="Сводка по региону: Республика Татарстан").is_visible()
    assert page.locator("#dashboard-outgoing .dashboard-request").count() == 2
    shot("asi-region-dashboard")
    assert violations == []
