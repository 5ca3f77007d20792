"""Every validation action × every role (STYLE 8, F-ROLE-1, SPEC §6): allowed for the right role on the
right object; refused — PermissionDenied / TransitionNotAllowed in the service; in the view 403 for who
sees the practice, 404 for who may not even know it exists (issue 13 item 14) — for every other role and
for the same role of another region or category.
F-VAL-1, F-VAL-2, F-VAL-5, F-VAL-6, F-TRACK-2, F-VAL-4 (rating committee)."""

from dataclasses import dataclass, field

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState, Track
from smarteka.history.services import history_for
from tests import factories
from validation import services

pytestmark = pytest.mark.django_db

S = PracticeState
ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "outsider"]


@dataclass
class Case:
    id: str
    state: str
    allowed: set
    service: object  # (practice, user) -> practice
    view: str | None = None  # slug of validation:act
    data: object = None  # (practice, user, users) -> POST data
    expect: object = None  # (practice) -> bool, after the allowed action
    options: dict = field(default_factory=dict)  # of practice_in


def grounds(p, u):
    return list(services.grounds_for(u, p)[:1])


def _reject_data(p, u, users):
    return {"grounds": grounds(p, u), "comment": "Сведения не подтверждены"}


CASES = [
    Case("confirm_regionally", S.REGIONAL_REVIEW, {"coordinator"},
         lambda p, u: services.confirm_regionally(p, by=u, document=factories.pdf_upload("protocol.pdf")),
         "confirm", lambda p, u, users: {"document": factories.pdf_upload("protocol.pdf")},
         lambda p: p.state == S.PACKAGING),
    *[Case(f"return_for_revision@{state}", state, allowed,
           lambda p, u: services.return_for_revision(p, by=u, comment="Дополните описание"),
           "return", lambda p, u, users: {"comment": "Дополните описание"}, lambda p: p.state == S.REVISION,
           {"investment": state == S.RATING_COMMITTEE})
      for state, allowed in [(S.REGIONAL_REVIEW, {"coordinator"}),
                             (S.PACKAGING, {"asi_moderator", "expert_moderator"}),
                             (S.EXPERT_REVIEW, {"asi_moderator", "expert_moderator"}),
                             (S.RATING_COMMITTEE, {"asi_moderator", "rating_committee"}),
                             (S.READY_TO_PUBLISH, {"asi_moderator"})]],
    *[Case(f"reject@{state}", state, allowed,
           lambda p, u: services.reject(p, by=u, grounds=grounds(p, u), comment="Сведения не подтверждены"),
           "reject", _reject_data, lambda p: p.state == S.REJECTED, {"investment": state == S.RATING_COMMITTEE})
      for state, allowed in [(S.REGIONAL_REVIEW, {"coordinator"}),
                             (S.PACKAGING, {"asi_moderator"}),
                             (S.EXPERT_REVIEW, {"asi_moderator"}),
                             (S.RATING_COMMITTEE, {"asi_moderator", "rating_committee"}),
                             (S.READY_TO_PUBLISH, {"asi_moderator"}),
                             (S.REVISION, {"asi_moderator"})]],  # 4.1.9
    Case("attach_state_council_letter", S.PACKAGING, {"asi_moderator"},
         lambda p, u: services.attach_state_council_letter(p, by=u, upload=factories.pdf_upload("letter.pdf")),
         "attach-letter", lambda p, u, users: {"letter": factories.pdf_upload("letter.pdf")},
         lambda p: p.materials.filter(kind="state_council_letter").count() == 2, {"track": Track.STATE_COUNCIL}),
    Case("route_to_expert_moderator", S.PACKAGING, {"asi_moderator"},
         lambda p, u: services.route_to_expert_moderator(p, by=u, expert_moderator=p.expert_moderator),
         "route", lambda p, u, users: {"expert_moderator": users["expert_moderator"].pk},
         lambda p: p.expert_moderator is not None),
    Case("package: set level", S.PACKAGING, {"expert_moderator"},
         lambda p, u: services.set_level(p, by=u, level=3), "level", lambda p, u, users: {"level": "3"},
         lambda p: p.level == 3),
    Case("package: comment to author", S.PACKAGING, {"expert_moderator"},
         lambda p, u: services.comment_to_author(p, by=u, comment="Добавьте фото"), "comment",
         lambda p, u, users: {"comment": "Добавьте фото"}, lambda p: p.state == S.PACKAGING),
    Case("package: request materials", S.PACKAGING, {"expert_moderator", "asi_moderator"},
         lambda p, u: services.request_materials(p, by=u, comment="Загрузите регламент"), "request-materials",
         lambda p, u, users: {"comment": "Загрузите регламент"}, lambda p: p.state == S.REVISION),
    Case("package: mark packaged", S.PACKAGING, {"expert_moderator"},
         lambda p, u: services.mark_packaged(p, by=u), "packaged", lambda p, u, users: {},
         lambda p: p.packaged_at is not None, {"level": 1}),
    Case("start_expert_review", S.PACKAGING, {"asi_moderator"},
         lambda p, u: services.start_expert_review(p, by=u), "start-expert-review", lambda p, u, users: {},
         lambda p: p.state == S.EXPERT_REVIEW, {"packaged": True}),
    Case("skip_expert_review", S.PACKAGING, {"asi_moderator"},
         lambda p, u: services.skip_expert_review(p, by=u), "skip-expert-review", lambda p, u, users: {},
         lambda p: p.state == S.READY_TO_PUBLISH, {"packaged": True, "track": Track.STATE_COUNCIL}),
    *[Case(f"close expert review: {name}", S.EXPERT_REVIEW, {"expert_moderator"},
           (lambda name: lambda p, u: services.move(p, name, by=u, comment="Решение экспертов"))(name),
           expect=(lambda target: lambda p: p.state == target)(target))
      for name, target in [("experts_approve", S.READY_TO_PUBLISH),
                           ("experts_approve_with_additions", S.REVISION),
                           ("experts_reject", S.REJECTED)]],
    Case("rating_confirm", S.RATING_COMMITTEE, {"rating_committee"},
         lambda p, u: services.rating_confirm(p, by=u), "rating-confirm", lambda p, u, users: {},
         lambda p: p.state == S.READY_TO_PUBLISH, {"investment": True}),
    Case("publish", S.READY_TO_PUBLISH, {"asi_moderator"},
         lambda p, u: services.publish(p, by=u), "publish", lambda p, u, users: {},
         lambda p: p.state == S.PUBLISHED and p.published_at is not None),
    Case("delete (soft), on an official request", S.REVISION, {"asi_moderator"},
         lambda p, u: services.delete_practice(p, by=u, requester=services.DELETION_REQUESTERS[0],
                                               request_document=factories.pdf_upload("request.pdf")),
         "delete", lambda p, u, users: {"requester": services.DELETION_REQUESTERS[0], "comment": "Письмо № 1",
                                        "request_document": factories.pdf_upload("request.pdf")},
         lambda p: p.state == S.DELETED),  # 4.1.13
]


