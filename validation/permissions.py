"""The validation app's rules (F-ROLE-1), one per action, each role AND object AND state: moving a
practice through validation (SPEC §6), the review round of stage 3 (F-VAL-3, F-VAL-4), selections
(F-TRACK-4) and КСИ sessions (F-TRACK-5), and who downloads the files of validation's models (F-FILE-1).

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
from practices.models import MaterialKind, PracticeState, Track
from practices.permissions import is_on_team, is_reviewer_of
from smarteka.permissions import anonymous_allowed, can, has_role, rule
from smarteka.roles.models import Role
from validation.lifecycle import rules_actualization  # noqa: F401  (registers the rules of 4.5.4–4.5.6)
from validation.models import ApplicationStatus, SelectionState

REVIEW_STATES = (PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
                 PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH)

# the State Council letter may come while the practice is reviewed or revised (F-TRACK-2)
LETTER_STATES = (*REVIEW_STATES, PracticeState.REVISION)
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
        return is_asi_moderator(user) or is_practice_expert_moderator(user, practice)
    if state == PracticeState.RATING_COMMITTEE:
        return is_asi_moderator(user) or has_role(user, Role.RATING_COMMITTEE)
    if state == PracticeState.READY_TO_PUBLISH:
        return is_asi_moderator(user)
    return False


@rule("resolve_revision_points")
def resolve_revision_points(user, practice):
    """F-PLUS-8: once the revised practice is back at a review stage, the reviewer who may return it there
    (the table above: the coordinator of its region, the routed expert-moderator of its category, the ASI
    moderator, the rating committee) marks each answered point resolved or reopens it. Choice: the points of
    the experts' vote are resolved by the reviewer of the stage the practice comes back to."""
    return (_ok(user, practice) and practice.state in REVIEW_STATES and return_for_revision(user, practice))


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
    if state in (PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW, PracticeState.READY_TO_PUBLISH,
                 PracticeState.REVISION):
        # on revision (4.1.9): e.g. «непредставления дополнительных материалов…» when the author is silent
        return is_asi_moderator(user)
    return False


def is_partner(user):
    """A State Council commission or a federal body (2.2.4–2.2.5): the Partner role."""
    return user is not None and user.is_authenticated and has_role(user, Role.PARTNER)


def recommended_by(user, practice):
    """The partner recorded its recommendation letter on this practice (F-TRACK-2, SPEC §1 choice)."""
    return (is_partner(user) and practice is not None
            and practice.materials.filter(kind=MaterialKind.STATE_COUNCIL_LETTER, added_by=user).exists())


@rule("attach_state_council_letter")
def attach_state_council_letter(user, practice):
    """F-TRACK-2 (3.2.2, 4.3.2): the commission's / federal body's letter and protocol — attached to a
    submitted practice of that track, at any stage before publication, by the ASI moderator who received
    it or by the Partner (the commission or federal body) that sent it (2.2.5 «валидатор практик»)."""
    return (_ok(user, practice) and practice.track == Track.STATE_COUNCIL
            and practice.state in LETTER_STATES and (is_asi_moderator(user) or is_partner(user)))


@rule("view_partner_recommendations")
def view_partner_recommendations(user, obj=None):
    """The Partner's page: its recommendation letters and the practices it recommended (2.2.5)."""
    return is_partner(user)


@rule("set_practice_category")
def set_practice_category(user, practice):
    """Прил.2 «Я не знаю, что выбрать» — «наши модераторы помогут»: the ASI moderator sets the real category
    of a confirmed practice before routing it (no expert-moderator holds the «don't know» category)."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING and is_asi_moderator(user)
            and practice.category is not None and practice.category.is_unknown)


@rule("route_to_expert_moderator")
def route_to_expert_moderator(user, practice):
    """F-VAL-2: the ASI moderator routes a confirmed practice (in packaging) to an expert-moderator of its
    category — once it has a real one (Прил.2: «Я не знаю, что выбрать» is set first)."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING and is_asi_moderator(user)
            and not (practice.category is not None and practice.category.is_unknown))


@rule("package_practice")
def package_practice(user, practice):
    """F-VAL-2: comments, request for materials, level, «упакована» — the routed expert-moderator."""
    return (_ok(user, practice) and practice.state == PracticeState.PACKAGING
            and is_assigned_expert_moderator(user, practice))


