"""F-REPORT-3 in a browser (issue 18, «Must show»; regulation 5.3.5): the ASI moderator opens the annual replication
summary from the menu, picks 2025 — the charts are drawn (funnel, months, federal districts) with their tables —,
starts the XLSX export, watches the progress bar fill (htmx polls the status fragment while a background thread
plays the Celery worker) and downloads the file, which opens with every table."""

import threading
import time

import openpyxl
import pytest

from smarteka import reportjobs
from tests import factories
from tests.e2e.helpers import login_as
from tests.replication.summary_world import YEAR, build


@pytest.fixture
def slow_worker(monkeypatch):
    """The «reports» worker, slowed down so the bar is seen moving: it starts a second after the request and
    reports progress as the real task does."""
    from django.db import connection

    original = reportjobs._set_progress

    def paced(job, percent):
        original(job, percent)
        time.sleep(0.3)

    def work(pk):
        try:
            time.sleep(1)
            reportjobs.run_job(pk)
        finally:
            connection.close()

    monkeypatch.setattr(reportjobs, "_set_progress", paced)
    monkeypatch.setattr(reportjobs, "_enqueue", lambda pk: threading.Thread(target=work, args=(pk,)).start())


def test_f_report_3_annual_summary_charts_export_progress_and_download(
        live_server, page, shot, transactional_db, author, recipient, region_a, region_b, category_a, category_b,
        asi_moderator, slow_worker, tmp_path):
    author_b = factories.UserFactory(email="author-b@example.ru", region=region_b)
    recipient_a = factories.UserFactory(email="recipient-a@example.ru", region=region_a)
    build(author, author_b, recipient, recipient_a, region_a, region_b, category_a, category_b)
    login_as(page, live_server, asi_moderator)

    # the menu leads to the summary of the current year; the picker gives 2025
    page.goto(f"{live_server.url}/")
    page.click("#nav-replication")
    page.click("#nav-replication-summary")
    page.wait_for_load_state()
    page.select_option("#summary-year", str(YEAR))
    page.locator("#summary-year-form").get_by_role("button", name="Показать").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Итоги тиражирования практик за {YEAR} год"
    # Chart.js drew on every canvas (a blank canvas has no pixels set)
    for canvas in ("#chart-funnel", "#chart-months", "#chart-districts"):
        page.wait_for_function("id => window.Chart && Chart.getChart(document.querySelector(id))", arg=canvas)
    assert page.locator("#table-funnel tbody tr").nth(3).inner_text().split() == ["Внедрено", "2"]
    assert "Итого" in page.locator("#table-categories tfoot").inner_text()
    decision = page.locator("#table-practices tr", has_text="МФЦ для бизнеса").locator(".decision")
    assert decision.get_by_role("link", name="Запросить актуализацию").is_visible()
    shot("summary-2025")

    # the export: the job page with its bar, filled by the worker while htmx polls
    page.click("#summary-export")
    page.wait_for_load_state()
    assert "Сводка об итогах тиражирования практик за 2025 год" in page.locator("h1").inner_text()
    assert page.locator("#report-job-state").inner_text() in ("В очереди", "Формируется")
    shot("export-queued")
    page.wait_for_function("() => Number(document.querySelector('#report-job-bar').value) > 0", timeout=15000)
    shot("export-in-progress")
    page.locator("#report-job-download").wait_for(timeout=30000)
    assert page.locator("#report-job-bar").get_attribute("value") == "100"
    assert page.locator("#report-job-state").inner_text() == "Готов"
    shot("export-ready")
    with page.expect_download() as info:
        page.click("#report-job-download")
    target = tmp_path / "summary.xlsx"
    info.value.save_as(target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Воронка", "По месяцам", "Категории", "Регионы-реципиенты", "Регионы-авторы",
                               "Федеральные округа", "Практики"]
    assert book["Воронка"]["B2"].value == 6
