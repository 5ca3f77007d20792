"""Long reports generated in the background (issue 18 item 4; F-REPORT-3): a ``ReportJob`` row per request,
the Celery task ``reportjobs.generate`` on the «reports» queue that writes the file and its progress, a page
with a progress bar (htmx polls the status fragment; without JS a refresh link) and the download.

The owning app registers a report kind in its ``AppConfig.ready()`` (a lower app offers the hook, the higher
one fills it): ``register(kind, label=..., generate=..., back=...)`` where ``generate(params, target,
progress)`` writes the file into ``target`` (a binary file) and calls ``progress(percent)`` as it goes.

Choices (the regulation is silent):

* the file is private to whoever asked and to the ASI moderator (the Agency's division that coordinates the
  platform, 4.2.1.3); anyone else gets 404 — the job page, the status fragment and the file alike;
* kept ``KEEP_DAYS`` = 7 days after it is ready, then ``cleanup_expired`` (daily, beat entry in
  smarteka/tasks.py) deletes the bytes and the stored file and marks the job «Срок хранения истёк»;
* asking twice at once for the same report (kind, parameters, same person) does not run it twice: a partial
  unique constraint admits one pending or running job per key, the second request gets the running one;
* a job whose worker died mid-way (no progress for ``STALE_MINUTES``) is taken over by the redelivered task
  (``CELERY_TASK_ACKS_LATE``), so a rerun finishes it; a ready job is never generated again.
"""

import datetime
import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from smarteka.files.models import StoredFile
from smarteka.permissions import can, has_role, rule
from smarteka.roles.models import Role

log = logging.getLogger(__name__)

