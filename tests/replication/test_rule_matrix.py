"""Replication's rules outside a request's page actions × every named user (STYLE 8; F-ROLE-1; issue 13,
«Must show»): «Хочу внедрить» (F-REP-1), the queues (F-REP-2), «Мои заявки», a request's files (F-FILE-1),
events and regions' interest (F-EVT-1, F-EVT-2, 5.3.1.1, Прил.4). Rule level: ``can(user, action, object)``
for every role and the same role of another region or district; the pages ask these rules and have tests
of their own (test_events.py, test_requests.py). A request's page actions are the matrix of test_permissions.py.

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest
from django.utils import timezone

from practices.models import EventFormat
from replication.models import Event, RegionInterest
from smarteka.files.services import store_upload
from smarteka.permissions import can
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["recipient", "implementation_moderator", "other_implementation_moderator", "asi_moderator", "author",
         "mentor", "team_member", "outsider", "coordinator", "coordinator_of_other_region", "expert_moderator",
         "rating_committee", "fd_curator", "anonymous"]
LOGGED_IN = set(ROLES) - {"anonymous"}


def _event(f):
    fmt = EventFormat.objects.order_by("pk").first() or EventFormat.objects.create(name="Демо-день")
    return Event.objects.create(title="Демо-день практик", format=fmt, date=timezone.localdate(), place="Казань",
                                organiser="Департамент тиражирования")


def _interest(region_fixture, interest="interested"):
    def build(f):
        return RegionInterest.objects.create(event=_event(f), region=f(region_fixture), practice=f("published"),
                                             interest=interest, recorded_by=f("asi_moderator"))
    return build


def _request_file(f):
    req = f("assigned")
    return store_upload(factories.pdf_upload("roadmap.pdf"), by=f("recipient"), owner=req, kind="roadmap")


def _after_a_request(f):
    """«Мои заявки» once the recipient has filed a request (the rule has no object)."""
    f("requested")


# fd_curator curates region B's district; region A (the practice's) lies in another one
CASES = [
    ("request_replication", lambda f: f("published"), LOGGED_IN),
    ("request_replication", lambda f: f("practice_in")("ready_to_publish"), set()),
    ("view_replication_asi_queue", lambda f: None, {"asi_moderator"}),
    ("view_implementation_queue", lambda f: None, {"implementation_moderator", "other_implementation_moderator"}),
    ("view_my_replication_requests", _after_a_request, {"recipient"}),
    # the request's files: whoever sees the request (its participants, the ASI moderator, both coordinators)
    ("download_file:replication.replicationrequest", _request_file,
     {"recipient", "implementation_moderator", "asi_moderator", "author", "mentor", "coordinator",
      "coordinator_of_other_region"}),
    # events (F-EVT-1) and regions' interest after them (F-EVT-2)
    ("view_events", lambda f: None, LOGGED_IN),
    ("manage_events", _event, {"asi_moderator"}),
    ("record_region_interest", _event, {"asi_moderator", "fd_curator"}),
    ("record_interest_for_region", lambda f: f("region_b"), {"asi_moderator", "fd_curator"}),
    ("record_interest_for_region", lambda f: f("region_a"), {"asi_moderator"}),
    ("offer_replication", _interest("region_b"), {"asi_moderator", "fd_curator"}),
    ("offer_replication", _interest("region_a"), {"asi_moderator"}),
    ("offer_replication", _interest("region_b", "not_interested"), set()),
    ("send_interest_summary", _event, {"fd_curator"}),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_rule_matrix(request, action, build, allowed, published, other_implementation_moderator, fd_curator):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
