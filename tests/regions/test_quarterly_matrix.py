"""Rules of the quarterly regional report (F-REPORT-2, issue 18 item 5) × every named user (STYLE 8; F-ROLE-1):
the coordinator sees and confirms only their own region's report, the ASI moderator sees every region's and the
overview of all regions, nobody else sees any (the report holds the contacts of the responsible officials).

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest

from smarteka.permissions import can
from tests.regions.test_permission_matrix import ROLES

pytestmark = pytest.mark.django_db

CASES = [
    ("view_quarterly_report", lambda f: f("region_a"), {"asi_moderator", "coordinator"}),
    ("view_quarterly_report", lambda f: f("region_b"), {"asi_moderator", "coordinator_of_other_region"}),
    ("confirm_quarterly_report", lambda f: f("region_a"), {"coordinator"}),
    ("confirm_quarterly_report", lambda f: f("region_b"), {"coordinator_of_other_region"}),
    ("view_quarterly_report_status", lambda f: None, {"asi_moderator"}),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_report_2_rule_matrix(request, action, build, allowed, region_a, region_b):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
