"""Rules of regions × every named user (STYLE 8; F-ROLE-1; issue 13, «Must show»): the region's page and
team (F-REF-1, F-ACC-6, 2.2.1, 2.2.3) and the leader registry (F-REF-4). Rule level: ``can(user, action,
object)`` for every role and the same role of another region — the pages ask these rules and have tests
of their own (tests/regions).

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest

from smarteka.permissions import can

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "outsider", "anonymous"]

CASES = [
    # regions (F-ACC-6, 2.2.1, 2.2.3, F-REF-1, F-REF-4)
    ("appoint_coordinator", lambda f: f("region_a"), {"asi_moderator"}),
    ("edit_region_team", lambda f: f("region_a"), {"asi_moderator", "coordinator"}),
    ("view_coordinator_history", lambda f: f("region_a"), {"asi_moderator", "coordinator"}),
    ("edit_leader_registry", lambda f: None, {"asi_moderator", "rating_committee"}),
    ("view_region_practices_in_work", lambda f: f("region_a"),
     {"asi_moderator", "coordinator", "expert_moderator", "expert_moderator_of_other_category"}),
    # the coordinator's dashboard (F-REPORT-1, issue 18 item 5): own region only; the country view: the Agency
    ("view_region_dashboard", lambda f: f("region_a"), {"asi_moderator", "coordinator"}),
    ("view_region_dashboard", lambda f: f("region_b"), {"asi_moderator", "coordinator_of_other_region"}),
    ("view_region_dashboard", lambda f: None, {"asi_moderator", "coordinator", "coordinator_of_other_region"}),
    ("view_country_dashboard", lambda f: None, {"asi_moderator"}),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_rule_matrix(request, action, build, allowed, region_a, region_b):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