KEEP_DAYS = 7
STALE_MINUTES = 10
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the registry of report kinds (filled by the owning apps' AppConfig.ready())


@dataclass(frozen=True)
class ReportKind:
    kind: str
    label: str  # «Сводка об итогах тиражирования за {year} год»: formatted with the params
    generate: object  # generate(params, target, progress) -> None
    back: object = None  # back(params) -> (label, url) of the report's page, for the breadcrumbs
    filename: str = "report.xlsx"  # formatted with the params
    content_type: str = XLSX_CONTENT_TYPE


KINDS = {}


def register(kind, *, label, generate, back=None, filename="report.xlsx", content_type=XLSX_CONTENT_TYPE):
    KINDS[kind] = ReportKind(kind, label, generate, back, filename, content_type)


def kind_of(job):
    return KINDS.get(job.kind)


# --- the model


class JobStatus(models.TextChoices):
    PENDING = "pending", "В очереди"
    RUNNING = "running", "Формируется"
    READY = "ready", "Готов"
    FAILED = "failed", "Ошибка"
    EXPIRED = "expired", "Срок хранения истёк"


ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


def params_key(params):
    """The same parameters give the same key whatever their order (the dedup constraint compares it)."""
    return hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ReportJob(models.Model):
    """One report asked for by one user, generated in the background (issue 18 item 4)."""

    kind = models.CharField("Вид отчёта", max_length=50)
    params = models.JSONField("Параметры", default=dict)
    params_key = models.CharField("Ключ параметров", max_length=64)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто запросил",
                                     on_delete=models.CASCADE, related_name="+")
    status = models.CharField("Статус", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField("Готовность, %", default=0)
    file = models.ForeignKey("files.StoredFile", verbose_name="Файл", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    error = models.TextField("Ошибка", blank=True)
    created_at = models.DateTimeField("Запрошен", default=timezone.now)
    updated_at = models.DateTimeField("Изменён", auto_now=True)
    finished_at = models.DateTimeField("Готов", null=True, blank=True)
    expires_at = models.DateTimeField("Хранится до", null=True, blank=True, db_index=True)

    class Meta:
        app_label = "smarteka"
        ordering = ["-created_at"]
        verbose_name = "отчёт в фоне"
        verbose_name_plural = "отчёты в фоне"
        constraints = [
            models.UniqueConstraint(fields=["kind", "params_key", "requested_by"],
                                    condition=Q(status__in=["pending", "running"]), name="reportjob_one_active"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("report_job", args=[self.pk])

    @property
    def title(self):
        kind = kind_of(self)
        return kind.label.format(**self.params) if kind else self.kind

    @property
    def is_active(self):
        return self.status in ACTIVE


# --- rules


def _logged_in(user):
    return user is not None and user.is_authenticated


@rule("view_report_job")
def view_report_job(user, job):
    """Issue 18 item 4: the job, its progress and its file — whoever asked and the ASI moderator; others 404."""
    return (_logged_in(user) and job is not None
            and (job.requested_by_id == user.pk or has_role(user, Role.ASI_MODERATOR)))


@rule("download_file:smarteka.reportjob")
def download_report_file(user, stored_file):
    """The file of a job through ``files:download``: the same people as the job."""
    if stored_file is None or not stored_file.owner_id:
        return False
    job = ReportJob.objects.filter(pk=stored_file.owner_id).first()
    return view_report_job(user, job)


# --- services


def request_job(kind, params, *, by):
    """Ask for a report; returns ``(job, created)``. A pending or running job of the same kind, parameters and
    person is returned instead of a new one (the partial unique constraint settles a race: the loser of the
    insert reads the winner's job). The task starts once the row is committed."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    key = params_key(params)
    active = ReportJob.objects.filter(kind=kind, params_key=key, requested_by=by, status__in=ACTIVE)
    job = active.first()
    if job is not None:
        return job, False
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(kind=kind, params=params, params_key=key, requested_by=by)
    except IntegrityError:
        job = active.first()
        if job is None:  # the other one finished between the insert and the read: ask again
            return request_job(kind, params, by=by)
        return job, False
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job, True


def _enqueue(job_pk):
    generate_report.delay(job_pk)


def _claim(job_pk):
    """Take the job for this worker: a pending one, or a running one nobody has moved for STALE_MINUTES (its
    worker died). Returns the job or None (someone else runs it, or it is finished)."""
    stale = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=job_pk).first()
        if job is None:
            return None
        if not (job.status == JobStatus.PENDING or (job.status == JobStatus.RUNNING and job.updated_at < stale)):
            return None
        job.status, job.progress = JobStatus.RUNNING, 0
        job.save(update_fields=["status", "progress", "updated_at"])
    return job


def _set_progress(job, percent):
    percent = max(0, min(99, int(percent)))  # 100 only with the file stored
    if percent != job.progress:
        job.progress = percent
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, updated_at=timezone.now())


def _store(job, handle, kind):
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    name = kind.filename.format(**job.params)
    stored = StoredFile(original_name=name, content_type=kind.content_type, file_format="xlsx",
                        extension=".xlsx", size=size, sha256=digest.hexdigest(), uploaded_by=job.requested_by,
                        is_public=False, kind="report",
                        owner_type=ContentType.objects.get_for_model(ReportJob), owner_id=job.pk)
    stored.file.save(f"report{stored.extension}", File(handle), save=False)
    stored.save(force_insert=True)
    return stored


def run_job(job_pk):
    """The body of the task: claim, generate into a temporary file, store it privately, mark it ready.
    Returns the job's status. Run twice: the second run finds the job taken or finished and does nothing."""
    job = _claim(job_pk)
    if job is None:
        return None
    kind = kind_of(job)
    try:
        with tempfile.TemporaryFile() as handle:
            kind.generate(job.params, handle, lambda percent: _set_progress(job, percent))
            with transaction.atomic():
                stored = _store(job, handle, kind)
                now = timezone.now()
                job.file, job.status, job.progress = stored, JobStatus.READY, 100
                job.finished_at, job.expires_at = now, now + datetime.timedelta(days=KEEP_DAYS)
                job.save(update_fields=["file", "status", "progress", "finished_at", "expires_at", "updated_at"])
    except Exception as exc:  # the user sees «Ошибка» instead of a bar stuck forever
        log.exception("report job %s failed", job_pk)
        ReportJob.objects.filter(pk=job_pk).update(status=JobStatus.FAILED, error=str(exc)[:1000],
                                                   finished_at=timezone.now())
        return JobStatus.FAILED
    return job.status


def cleanup_expired(now=None):
    """Delete the files of jobs past ``expires_at`` and mark them expired; returns how many. Idempotent."""
    now = now or timezone.now()
    removed = 0
    for pk in ReportJob.objects.filter(expires_at__lt=now).exclude(status=JobStatus.EXPIRED).values_list("pk",
                                                                                                         flat=True):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update(of=("self",)).select_related("file").filter(pk=pk).first()
            if job is None or job.status == JobStatus.EXPIRED:
                continue
            stored = job.file
            job.file, job.status = None, JobStatus.EXPIRED
            job.save(update_fields=["file", "status", "updated_at"])
            if stored is not None:
                name, storage = stored.file.name, stored.file.storage
                stored.delete()
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            removed += 1
    return removed


# --- the tasks (queue «reports»: CELERY_TASK_ROUTES «reportjobs.*»; the beat entry is in smarteka/tasks.py)


@shared_task(name="reportjobs.generate", acks_late=True)
def generate_report(job_pk):
    """Generate a background report. Idempotent: a job already taken or finished is left alone; a job whose
    worker died is taken over (``run_job``)."""
    return run_job(job_pk)


@shared_task(name="reportjobs.cleanup", acks_late=True)
def cleanup_reports():
    """Delete the report files kept past ``KEEP_DAYS`` (7 days). Idempotent."""
    return cleanup_expired()


# --- pages


def _job_for(request, pk):
    job = get_object_or_404(ReportJob.objects.select_related("file"), pk=pk)
    if not can(request.user, "view_report_job", job):
        raise Http404("Отчёт не найден.")
    return job


def _context(job):
    kind = kind_of(job)
    back = kind.back(job.params) if kind and kind.back else None
    return {"job": job, "back": back, "keep_days": KEEP_DAYS}


@login_required
@require_safe
def job_page(request, pk):
    """The job's page: what was asked, the progress bar (htmx polls ``report_job_status``), the file."""
    job = _job_for(request, pk)
    return render(request, "smarteka/reportjobs/job.html", _context(job))


@login_required
@require_safe
def job_status(request, pk):
    """The status fragment the page polls (a whole page would do as well: it is also a plain GET)."""
    job = _job_for(request, pk)
    return render(request, "smarteka/reportjobs/_status.html", _context(job))
