"""F-PLUS-8 rules × every named user (F-ROLE-1): only the practice's team answers the points, on revision;
only the reviewer who may return the practice at its current stage (object-scoped: the coordinator of its
region, the routed expert-moderator of its category, the ASI moderator) resolves or reopens them.

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest
from django.utils import timezone

from practices.models import PracticeState, TeamMember
from smarteka.permissions import can
from tests import factories

pytestmark = pytest.mark.django_db
S = PracticeState

ROLES = ["author", "team_member", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "rating_committee", "partner", "outsider", "anonymous"]


@pytest.fixture
def team_member(region_a):
    return factories.UserFactory(email="team-points@example.ru", region=region_a)


def _in(state):
    def build(f):
        practice = f("practice_in")(state)
        TeamMember.objects.create(practice=practice, user=f("team_member"), joined_at=timezone.now(),
                                  invited_by=practice.author)
        return practice
    return build


CASES = [
    ("answer_revision_points", _in(S.REVISION), {"author", "team_member"}),
    ("answer_revision_points", _in(S.REGIONAL_REVIEW), set()),
    ("resolve_revision_points", _in(S.REGIONAL_REVIEW), {"coordinator"}),
    ("resolve_revision_points", _in(S.PACKAGING), {"asi_moderator", "expert_moderator"}),
    ("resolve_revision_points", _in(S.EXPERT_REVIEW), {"asi_moderator", "expert_moderator"}),
    ("resolve_revision_points", _in(S.REVISION), set()),
    ("resolve_revision_points", _in(S.PUBLISHED), set()),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_plus_8_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
