"""Rules of accounts × every named user (STYLE 8; F-ROLE-1; issue 13, «Must show»): profiles (F-ACC-2) and
passport-access requests (F-ACC-3, 4.1.3). Rule level: ``can(user, action, object)`` for every role and
the same role of another region — the pages and services ask these rules and have tests of their own
(test_accounts.py, test_access_requests.py).

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest

from smarteka.accounts.models import AccessRequest, AccessRequestStatus
from smarteka.permissions import can

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "outsider", "anonymous"]
LOGGED_IN = set(ROLES) - {"anonymous"}


def _access_request(status):
    """``outsider`` (of region B) asks for passport access as a person of region A."""
    def build(f):
        req = AccessRequest.objects.create(user=f("outsider"), region=f("region_a"))
        AccessRequest.objects.filter(pk=req.pk).update(status=status)
        return AccessRequest.objects.get(pk=req.pk)
    return build


R = AccessRequestStatus
CASES = [
    # profiles (F-ACC-2): one's own profile; photos for signed-in users
    ("edit_profile", lambda f: f("author"), {"author"}),
    ("view_profile_photo", lambda f: f("author"), LOGGED_IN),
    # passport access (F-ACC-3, 4.1.3): the applicant, the coordinator of the request's region, the ASI moderator
    ("request_access", lambda f: None, LOGGED_IN),  # every named user has a verified e-mail
    ("view_access_request", _access_request(R.REQUESTED), {"outsider", "coordinator", "asi_moderator"}),
    ("review_access_requests", lambda f: None, {"coordinator", "coordinator_of_other_region", "asi_moderator"}),
    ("coordinate_access_request", _access_request(R.REQUESTED), {"coordinator"}),
    ("verify_access", _access_request(R.REQUESTED), {"coordinator"}),
    ("verify_access", _access_request(R.VERIFIED), set()),
    ("grant_access", _access_request(R.VERIFIED), {"asi_moderator"}),
    ("grant_access", _access_request(R.REQUESTED), set()),
    ("refuse_access", _access_request(R.REQUESTED), {"coordinator"}),
    ("refuse_access", _access_request(R.VERIFIED), {"asi_moderator"}),
    ("refuse_access", _access_request(R.GRANTED), set()),
    # login lockouts (issue 15 item 3): listed and lifted by the ASI moderator only
    ("unlock_logins", lambda f: None, {"asi_moderator"}),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_rule_matrix(request, action, build, allowed, region_a):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
