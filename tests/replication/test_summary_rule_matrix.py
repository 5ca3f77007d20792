"""The rules of the annual replication summary (F-REPORT-3, 5.3.5) and of the background report jobs (issue 18
items 4, 5) × every named user (STYLE 8, F-ROLE-1): the summary is the Agency's (the ASI moderator and the
expert-moderators, any category); a job and its file are the asker's and the ASI moderator's only — another
expert-moderator, a coordinator of any region and everyone else are refused.

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from smarteka.files.models import StoredFile
from smarteka.permissions import can
from smarteka.reportjobs import JobStatus, ReportJob

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "partner", "outsider", "anonymous"]


@pytest.fixture
def expert(experts):
    return experts[0]


def _job_of(name):
    def build(f):
        return ReportJob.objects.create(kind="replication_annual", params={"year": 2025}, params_key=name,
                                        requested_by=f(name), status=JobStatus.READY, progress=100)
    return build


def _file_of(name):
    def build(f):
        job = _job_of(name)(f)
        return StoredFile.objects.create(original_name="r.xlsx", content_type="application/zip", file_format="xlsx",
                                         size=1, sha256="0" * 64, file="files/r.xlsx", kind="report",
                                         owner_type=ContentType.objects.get_for_model(ReportJob), owner_id=job.pk)
    return build


CASES = [
    ("view_replication_summary", lambda f: None, {"asi_moderator", "expert_moderator",
                                                  "expert_moderator_of_other_category"}),
    ("view_report_job", _job_of("expert_moderator"), {"expert_moderator", "asi_moderator"}),
    ("view_report_job", _job_of("coordinator"), {"coordinator", "asi_moderator"}),
    ("view_report_job", lambda f: None, set()),
    # the file of a job (files:download asks this rule after the uploader check; the file has no uploader here)
    ("download_file:smarteka.reportjob", _file_of("expert_moderator"), {"expert_moderator", "asi_moderator"}),
    ("download_file:smarteka.reportjob", lambda f: None, set()),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_report_3_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
