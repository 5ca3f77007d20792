"""The rules of the yearly audit (F-ACT-2), archiving (F-ARCH-1, F-DL-9) and the return from the knowledge base ×
every named user (STYLE 8, F-ROLE-1): the right role on the right object only — an expert-moderator of another
category, a coordinator (of the practice's region or another), the author and the team are refused.

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest

from practices.models import PracticeState
from smarteka.permissions import can
from tests.validation.lifecycle_helpers import archive, propose, published
from validation.grounds import ARCHIVING_GROUND_NO_REQUESTS
from validation.lifecycle import archiving

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "partner", "outsider", "anonymous"]
MODERATORS = {"asi_moderator", "expert_moderator", "expert_moderator_of_other_category"}


def _published(f):
    f("production_calendar")
    return published(f("author"), "Практика для аудита")


def _in_state(state):
    def build(f):
        practice = _published(f)
        type(practice).objects.filter(pk=practice.pk).update(state=state)
        practice.refresh_from_db()
        return practice
    return build


def _awaiting(f):
    return archiving.open_system_proposal(_published(f), ground=ARCHIVING_GROUND_NO_REQUESTS, origin="daily_check",
                                          finding="Заявок нет год и более")


def _proposed(f):
    return propose(_published(f), f("expert_moderator"))


def _archived(f):
    return archive(_published(f), f("expert_moderator"), f("asi_moderator"))[0]


CASES = [
    # the worklist and the lists (F-ACT-2, F-ARCH-1)
    ("view_audit_worklist", lambda f: None, MODERATORS),
    ("view_archive_proposals", lambda f: None, MODERATORS),
    # 4.5.3: the expert-moderator of the practice's category audits a published practice
    ("audit_practice", _published, {"expert_moderator"}),
    ("audit_practice", _in_state(PracticeState.ARCHIVED), set()),
    # 4.2.1.4: the expert-moderator of the category proposes (archived/deleted: refused by the service in Russian)
    ("propose_archiving", _published, {"expert_moderator"}),
    ("propose_archiving", _in_state(PracticeState.READY_TO_PUBLISH), set()),
    ("propose_archiving", _in_state(PracticeState.ARCHIVED), {"expert_moderator"}),
    ("view_archive_proposal", _proposed, {"asi_moderator", "expert_moderator"}),
    # a proposal of the daily check awaits the expert-moderator of the category
    ("confirm_archive_proposal", _awaiting, {"expert_moderator"}),
    ("confirm_archive_proposal", _proposed, set()),
    ("dismiss_archive_proposal", _awaiting, {"expert_moderator"}),
    ("dismiss_archive_proposal", _proposed, set()),
    # 4.6.1: the ASI moderator archives or declines what the expert-moderator proposed
    ("accept_archive_proposal", _proposed, {"asi_moderator"}),
    ("accept_archive_proposal", _awaiting, set()),
    ("decline_archive_proposal", _proposed, {"asi_moderator"}),
    ("decline_archive_proposal", _awaiting, set()),
    ("archive_practice", _published, {"asi_moderator"}),
    ("archive_practice", _in_state(PracticeState.ARCHIVED), set()),
    # issue 21 item 4
    ("restore_from_archive", _archived, {"asi_moderator"}),
    ("restore_from_archive", _published, set()),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_act_2_f_arch_1_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
