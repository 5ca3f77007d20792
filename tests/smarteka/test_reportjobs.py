"""Background reports (issue 18 item 4; F-REPORT-3's export): the job runs once under two simultaneous requests,
its progress reaches 100, the file is the asker's and the ASI moderator's (404 for everyone else, the status
fragment too), and expired files are removed. The Celery task runs eagerly here (smarteka/test_settings.py);
tests/smarteka/test_killed_worker.py has the suite's real-worker test."""

import datetime
import io
import threading

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from smarteka import reportjobs
from smarteka.exports import Sheet, write_xlsx
from smarteka.files.models import StoredFile
from smarteka.reportjobs import JobStatus, ReportJob
from smarteka.tasks import generate_report
from tests.replication.summary_world import YEAR, build
from tests.smarteka.test_exports import COLUMNS, ROWS

KIND = "test_report"


@pytest.fixture(autouse=True)
def _test_kind():
    calls = []

    def generate(params, target, progress):
        calls.append(params)
        for percent in (10, 50, 90):
            progress(percent)
        write_xlsx([Sheet("Лист", COLUMNS, ROWS)], target)

    reportjobs.register(KIND, label="Проверочный отчёт за {year} год", generate=generate,
                        filename="Проверка {year}.xlsx")
    yield calls
    reportjobs.KINDS.pop(KIND, None)


@pytest.mark.django_db
def test_asking_twice_returns_the_running_job(asi_moderator, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(reportjobs, "_enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        first, created = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
    second, again = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
    assert (created, again, second.pk) == (True, False, first.pk)
    assert queued == [first.pk]
    other_year, created = reportjobs.request_job(KIND, {"year": 2024}, by=asi_moderator)
    assert created and other_year.pk != first.pk


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_make_one_job_and_one_run(asi_moderator, monkeypatch, _test_kind):
    queued = []
    monkeypatch.setattr(reportjobs, "_enqueue", queued.append)  # the worker has not picked it up yet
    barrier = threading.Barrier(2)
    got = [None, None]

    def ask(i):
        try:
            barrier.wait(timeout=10)
            got[i] = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert got[0][0].pk == got[1][0].pk and sorted(created for _job, created in got) == [False, True]
    assert ReportJob.objects.count() == 1 and queued == [got[0][0].pk]
    # the task delivered twice (acks_late redelivery, a double enqueue) generates once
    assert generate_report(queued[0]) == JobStatus.READY
    assert generate_report(queued[0]) is None
    assert len(_test_kind) == 1
    job = ReportJob.objects.get()
    assert (job.status, job.progress) == (JobStatus.READY, 100)
    StoredFile.objects.all().delete()


@pytest.mark.django_db
def test_progress_is_written_and_reaches_100(asi_moderator, monkeypatch, django_capture_on_commit_callbacks):
    seen = []
    original = reportjobs._set_progress

    def spy(job, percent):
        original(job, percent)
        seen.append(ReportJob.objects.get(pk=job.pk).progress)

    monkeypatch.setattr(reportjobs, "_set_progress", spy)
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
    job.refresh_from_db()
    assert seen == [10, 50, 90]
    assert (job.status, job.progress, job.file.original_name) == (JobStatus.READY, 100, "Проверка 2025.xlsx")
    assert job.expires_at - job.finished_at == datetime.timedelta(days=reportjobs.KEEP_DAYS)
    assert not job.file.is_public


@pytest.mark.django_db
def test_a_failing_report_says_so(asi_moderator):
    def broken(params, target, progress):
        raise RuntimeError("нет данных")

    reportjobs.register("broken", label="Сломанный", generate=broken)
    try:
        job = ReportJob.objects.create(kind="broken", params={}, params_key="x", requested_by=asi_moderator)
        assert reportjobs.run_job(job.pk) == JobStatus.FAILED
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and "нет данных" in job.error
    finally:
        reportjobs.KINDS.pop("broken")


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_taken_over(asi_moderator):
    job = ReportJob.objects.create(kind=KIND, params={"year": 1}, params_key="k", requested_by=asi_moderator,
                                   status=JobStatus.RUNNING)
    assert reportjobs.run_job(job.pk) is None  # a live worker may be on it
    ReportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=30))
    assert reportjobs.run_job(job.pk) == JobStatus.READY


