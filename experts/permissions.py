"""Who may do what with expert pools, the expert's own evaluations and pool meetings (F-VAL-3, F-VAL-4,
F-VAL-9).

The review round's rules (inviting, the vote page, the protocol, closing, applying a meeting's outcome)
belong to the app above experts; they build on the helpers here."""

from experts.models import Interests
from practices.models import PracticeState
from smarteka import usercache
from smarteka.permissions import has_role, role_categories, rule
from smarteka.roles.models import Role


def _authenticated(user):
    return user is not None and user.is_authenticated


def is_practice_expert_moderator(user, practice):
    """The expert-moderator the practice was routed to (``Practice.expert_moderator``, F-VAL-2); while
    none is set, any expert-moderator of its category. The role must still be held for the category."""
    if not _authenticated(user) or practice is None or not practice.category_id:
        return False
    if not has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id):
        return False
    routed_to = getattr(practice, "expert_moderator_id", None)
    return routed_to is None or routed_to == user.pk


def oversees_expert_review(user, practice):
    """Sees the progress of the vote (who evaluated and how): the practice's expert-moderator, the ASI moderator."""
    return _authenticated(user) and (has_role(user, Role.ASI_MODERATOR)
                                     or is_practice_expert_moderator(user, practice))


@rule("view_expert_pools")
def view_expert_pools(user, obj=None):
    return has_role(user, Role.ASI_MODERATOR) or bool(role_categories(user, Role.EXPERT_MODERATOR))


@rule("manage_expert_pool")
def manage_expert_pool(user, pool):
    """Add experts for a year, renew for the next year, end a membership, hold the pool's meetings: the
    ASI moderator, or an expert-moderator of the pool's category (4.4.2, Прил.3)."""
    if not _authenticated(user) or pool is None:
        return False
    return has_role(user, Role.ASI_MODERATOR) or has_role(user, Role.EXPERT_MODERATOR, category=pool.category_id)


@rule("view_expert_pool")
def view_expert_pool(user, pool):
    return manage_expert_pool(user, pool)


@rule("confirm_pool_members")
def confirm_pool_members(user, pool=None):
    """Granting the Expert role from the submitted list is the ASI moderator's (Прил.3)."""
    return has_role(user, Role.ASI_MODERATOR)


@rule("view_my_evaluations")
def view_my_evaluations(user, obj=None):
    return has_role(user, Role.EXPERT) or _authenticated(user) and usercache.remembered(
        user, "expert_invitations", user.expert_invitations.exists)


@rule("evaluate_practice")
def evaluate_practice(user, invitation):
    """Only the invited expert, once, while the round is open and the practice is in expert evaluation,
    and while they still hold the Expert role of the practice's category."""
    if invitation is None or not _authenticated(user) or invitation.expert_id != user.pk:
        return False
    practice = invitation.practice
    return (practice.state == PracticeState.EXPERT_REVIEW and invitation.review.closed_at is None
            and invitation.is_active and invitation.interests_cleared and invitation.evaluation_or_none is None
            and has_role(user, Role.EXPERT, category=practice.category_id))


@rule("declare_interests")
def declare_interests(user, invitation):
    """F-PLUS-7: the invited expert declares competing interests, once, before seeing the passport (choice:
    the regulation is silent; 4.4.7 asks an objective evaluation)."""
    if invitation is None or not _authenticated(user) or invitation.expert_id != user.pk:
        return False
    return (invitation.interests == Interests.PENDING and invitation.review.closed_at is None
            and invitation.is_active and invitation.evaluation_or_none is None)


@rule("decline_invitation")
def decline_invitation(user, invitation):
    if invitation is None or not _authenticated(user) or invitation.expert_id != user.pk:
        return False
    return (invitation.review.closed_at is None and invitation.is_active
            and invitation.evaluation_or_none is None)


@rule("view_evaluation")
def view_evaluation(user, invitation):
    """An expert sees their own evaluation; the overseers see everyone's (choice: the expert-moderator
    sees who evaluated and the decisions — they close the vote and invite a fourth on a tie)."""
    if invitation is None or not _authenticated(user):
        return False
    return invitation.expert_id == user.pk or oversees_expert_review(user, invitation.practice)


@rule("manage_pool_meeting")
def manage_pool_meeting(user, meeting):
    """Create a meeting, add members and practices, upload the protocol, set outcomes (F-VAL-4)."""
    return meeting is not None and manage_expert_pool(user, meeting.pool)


@rule("view_pool_meeting")
def view_pool_meeting(user, meeting):
    if meeting is None or not _authenticated(user):
        return False
    return manage_expert_pool(user, meeting.pool) or meeting.members.filter(pk=user.pk).exists()


@rule("download_file:experts.offlinemeeting")
def download_meeting_file(user, stored_file):
    """The signed protocol of a meeting (F-FILE-1): the pool's expert-moderators, the ASI moderator and the
    meeting's members."""
    return view_pool_meeting(user, stored_file.owner)
