"""F-REPORT-2 in chromium: the Amur coordinator opens the region's quarterly report from the region page, downloads
the XLSX (opened with openpyxl), confirms sending it; the ASI moderator sees the region confirmed among all
regions. Real time (a session cookie would expire under a travelled clock): the last finished quarter."""

import datetime
from importlib import import_module

from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

from practices.models import Category
from regions.models import QuarterlyReport, Region
from regions.quarterly import Quarter
from replication.models import ReplicationRequest
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_as


def _in_quarter(quarter, days):
    return timezone.make_aware(datetime.datetime.combine(quarter.first_day + datetime.timedelta(days=days),
                                                         datetime.time(12, 0)))


def test_F_REPORT_2_quarterly_report_in_browser(live_server, page, shot, dialogs, tmp_path):
    if not Region.objects.filter(code="28").exists():  # a flushed database: put the reference data back
        import_module("regions.migrations.0004_seed_regions").seed(apps, None)
    amur, tatarstan = Region.objects.get(code="28"), Region.objects.get(code="16")
    quarter = Quarter.last_finished()
    coordinator = factories.UserFactory(email="coord-q@example.ru", region=amur, last_name="Координатова")
    factories.grant(coordinator, Role.COORDINATOR, region=amur)
    asi = factories.UserFactory(email="asi-q@example.ru", region=None)
    factories.grant(asi, Role.ASI_MODERATOR)
    education = Category.objects.filter(slug="obrazovanie").order_by("-category_set__is_current").last()
    factories.published_practice(coordinator, title="Школьная медиация", category=education,
                                 published_at=_in_quarter(quarter, 10))
    other = factories.UserFactory(email="author-q@example.ru", region=tatarstan)
    theirs = factories.published_practice(other, title="Летние лагеря", category=education,
                                          published_at=_in_quarter(quarter.previous(), 3))
    recipient = factories.UserFactory(email="orlova-q@example.ru", region=amur, last_name="Орлова",
                                      first_name="Мария", position="Заместитель министра образования")
    req = ReplicationRequest.objects.create(practice=theirs, recipient=recipient, recipient_region=amur,
                                            expected_effects="Охват 1000 детей")
    ReplicationRequest.objects.filter(pk=req.pk).update(state="in_progress", started_at=_in_quarter(quarter, 20))

    login_as(page, live_server, coordinator)
    page.goto(live_server.url + amur.get_absolute_url())
    page.get_by_role("link", name="Квартальный отчёт").click()
    assert page.get_by_role("heading", name=f"Квартальный отчёт: Амурская область, {quarter.label}").is_visible()
    assert page.get_by_role("link", name="Школьная медиация").is_visible()
    assert page.get_by_role("link", name="Летние лагеря").is_visible()
    assert page.get_by_text("Планируемый: Охват 1000 детей").is_visible()
    shot("quarterly-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать XLSX").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.name == f"kvartalnyy-otchet-amurskaya-oblast-{quarter.slug}.xlsx"
    book = load_workbook(path)
    placed = [row for row in book["Размещённые практики"].iter_rows(values_only=True)]
    assert placed[1][2] == "Школьная медиация" and placed[-1][:3] == ("Итого", None, 1)
    adopting = [row for row in book["Внедряемые практики"].iter_rows(values_only=True)]
    assert adopting[1][2] == "Летние лагеря" and adopting[1][7].startswith("Орлова Мария")
    assert adopting[1][0] == "Министерство образования и науки Амурской области"
    assert QuarterlyReport.objects.get(region=amur, year=quarter.year, quarter=quarter.number).first_downloaded_at

    page.reload()
    page.get_by_role("button", name="Подтвердить отправку отчёта").click()
    assert page.get_by_text(f"Отправка отчёта за {quarter.label} подтверждена.").is_visible()
    assert dialogs and "Амурская область" in dialogs[-1]
    shot("quarterly-report-confirmed")

    login_as(page, live_server, asi)
    page.goto(live_server.url + "/regions/quarterly-reports/")
    page.get_by_role("link", name="Состояние").click()
    first_row = page.locator("tr.status-row").first
    assert "Амурская область" in first_row.inner_text() and "Подтверждён" in first_row.inner_text()
    shot("quarterly-status-asi")