@pytest.fixture
def summary_world(author, region_a, region_b, recipient, category_a, category_b):
    from tests import factories

    author_b = factories.UserFactory(email="author-b@example.ru", region=region_b)
    recipient_a = factories.UserFactory(email="recipient-a@example.ru", region=region_a)
    return build(author, author_b, recipient, recipient_a, region_a, region_b, category_a, category_b)


@pytest.mark.django_db
def test_f_report_3_export_runs_in_the_background_and_the_file_is_private(
        client, summary_world, expert_moderator, expert_moderator_of_other_category, asi_moderator, coordinator,
        django_capture_on_commit_callbacks):
    with time_machine.travel("2026-06-15 10:00 +0300", tick=False):
        client.force_login(expert_moderator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("replication:summary_export"), {"year": YEAR})
        job = ReportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        page = client.get(job.get_absolute_url())
        html = page.content.decode()
        assert "Сводка об итогах тиражирования практик за 2025 год" in html
        assert 'value="100"' in html and "Готов" in html and 'id="report-job-download"' in html
        assert "report_job_status" not in html and "/status/" not in html  # finished: no more polling
        download = reverse("files:download", args=[job.file_id])
        assert download in html
        data = client.get(download)
        assert data.status_code == 200
        assert data["Content-Disposition"] == ("attachment; filename*=utf-8''%D0%98%D1%82%D0%BE%D0%B3%D0%B8%20%D1%82%D0%B8"
                                               "%D1%80%D0%B0%D0%B6%D0%B8%D1%80%D0%BE%D0%B2%D0%B0%D0%BD%D0%B8%D1%8F%202025"
                                               ".xlsx")
        book = openpyxl.load_workbook(io.BytesIO(b"".join(data.streaming_content)))
        assert "Практики" in book.sheetnames
        assert book["Воронка"]["B2"].value == 6
        # the ASI moderator sees it too; another expert-moderator and a coordinator get 404 everywhere
        client.force_login(asi_moderator)
        for url in (job.get_absolute_url(), reverse("report_job_status", args=[job.pk]), download):
            assert client.get(url).status_code == 200
        for other in (expert_moderator_of_other_category, coordinator):
            client.force_login(other)
            for url in (job.get_absolute_url(), reverse("report_job_status", args=[job.pk]), download):
                assert client.get(url).status_code == 404, (other, url)
        client.logout()
        assert client.get(job.get_absolute_url()).status_code == 302


@pytest.mark.django_db
def test_the_status_fragment_polls_while_the_job_runs(client, asi_moderator, monkeypatch):
    monkeypatch.setattr(reportjobs, "_enqueue", lambda pk: None)
    job, _ = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40)
    client.force_login(asi_moderator)
    html = client.get(reverse("report_job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html and "Формируется" in html
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="report-job-refresh"' in page  # without JavaScript: a refresh link


@pytest.mark.django_db
def test_expired_report_files_are_removed(asi_moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = reportjobs.request_job(KIND, {"year": 2025}, by=asi_moderator)
    job.refresh_from_db()
    stored = job.file
    storage, name = stored.file.storage, stored.file.name
    assert storage.exists(name)
    assert reportjobs.cleanup_expired(now=job.expires_at - datetime.timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reportjobs.cleanup_expired(now=job.expires_at + datetime.timedelta(minutes=1)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and job.file is None
    assert not StoredFile.objects.filter(pk=stored.pk).exists() and not storage.exists(name)
    assert reportjobs.cleanup_expired(now=job.expires_at + datetime.timedelta(days=1)) == 0  # idempotent


def test_the_cleanup_is_scheduled_and_the_tasks_go_to_the_reports_queue(settings):
    from smarteka import tasks

    assert tasks.beat_schedule["reportjobs.cleanup"]["task"] == "reportjobs.cleanup"
    assert settings.CELERY_TASK_ROUTES["reportjobs.*"] == {"queue": "reports"}