@pytest.fixture
def users(request, experts):
    found = {name: request.getfixturevalue(name) for name in ROLES if name != "expert"}
    found["expert"] = experts[0]
    return found


# who knows a submitted, unpublished practice exists (``view_practice``): its team, the region's coordinator,
# the ASI moderator, the expert-moderator of its category, the rating committee; an expert once invited
SEES = {"author", "coordinator", "asi_moderator", "expert_moderator", "rating_committee"}


def _refusal(name, practice, users):
    invited = name == "expert" and practice.expert_invitations.filter(expert=users["expert"]).exists()
    return 403 if name in SEES or invited else 404


def _prepare(practice_in, users, case):
    opts = dict(case.options)
    level = opts.pop("level", None)
    practice = practice_in(case.state, **opts)
    if level:
        services.set_level(practice, by=users["expert_moderator"], level=level)
    return Practice.objects.get(pk=practice.pk)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_action_refused_for_every_other_role_in_service_and_view(case, practice_in, users, client):
    practice = _prepare(practice_in, users, case)
    recorded = history_for(practice).count()
    for name in sorted(set(ROLES) - case.allowed):
        user = users[name]
        with pytest.raises((PermissionDenied, TransitionNotAllowed)):
            case.service(Practice.objects.get(pk=practice.pk), user)
        if case.view:
            client.force_login(user)
            data = case.data(practice, user, users)
            response = client.post(reverse("validation:act", args=[practice.pk, case.view]), data)
            assert response.status_code == _refusal(name, practice, users), (name, response.status_code)
        after = Practice.objects.get(pk=practice.pk)
        assert after.state == practice.state, name
    assert history_for(practice).count() == recorded  # a refused attempt records nothing


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_action_allowed_for_the_right_role_on_its_object(case, practice_in, users, client):
    for i, name in enumerate(sorted(case.allowed)):
        practice = _prepare(practice_in, users, case)
        user = users[name]
        if case.view and i == 0:
            client.force_login(user)
            response = client.post(reverse("validation:act", args=[practice.pk, case.view]),
                                   case.data(practice, user, users))
            assert response.status_code == 302, response.content.decode()[:2000]
        else:
            case.service(practice, user)
        assert case.expect(Practice.objects.get(pk=practice.pk)), name


# The rules the cases above exercise (tests/smarteka/test_rule_coverage.py): each service asks one.
COVERED_ACTIONS = {
    "confirm_regionally", "return_for_revision", "reject_practice", "attach_state_council_letter",
    "route_to_expert_moderator", "package_practice", "request_materials", "mark_packaged", "start_expert_review",
    "skip_expert_review", "close_expert_review", "rating_confirm", "publish_practice", "delete_practice",
}
