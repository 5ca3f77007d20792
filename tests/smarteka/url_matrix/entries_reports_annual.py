"""Matrix rows of the annual replication summary (F-REPORT-3) and the background report jobs (issue 18 items 3–5).
See the package docstring for the form of a row.

The job is expert_moderator's (category A): the job page, its status fragment and its file answer to the asker
and the ASI moderator (``view_report_job``), 404 to everyone else — expert_moderator_b included."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from smarteka.permissions import can
from tests.smarteka.url_matrix.expect import LOGIN, OK, POST_ONLY, E, custom, rules


def _job(w):
    from smarteka.reportjobs import JobStatus, ReportJob, params_key

    params = {"year": 2000}
    job, _ = ReportJob.objects.get_or_create(
        kind="replication_annual", params_key=params_key(params), requested_by=w("expert_moderator"),
        defaults={"params": params, "status": JobStatus.READY, "progress": 100, "finished_at": timezone.now(),
                  "expires_at": timezone.now() + datetime.timedelta(days=7)})
    return job


def _job_file(w):
    from django.contrib.contenttypes.models import ContentType

    from smarteka.files.models import StoredFile
    from smarteka.reportjobs import ReportJob

    job = _job(w)
    if job.file_id is None:
        stored = StoredFile(original_name="Итоги тиражирования 2000.xlsx", content_type="application/zip",
                            file_format="xlsx", extension=".xlsx", size=4, sha256="0" * 64,
                            uploaded_by=job.requested_by, kind="report",
                            owner_type=ContentType.objects.get_for_model(ReportJob), owner_id=job.pk)
        stored.file.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        stored.save()
        ReportJob.objects.filter(pk=job.pk).update(file=stored)
        return stored
    return job.file


def _download(user, w):
    if can(user, "download_file", _job_file(w)):
        return OK
    return LOGIN if user is None else 404


ENTRIES = [
    # F-REPORT-3 (5.3.5): the Agency's summary — the ASI moderator and the expert-moderators
    E("replication:summary", get=rules(may=("view_replication_summary", None))),
    E("replication:summary_export", get=POST_ONLY, post=rules(may=("view_replication_summary", None), ok=(302,)),
      data=lambda w: {"year": timezone.localdate().year}),
    # issue 18 item 4: the job, its status and its file are the asker's and the ASI moderator's
    E("report_job", lambda w: {"pk": _job(w).pk}, get=rules(see=("view_report_job", _job))),
    E("report_job_status", lambda w: {"pk": _job(w).pk}, get=rules(see=("view_report_job", _job))),
    E("files:download", lambda w: {"pk": _job_file(w).pk}, get=custom(_download), variant="background report"),
]
