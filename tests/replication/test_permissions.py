"""Permission matrix of replication (F-ROLE-1 for F-REP-1 … F-REP-6): every action of a request page,
in the state where it is possible, against every named user — only the one(s) allowed succeed, every
other who sees the request gets 403, anyone who may not even see it 404 (issue 13 item 14: a 403 would
confirm that another region's request exists), and the request does not change."""

import pytest
from django.urls import reverse

from tests import factories
from tests.replication.conftest import fresh

pytestmark = pytest.mark.django_db

USERS = ["recipient", "implementation_moderator", "other_implementation_moderator", "asi_moderator", "author",
         "mentor", "team_member", "outsider", "coordinator", "coordinator_of_other_region", "expert_moderator",
         "fd_curator"]


def _data(action):
    return {
        "assign": lambda f: {"moderator": f("other_implementation_moderator").pk},
        "contact": lambda f: {"comment": "Созвонились"},
        "kickoff": lambda f: {},
        "readiness": lambda f: {},
        "document": lambda f: {"kind": "roadmap", "file": factories.pdf_upload("r.pdf")},
        "start": lambda f: {},
        "check": lambda f: {"decision": "accept"},
        "complete": lambda f: {},
        "decline": lambda f: {"reason": "Передумали"},
        "refuse": lambda f: {"ground": "ignoring"},
        "dismiss": lambda f: {"ground": "profile"},
        "message": lambda f: {"body": "Здравствуйте"},
    }[action]


# action, the fixture giving a request where the action is possible, who may do it
MATRIX = [
    ("assign", "requested", {"asi_moderator"}),
    ("contact", "assigned", {"implementation_moderator"}),
    ("kickoff", "assigned", {"implementation_moderator"}),
    ("readiness", "assigned", {"recipient"}),
    ("document", "assigned", {"recipient", "implementation_moderator"}),
    ("start", "with_roadmap", {"asi_moderator"}),
    ("check", "reported", {"implementation_moderator"}),
    ("complete", "checked", {"asi_moderator"}),
    ("decline", "assigned", {"recipient"}),
    ("refuse", "assigned", {"asi_moderator"}),
    ("dismiss", "assigned", {"implementation_moderator"}),
    ("message", "assigned", {"recipient", "implementation_moderator", "author", "mentor", "asi_moderator"}),
]


# who sees a request (``view_replication_request``): its participants, the ASI moderator and the
# coordinators of both regions; the implementation moderator once assigned to it
SEES = {"recipient", "asi_moderator", "author", "mentor", "coordinator", "coordinator_of_other_region"}


def _sees(user_name, stage):
    return user_name in SEES or (user_name == "implementation_moderator" and stage != "requested")


@pytest.fixture
def with_roadmap(assigned, recipient):
    from replication import services

    services.upload_document(assigned, by=recipient, kind="roadmap", upload=factories.pdf_upload("roadmap.pdf"))
    return fresh(assigned)


def _snapshot(req):
    req = fresh(req)
    return (req.state, req.implementation_moderator_id, req.contacted_at, req.kickoff_held_at,
            req.readiness_confirmed_at, req.documents.count(), req.report_checked_at, req.messages.count())


@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("action,stage,allowed", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, request, user_name, action, stage, allowed, other_implementation_moderator,
                           fd_curator, team_member, coordinator, coordinator_of_other_region, expert_moderator,
                           outsider):
    req = request.getfixturevalue(stage)
    user = request.getfixturevalue(user_name)
    before = _snapshot(req)
    client.force_login(user)
    response = client.post(reverse("replication:request_action", args=[req.pk, action]),
                           _data(action)(request.getfixturevalue))
    if user_name in allowed:
        assert response.status_code == 302, (action, user_name, response.content.decode()[:500])
        assert _snapshot(req) != before
    else:
        expected = 403 if _sees(user_name, stage) else 404
        assert response.status_code == expected, (action, user_name, response.status_code)
        assert _snapshot(req) == before


@pytest.mark.parametrize("user_name,status", [
    ("recipient", 200), ("implementation_moderator", 200), ("asi_moderator", 200), ("author", 200),
    ("mentor", 200), ("coordinator", 200), ("coordinator_of_other_region", 200),  # both regions follow
    # who may not see the request gets 404, not 403 (issue 13 item 14)
    ("other_implementation_moderator", 404), ("team_member", 404), ("outsider", 404), ("expert_moderator", 404),
    ("fd_curator", 404),
])
def test_who_sees_a_request(client, request, assigned, user_name, status, other_implementation_moderator,
                            fd_curator, team_member, mentor):
    client.force_login(request.getfixturevalue(user_name))
    assert client.get(assigned.get_absolute_url()).status_code == status


def test_report_page_only_for_the_recipient_in_progress(client, in_progress, implementation_moderator, recipient,
                                                       asi_moderator):
    url = reverse("replication:report", args=[in_progress.pk])
    for user in (implementation_moderator, asi_moderator):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(recipient)
    assert client.get(url).status_code == 200


def test_actions_shown_only_to_who_may_do_them(client, assigned, recipient, asi_moderator):
    client.force_login(recipient)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert 'id="do-readiness"' in page and 'id="do-assign"' not in page and 'id="do-refuse"' not in page
    client.force_login(asi_moderator)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert 'id="do-assign"' in page and 'id="do-refuse"' in page and 'id="do-readiness"' not in page


# The rules the tests above exercise (tests/smarteka/test_rule_coverage.py): the MATRIX's page actions, who
# sees a request, the report form.
RULE_OF = {
    "assign": "assign_implementation_moderator", "contact": "record_replication_step",
    "kickoff": "record_replication_step", "readiness": "confirm_replication_readiness",
    "document": "upload_replication_document", "start": "start_implementation", "check": "check_replication_report",
    "complete": "complete_implementation", "decline": "decline_replication", "refuse": "refuse_replication",
    "dismiss": "dismiss_replication", "message": "post_replication_message",
}
COVERED_ACTIONS = {RULE_OF[action] for action, _stage, _allowed in MATRIX} | {
    "view_replication_request", "submit_replication_report"}
