"""Who may move a practice through validation (SPEC §6, F-ROLE-1): role AND object AND state.

One rule per action; ``validation.services.move`` asks ``require(by, action, practice)`` and the
django-fsm transitions in practices/models.py ask the same rules through ``permission=``.

Stage actors (SPEC §1, 4.1.8, 4.1.9, Прил.1, Прил.3):

================  ==========================================  ====================================
stage             return for revision                         reject
================  ==========================================  ====================================
regional_review   coordinator of the practice's region         coordinator of the region (4.1.8)
packaging         the routed expert-moderator, ASI moderator   ASI moderator (grounds after 4.1.9)
expert_review     the routed expert-moderator, ASI moderator   ASI moderator; experts by majority
rating_committee  rating committee, ASI moderator              rating committee, ASI moderator
ready_to_publish  ASI moderator                                ASI moderator
================  ==========================================  ====================================
"""

from experts.permissions import is_practice_expert_moderator, oversees_expert_review
from practices.models import PracticeState
from practices.permissions import is_on_team, is_reviewer_of
from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role

REVIEW_STATES = (PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
                 PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH)

REVIEWER_ROLES = (Role.COORDINATOR, Role.ASI_MODERATOR, Role.EXPERT_MODERATOR, Role.RATING_COMMITTEE)


def _ok(user, practice):
    return practice is not None and user is not None and user.is_authenticated


def is_coordinator_of(user, practice):
    return has_role(user, Role.COORDINATOR, region=practice.region_id)


def is_asi_moderator(user):
    return has_role(user, Role.ASI_MODERATOR)


def is_category_expert_moderator(user, practice):
    return bool(practice.category_id) and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id)


def is_assigned_expert_moderator(user, practice):
    """The expert-moderator the ASI moderator routed the practice to, still holding the role for its
    category (a change of category or a revoked grant ends it)."""
    return practice.expert_moderator_id == user.pk and is_category_expert_moderator(user, practice)


def _stage_moderator(user, practice):
    """In expert review: the routed expert-moderator; if none was routed, any of the category."""
    if practice.expert_moderator_id:
        return is_assigned_expert_moderator(user, practice)
    return is_category_expert_moderator(user, practice)


@rule("confirm_regionally")
def confirm_regionally(user, practice):
    """F-VAL-1: only the coordinator of the practice's region, in regional review."""
    return (_ok(user, practice) and practice.state == PracticeState.REGIONAL_REVIEW
            and is_coordinator_of(user, practice))


@rule("return_for_revision")
def return_for_revision(user, practice):
    """F-VAL-5: each stage's actor (table above)."""
    if not _ok(user, practice):
        return False
    state = practice.state
    if state == PracticeState.REGIONAL_REVIEW:
        return is_coordinator_of(user, practice)
    if state == PracticeState.PACKAGING:
        return is_asi_moderator(user) or is_assigned_expert_moderator(user, practice)
    if state == PracticeState.EXPERT_REVIEW:
        return is_asi_moderator(user) or _stage_moderator(user, practice)
    if state == PracticeState.RATING_COMMITTEE:
        return is_asi_moderator(user) or has_role(user, Role.RATING_COMMITTEE)
    if state == PracticeState.READY_TO_PUBLISH:
        return is_asi_moderator(user)
    return False


@rule("reject_practice")
def reject_practice(user, practice):
    """F-VAL-5: the coordinator in stage 1 (4.1.8), the ASI moderator later (grounds after 4.1.9), the
    rating committee in its stage (Прил.3). Experts reject by majority through ``close_expert_review``."""
    if not _ok(user, practice):
        return False
    state = practice.state
    if state == PracticeState.REGIONAL_REVIEW:
        return is_coordinator_of(user, practice)
    if state == PracticeState.RATING_COMMITTEE:
        return is_asi_moderator(user) or has_role(user, Role.RATING_COMMITTEE)
    if state in (PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW, PracticeState.READY_TO_PUBLISH):
        return is_asi_moderator(user)
    return False


@rule("route_to_expert_moderator")
def route_to_expert_moderator(user, practice):
    """F-VAL-2: the ASI moderator routes a confirmed practice (in packaging) to an expert-moderator."""
    return _ok(user, practice) and practice.state == PracticeState.PACKAGING and is_asi_moderator(user)


