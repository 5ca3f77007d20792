"""The rules of a practice's stewardship (issue 21: 4.1.11–4.1.13; F-ARCH-2, F-ACC-5, F-DL-6) × every named user
(STYLE 8; F-ROLE-1): role AND object — a coordinator of another region, an expert-moderator of another category
and the author of another practice are refused. ``COVERED_ACTIONS`` is read by
tests/smarteka/test_rule_coverage.py."""

import pytest

from practices.models import PracticeState
from smarteka.permissions import can
from tests import factories
from tests.validation.test_rule_matrix import ROLES
from validation import services
from validation.lifecycle import contacts, stewardship
from validation.models import ContactReason

pytestmark = pytest.mark.django_db


def _published(f):
    return f("practice_in")(PracticeState.PUBLISHED)


def _other_authors_published(f):
    """Published, same region and category, another author: ``author`` is the author of another practice."""
    f("production_calendar")
    other = factories.UserFactory(email="other-author@example.ru", region=f("region_a"))
    return factories.published_practice(other, category=f("category_a"), title="Чужая практика")


def _with_pending_replacement(f):
    practice = _published(f)
    stewardship.request_author_replacement(
        practice, by=f("author"), new_author=factories.UserFactory(email="new@example.ru", region=f("region_a")),
        phone="+7 914 000-11-22", reason="Автор уволился")
    return practice


def _replacement(f):
    return _with_pending_replacement(f).author_replacements.get()


def _deleted(f):
    return services.delete_practice(_published(f), by=f("asi_moderator"), requester="автор практики",
                                    comment="Письмо автора", request_document=factories.pdf_upload("r.pdf"))


def _contact_request(confirmed=False):
    def build(f):
        f("coordinator")
        request = contacts.request_contact_update(f("region_a"), by=f("asi_moderator"), reason=ContactReason.LEFT_JOB)
        if confirmed:
            contacts.confirm_contact_update(request, by=f("coordinator"))
            request.refresh_from_db()
        return request
    return build


def _with_silence(f):
    practice = _published(f)
    contacts.record_author_silence(practice, by=f("expert_moderator"), comment="Не отвечает на звонки")
    return practice


ASI = {"asi_moderator"}
MODERATORS = {"asi_moderator", "expert_moderator"}

CASES = [
    # author replacement (4.1.11): the author or the region's coordinator asks, the ASI moderator decides
    ("request_author_replacement", _published, {"author", "coordinator"}),
    ("request_author_replacement", _other_authors_published, {"coordinator"}),
    ("request_author_replacement", lambda f: f("practice_in")(PracticeState.REGIONAL_REVIEW), set()),
    ("request_author_replacement", _with_pending_replacement, set()),
    ("decide_author_replacement", _replacement, ASI),
    ("view_author_replacement", _replacement, {"asi_moderator", "author", "coordinator"}),
    ("view_author_replacements", lambda f: None, ASI),
    # recovery of a deleted practice (4.1.13)
    ("restore_deleted", _deleted, ASI),
    ("restore_deleted", _published, set()),
    ("view_deleted_practices", lambda f: None, ASI),
    # contacts (4.1.12)
    ("request_contact_update", lambda f: f("region_a"), ASI),
    ("view_contact_campaign", lambda f: None, ASI),
    ("view_contact_requests", lambda f: None, {"coordinator", "coordinator_of_other_region"}),
    ("view_contact_request", _contact_request(), {"asi_moderator", "coordinator"}),
    ("confirm_contact_update", _contact_request(), {"coordinator"}),
    ("confirm_contact_update", _contact_request(confirmed=True), set()),
    ("record_author_silence", _published, MODERATORS),
    ("record_author_silence", _with_silence, set()),
    ("record_author_silence", lambda f: f("practice_in")(PracticeState.PACKAGING), set()),
    ("mark_author_answered", _with_silence, MODERATORS),
    ("mark_author_answered", _published, set()),
]
COVERED_ACTIONS = {action for action, _build, _allowed in CASES}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.mark.parametrize("action,build,allowed", CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_f_arch_2_f_acc_5_stewardship_rule_matrix(request, action, build, allowed):
    obj = build(request.getfixturevalue)
    answers = {name: can(None if name == "anonymous" else request.getfixturevalue(name), action, obj)
               for name in ROLES}
    assert {name for name, yes in answers.items() if yes} == allowed
