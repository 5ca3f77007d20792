"""Validation's rules outside the practice's transitions × every named user (STYLE 8; F-ROLE-1; issue 13,
«Must show»): the review page and queues (F-VAL-7), the category of «Я не знаю, что выбрать» (F-VAL-2,
Прил.2), selections (F-TRACK-4) and КСИ sessions (F-TRACK-5) with their files (F-FILE-1). Rule level:
``can(user, action, object)`` for every role, the same role of another region or category and an
anonymous visitor; the pages ask these rules and have tests of their own (test_selections.py, test_queues.py).
The transitions are the matrix of test_permission_matrix.py.

``COVERED_ACTIONS`` lists the rules covered here (tests/smarteka/test_rule_coverage.py)."""

import pytest

from practices.models import Category, PracticeState
from practices.services import submit_practice
from smarteka.files.services import store_upload
from smarteka.permissions import can
from tests import factories
from tests.validation.test_selections import make_selection
from validation import services
from validation.models import ApplicationStatus, KsiSession, SelectionApplication, SelectionState

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "partner", "outsider", "anonymous"]
AGENCY = {"asi_moderator", "expert_moderator", "expert_moderator_of_other_category", "implementation_moderator",
          "rating_committee"}
ST = SelectionState


def _selection(state, **kwargs):
    """A selection of the ASI moderator in ``state`` with ``expert`` as its expert."""
    return lambda f: make_selection(f("asi_moderator"), state=state, experts=[f("expert")], **kwargs)


def _application(state, status=ApplicationStatus.PENDING):
    def build(f):
        selection = _selection(state)(f)
        return SelectionApplication.objects.create(selection=selection, status=status, applied_by=f("author"),
                                                   practice=factories.PracticeFactory(author=f("author")))
    return build


def _private_file(owner_build):
    def build(f):
        owner = owner_build(f)
        return store_upload(factories.pdf_upload("private.pdf"), by=f("asi_moderator"), owner=owner,
                            kind="private")
    return build


def _ksi(f):
    return KsiSession.objects.create(title="Заседание КСИ", created_by=f("asi_moderator"))


def _packaging(unknown):
    """A confirmed practice in packaging, filed under «Я не знаю, что выбрать» or its real category."""
    def build(f):
        category = f("category_a")
        if unknown:
            category = Category.objects.get(category_set=category.category_set, is_unknown=True)
        f("production_calendar")
        practice = factories.complete_practice(f("author"), category=category)
        submit_practice(practice, by=f("author"), track="regional_initiative")
        return services.confirm_regionally(practice, by=f("coordinator"),
                                           document=factories.pdf_upload("protocol.pdf"))
    return build


CASES = [
    # the review page and the queues (F-VAL-7)
    ("review_practice", lambda f: f("practice_in")(PracticeState.REGIONAL_REVIEW),
     {"coordinator", "asi_moderator", "expert_moderator", "rating_committee"}),
    ("review_practice", lambda f: f("practice_in")(PracticeState.DRAFT), set()),
    ("view_review_queue", lambda f: None,
     {"coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
      "expert_moderator_of_other_category", "rating_committee"}),
    # Прил.2: the ASI moderator sets the real category, then routes
    ("set_practice_category", _packaging(unknown=True), {"asi_moderator"}),
    ("set_practice_category", _packaging(unknown=False), set()),
    # selections (F-TRACK-4, 3.2.6, 4.3.4)
    ("view_selection", _selection(ST.DRAFT), {"asi_moderator"}),
    # the Partner follows the selection it asked for (3.2.5, 2.2.5), a draft included, with its applications
    ("view_selection", lambda f: make_selection(f("asi_moderator"), launch_requested_by=f("partner")),
     {"asi_moderator", "partner"}),
    ("view_selection_applications", lambda f: make_selection(f("asi_moderator"), state=ST.INTAKE,
                                                             launch_requested_by=f("partner")),
     {"asi_moderator", "partner"}),
    ("view_partner_recommendations", lambda f: None, {"partner"}),
    ("view_selection", _selection(ST.ANNOUNCED), set(ROLES)),
    ("manage_selections", _selection(ST.DRAFT), {"asi_moderator"}),
    ("announce_selection", _selection(ST.DRAFT), {"asi_moderator"}),
    ("announce_selection", _selection(ST.ANNOUNCED), set()),
    ("apply_to_selection", _selection(ST.INTAKE), {"author"}),
    ("apply_to_selection", _selection(ST.EVALUATION), set()),
    ("apply_practice_to_selection", lambda f: factories.PracticeFactory(author=f("author")), {"author"}),
    # who may know a pending application exists (issue 13 item 14)
    ("view_selection_application", _application(ST.INTAKE), {"asi_moderator", "expert", "author"}),
    ("withdraw_selection_application", _application(ST.INTAKE), {"author"}),
    ("withdraw_selection_application", _application(ST.EVALUATION), set()),
    ("moderate_selection", _selection(ST.INTAKE), {"asi_moderator", "expert"}),
    ("moderate_selection", _selection(ST.FINISHED), set()),
    ("mark_selection_winner", _application(ST.EVALUATION, ApplicationStatus.ACCEPTED), {"asi_moderator", "expert"}),
    ("mark_selection_winner", _application(ST.EVALUATION), set()),
    ("view_selection_applications", _selection(ST.INTAKE), {"asi_moderator", "expert"}),
    ("download_file:validation.selection", _private_file(_selection(ST.INTAKE)), {"asi_moderator"}),
    # КСИ sessions (F-TRACK-5)
    ("view_ksi", _ksi, AGENCY),
    ("manage_ksi", _ksi, {"asi_moderator"}),
    ("download_file:validation.ksisession", _private_file(_ksi), AGENCY),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