@rule("mark_packaged")
def mark_packaged(user, practice):
    """F-VAL-2: «Практика упакована» — the routed expert-moderator, once (marked again only after a return)."""
    return package_practice(user, practice) and not practice.packaged_at


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
    """Closing the expert stage with the experts' decision (F-VAL-3 online, F-VAL-4 offline, 4.4.7–4.4.8):
    the practice's expert-moderator only, who organises the evaluation and «переводит практику в статус,
    соответствующий решению экспертов». Choice: an explicit action (not automatic on the third vote), so
    a late evaluation is never cut off and the moderator reads the points first; the vote's own checks
    (three evaluations, a majority) live in validation/expert_review/services.py."""
    return (_ok(user, practice) and practice.state == PracticeState.EXPERT_REVIEW
            and is_practice_expert_moderator(user, practice))


@rule("rating_confirm")
def rating_confirm(user, practice):
    return (_ok(user, practice) and practice.state == PracticeState.RATING_COMMITTEE
            and has_role(user, Role.RATING_COMMITTEE))


@rule("publish_practice")
def publish_practice(user, practice):
    return _ok(user, practice) and practice.state == PracticeState.READY_TO_PUBLISH and is_asi_moderator(user)


def is_own_unsubmitted_draft(user, practice):
    """The author's draft that never went to the region: nobody else has seen it, the author may drop it."""
    return (_ok(user, practice) and practice.author_id == user.pk and practice.state == PracticeState.DRAFT
            and practice.submitted_at is None)


@rule("delete_practice")
def delete_practice(user, practice):
    """Soft deletion (4.1.13): «Модератор АСИ может удалить практику … по официальному обращению автора
    практики, регионального координатора и/или уполномоченного лица субъекта»; the author alone deletes only
    a draft never submitted."""
    if is_own_unsubmitted_draft(user, practice):
        return True
    # choice: an actualization's edit copy (F-ACT-1) is not deleted alone; it ends with its published practice
    return (_ok(user, practice) and practice.state != PracticeState.DELETED and practice.actualization_of_id is None
            and is_asi_moderator(user))


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
    """The review page: the validation participants; the Partner that recommended the practice follows it
    there through every stage (read-only: no action rule lets it act)."""
    if practice is None or practice.state == PracticeState.DRAFT:
        return False
    return is_validation_participant(user, practice) or recommended_by(user, practice)


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


@rule("replace_expert")
def replace_expert(user, invitation):
    """F-PLUS-7: the practice's expert-moderator replaces, from the pool, an invited expert who declined
    (a declared conflict of interests included) or whose term passed without an evaluation, while the
    round is open (keeping the three experts of 4.4.8)."""
    if invitation is None or not _ok(user, invitation.practice):
        return False
    return (invitation.review.closed_at is None and invitation.replaced_at is None
            and (invitation.declined_at is not None or invitation.is_overdue())
            and invitation.evaluation_or_none is None and invite_experts(user, invitation.practice))


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


@rule("apply_meeting_outcome")
def apply_meeting_outcome(user, item):
    """The expert-moderator moves a practice per the signed protocol of an offline meeting (4.4.7)."""
    if item is None:
        return False
    practice = item.practice
    return (practice.state == PracticeState.EXPERT_REVIEW and practice.category_id == item.meeting.pool.category_id
            and is_practice_expert_moderator(user, practice))


@rule("set_meeting_outcome")
def set_meeting_outcome(user, item):
    """Record the protocol's decision on a practice of the meeting: those who hold the meeting, until the
    decision is applied (F-VAL-4)."""
    return item is not None and item.applied_at is None and can(user, "manage_pool_meeting", item.meeting)


@rule("apply_recorded_outcome")
def apply_recorded_outcome(user, item):
    """The meeting page offers «Перевести практику в статус по решению» once the protocol's decision is
    recorded and not yet applied, to those who hold the meeting; applying it asks ``apply_meeting_outcome``."""
    return (item is not None and bool(item.outcome) and item.applied_at is None
            and can(user, "manage_pool_meeting", item.meeting))


# --- selections (F-TRACK-4) and КСИ sessions (F-TRACK-5)
#
# Choices (SPEC is silent):
# * a selection is managed (created, edited, announced, moved through its stages) by the ASI
#   moderator (3.2.6: the Agency «разрабатывает страницу отбора», «осуществляет модерацию»);
# * applications are moderated by the ASI moderator and by the selection's registered experts;
# * КСИ sessions are recorded by the ASI moderator and seen by the Agency's roles: ASI moderator,
#   expert-moderators, implementation moderators, rating committee, federal-district curators.

AGENCY_ROLES = (Role.ASI_MODERATOR, Role.EXPERT_MODERATOR, Role.IMPLEMENTATION_MODERATOR,
                Role.RATING_COMMITTEE, Role.FD_CURATOR)