@rule("package_practice")
def package_practice(user, practice):
    """F-VAL-2: comments, request for materials, level, «упакована» — the routed expert-moderator."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING
            and is_assigned_expert_moderator(user, practice))


@rule("request_materials")
def request_materials(user, practice):
    """F-VAL-2, F-VAL-5: the routed expert-moderator or the ASI moderator asks for additional materials
    in packaging (the request returns the passport to the author)."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING
            and (is_asi_moderator(user) or is_assigned_expert_moderator(user, practice)))


@rule("start_expert_review")
def start_expert_review(user, practice):
    return _ok(user, practice) and practice.state == PracticeState.PACKAGING and is_asi_moderator(user)


@rule("skip_expert_review")
def skip_expert_review(user, practice):
    """F-TRACK-2: only for a practice recommended by a State Council commission / federal body."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING and practice.is_fast_track()
            and is_asi_moderator(user))


@rule("close_expert_review")
def close_expert_review(user, practice):
    """Closing the expert stage with the experts' decision (F-VAL-3/4): the ASI moderator, the
    expert-moderator running the evaluation, or an expert of the category whose vote closes it
    (the vote's own checks live in validation/expert_review/services.py)."""
    if not _ok(user, practice) or practice.state != PracticeState.EXPERT_REVIEW:
        return False
    return (is_asi_moderator(user) or _stage_moderator(user, practice)
            or (bool(practice.category_id) and has_role(user, Role.EXPERT, category=practice.category_id)))


@rule("rating_confirm")
def rating_confirm(user, practice):
    return (_ok(user, practice) and practice.state == PracticeState.RATING_COMMITTEE
            and has_role(user, Role.RATING_COMMITTEE))


@rule("publish_practice")
def publish_practice(user, practice):
    return _ok(user, practice) and practice.state == PracticeState.READY_TO_PUBLISH and is_asi_moderator(user)


@rule("delete_practice")
def delete_practice(user, practice):
    """Soft deletion (4.1.13): the author, while the practice is a draft or on revision."""
    return (_ok(user, practice) and practice.author_id == user.pk
            and practice.state in (PracticeState.DRAFT, PracticeState.REVISION))


# --- pages


def is_validation_participant(user, practice):
    """Who sees the review page: the region's coordinator, ASI moderators, expert-moderators of the
    category, the routed expert-moderator, the rating committee once the practice reached it."""
    if not _ok(user, practice):
        return False
    if is_reviewer_of(user, practice) or practice.expert_moderator_id == user.pk:
        return True
    return has_role(user, Role.RATING_COMMITTEE) and practice.state not in (PracticeState.DRAFT,)


@rule("review_practice")
def review_practice(user, practice):
    return is_validation_participant(user, practice) and practice.state != PracticeState.DRAFT


@rule("view_review_queue")
def view_review_queue(user, obj=None):
    """F-VAL-7: every reviewer role has a queue."""
    return any(has_role(user, role) for role in REVIEWER_ROLES)


# --- stage 3: the review round (F-VAL-3, F-VAL-4); the expert's own evaluation is asked in experts/permissions.py


@rule("invite_experts")
def invite_experts(user, practice):
    """The practice's expert-moderator, while the practice is in expert evaluation (4.4.8)."""
    return (practice is not None and practice.state == PracticeState.EXPERT_REVIEW
            and is_practice_expert_moderator(user, practice))


@rule("view_expert_review")
def view_expert_review(user, practice):
    """The page of the practice's stage 3 (invitations, who evaluated, the tally)."""
    return practice is not None and oversees_expert_review(user, practice)


@rule("view_evaluation_protocol")
def view_evaluation_protocol(user, review):
    """After the round closes: the expert-moderator, the ASI moderator, the experts of that round (full
    protocol) and the practice's team (outcome and points without names — see ``protocol_is_anonymous``)."""
    if review is None or review.closed_at is None or not _ok(user, review):
        return False
    if oversees_expert_review(user, review.practice):
        return True
    if review.invitations.filter(expert_id=user.pk).exists():
        return True
    return is_on_team(user, review.practice)


def protocol_is_anonymous(user, review):
    """The team sees the outcome, per-criterion answers and points, not the experts' names (choice)."""
    return not (oversees_expert_review(user, review.practice)
                or review.invitations.filter(expert_id=user.pk).exists())


# vote closing: validation/permissions_vote.py, imported here because SmartekaConfig.ready auto-imports
# only <app>.permissions
from validation import permissions_vote  # noqa: E402, F401
