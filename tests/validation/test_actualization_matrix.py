"""Actualization's rules × every named user (STYLE 8; F-ROLE-1; F-ACT-1, F-DL-2; 4.5.4–4.5.6): the role AND the
object — an expert-moderator of another category, a coordinator of another region, a user of another region
and the anonymous visitor are refused; a rule answers for its state too (a request already granted, an edit
not yet under review). The views ask these rules (tests/validation/test_actualization.py).

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest
from django.core.exceptions import PermissionDenied

from practices.models import PracticeState
from smarteka.permissions import can
from validation.lifecycle import actualization as services

pytestmark = pytest.mark.django_db

ROLES = ["author", "team_member", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "partner", "outsider", "anonymous"]
REVIEWERS_AND_TEAM = {"author", "team_member", "coordinator", "asi_moderator", "expert_moderator"}


def _published(f):
    return f("practice_in")(PracticeState.PUBLISHED)


def _requested(f):
    return services.request_actualization(_published(f), by=f("expert_moderator"), reason="Устарели сведения")


def _granted(f):
    return services.request_actualization(_published(f), by=f("asi_moderator"), reason="Устарели сведения")


def _edit(f):
    return _granted(f).edit


def _edit_in_review(f):
    return services.submit_actualization(_edit(f), by=f("author"))


CASES = [
    ("view_actualization", _published, REVIEWERS_AND_TEAM),
    ("view_actualization", _edit, set()),
    ("request_actualization", _published, REVIEWERS_AND_TEAM),  # 4.5.4 reviewers, 4.5.5 the author and team
    ("request_actualization", lambda f: f("practice_in")(PracticeState.REGIONAL_REVIEW), set()),
    ("request_actualization", _edit, set()),
    ("grant_actualization", _requested, {"asi_moderator"}),  # 4.5.6
    ("grant_actualization", _granted, set()),
    ("submit_actualization", _edit, {"author"}),
    ("submit_actualization", _edit_in_review, set()),
    ("review_actualization", _edit_in_review, {"asi_moderator", "expert_moderator"}),
    ("review_actualization", _edit, set()),
    # the practices app's rules on the edit copy: the original's team edits it while it is being actualized
    ("edit_passport", _edit, {"author", "team_member"}),
    ("edit_passport", _edit_in_review, set()),
    ("submit_practice", _edit, set()),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


def _user(request, name, obj):
    if name == "anonymous":
        return None
    if name == "team_member":
        practice = getattr(obj, "practice", obj)
        return practice.team.exclude(user=practice.author).exclude(user__isnull=True).first().user
    return request.getfixturevalue(name)


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_act_1_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(_user(request, name, obj), action, obj) for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed


def test_f_act_1_services_refuse_the_wrong_object(practice_in, expert_moderator_of_other_category,
                                                  coordinator_of_other_region, recipient, asi_moderator, author):
    """The services ask the same rules: another category's expert-moderator, another region's coordinator
    and a user of another region may not request; another category's expert-moderator may not accept."""
    published = practice_in(PracticeState.PUBLISHED)
    for user in (expert_moderator_of_other_category, coordinator_of_other_region, recipient):
        with pytest.raises(PermissionDenied):
            services.request_actualization(published, by=user, reason="Причина")
    edit = services.request_actualization(published, by=asi_moderator, reason="Причина").edit
    with pytest.raises(PermissionDenied):
        services.submit_actualization(edit, by=asi_moderator)
    edit = services.submit_actualization(edit, by=author)
    with pytest.raises(PermissionDenied):
        services.accept_actualization(edit, by=expert_moderator_of_other_category)
    with pytest.raises(PermissionDenied):
        services.return_actualization(edit, by=coordinator_of_other_region, comment="Доработайте")


def test_f_act_1_the_edit_copy_is_not_deleted_alone(practice_in, asi_moderator):
    """choice: the edit ends with its published practice (``practice_left_catalogue``), never alone — a
    deleted copy would leave its request open and block the next one."""
    edit = practice_in(PracticeState.ACTUALIZATION_REVIEW)
    assert not can(asi_moderator, "delete_practice", edit)
    assert can(asi_moderator, "delete_practice", edit.actualization_of)