def is_selection_expert(user, selection):
    if selection is None or user is None or not user.is_authenticated:
        return False
    return selection.experts.filter(pk=user.pk).exists()


@rule("view_selection")
@anonymous_allowed
def view_selection(user, selection):
    """Announced selections are public; a draft only for the ASI moderator and the Partner that asked for
    the selection (3.2.5: the commission initiates it; 2.2.5 «стратегический заказчик»)."""
    if selection is None:
        return False
    if selection.is_public:
        return True
    return user is not None and user.is_authenticated and (
        has_role(user, Role.ASI_MODERATOR) or initiated_by(user, selection))


def initiated_by(user, selection):
    """The Partner whose request launched the selection (``launch_requested_by``)."""
    return is_partner(user) and selection.launch_requested_by_id == user.pk


@rule("manage_selections")
def manage_selections(user, selection=None):
    return has_role(user, Role.ASI_MODERATOR)


@rule("announce_selection")
def announce_selection(user, selection):
    """Announcing is the ASI moderator's, once, from the draft (3.2.6)."""
    return (selection is not None and selection.state == SelectionState.DRAFT
            and can(user, "manage_selections", selection))


@rule("apply_to_selection")
def apply_to_selection(user, selection):
    """A practice author (Author role) while the selection's intake is open."""
    return selection is not None and selection.is_intake_open() and has_role(user, Role.AUTHOR)


@rule("apply_practice_to_selection")
def apply_practice_to_selection(user, practice):
    """Only the practice's own author tags it with a selection, and not once deleted, rejected or archived."""
    return (practice is not None and practice.author_id == user.pk
            and practice.state not in (PracticeState.DELETED, PracticeState.REJECTED, PracticeState.ARCHIVED))


@rule("withdraw_selection_application")
def withdraw_selection_application(user, application):
    """The practice's author withdraws an application not yet accepted, while intake is open."""
    return (application is not None and application.practice.author_id == user.pk
            and application.status == ApplicationStatus.PENDING and application.selection.is_intake_open())


@rule("moderate_selection")
def moderate_selection(user, selection):
    """Moderate applications and mark winners: the ASI moderator or the selection's experts,
    while intake or evaluation is under way."""
    if selection is None or selection.state not in (SelectionState.INTAKE, SelectionState.EVALUATION):
        return False
    return has_role(user, Role.ASI_MODERATOR) or is_selection_expert(user, selection)


@rule("mark_selection_winner")
def mark_selection_winner(user, application):
    """Mark an accepted application a winner while the selection's applications are evaluated."""
    if application is None or application.status != ApplicationStatus.ACCEPTED:
        return False
    selection = application.selection
    return selection.state == SelectionState.EVALUATION and can(user, "moderate_selection", selection)


@rule("view_selection_applications")
def view_selection_applications(user, selection):
    """The full list with pending and refused applications and reasons: the ASI moderator, the selection's
    experts, and the Partner that initiated the selection (it follows its own selection, 2.2.5)."""
    if selection is None:
        return False
    return (has_role(user, Role.ASI_MODERATOR) or is_selection_expert(user, selection)
            or initiated_by(user, selection))


@rule("view_selection_application")
def view_selection_application(user, application):
    """Who may know an application exists (F-ROLE-1): those who see the selection's full list, the
    practice's author, and — once accepted — whoever sees the selection (its page lists the accepted ones)."""
    if application is None or not view_selection(user, application.selection):
        return False
    return (application.status == ApplicationStatus.ACCEPTED or application.practice.author_id == user.pk
            or view_selection_applications(user, application.selection))


@rule("view_ksi")
def view_ksi(user, session=None):
    return any(has_role(user, role) for role in AGENCY_ROLES)


@rule("manage_ksi")
def manage_ksi(user, session=None):
    return has_role(user, Role.ASI_MODERATOR)


# --- who may download the files of validation's models (F-FILE-1; asked by smarteka/files/permissions.py)


@rule("download_file:validation.selection")
def download_selection_file(user, stored_file):
    """Files of a selection are uploaded public; a private one only to those who manage it."""
    return can(user, "manage_selections", stored_file.owner)


@rule("download_file:validation.ksisession")
def download_ksi_file(user, stored_file):
    """The protocol is seen by whoever may see the session (F-TRACK-5)."""
    return can(user, "view_ksi", stored_file.owner)


# --- a practice's life after publication (issue 21): the yearly audit, archiving and the return from the
# knowledge base (rules_archiving), author replacement, deletion recovery and contacts (permissions_stewardship,
# 4.1.11–4.1.13) register their rules from their own modules
from validation.lifecycle import permissions_stewardship, rules_archiving  # noqa: E402, F401
