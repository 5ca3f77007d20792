"""Rules of the yearly audit (4.5.3, F-ACT-2), archiving proposals and the return from the knowledge base
(4.2.1.4–4.2.1.5, 4.6.1, F-ARCH-1), imported by ``validation/permissions.py``. Each answers for the role
AND the object: an expert-moderator only for practices of their own categories, the ASI moderator for all;
the author, the team and the coordinator take no part (they are notified).

Who does what:

=============================  ===============================================================
action                         who
=============================  ===============================================================
view_audit_worklist            expert-moderators (their categories), the ASI moderator (all)
audit_practice                 an expert-moderator of the practice's category (4.5.3)
propose_archiving              an expert-moderator of the practice's category (4.2.1.4)
confirm/dismiss a proposal     an expert-moderator of the practice's category, while it awaits them
accept/decline a proposal      the ASI moderator, once the expert-moderator proposed (4.6.1)
archive_practice               the ASI moderator, a published practice (the transition's rule)
restore_from_archive           the ASI moderator, an archived practice (issue 21 item 4)
=============================  ===============================================================
"""

from practices.enums import PracticeState
from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role
from validation.lifecycle.models_archiving import ProposalState


def _user_ok(user):
    return user is not None and user.is_authenticated


def _asi(user):
    return _user_ok(user) and has_role(user, Role.ASI_MODERATOR)


def category_expert_moderator(user, practice):
    return (_user_ok(user) and practice is not None and bool(practice.category_id)
            and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id))


@rule("view_audit_worklist")
def view_audit_worklist(user, obj=None):
    """F-ACT-2: the expert-moderators (their categories' practices) and the ASI moderator (all, read-only)."""
    return _user_ok(user) and (has_role(user, Role.EXPERT_MODERATOR) or has_role(user, Role.ASI_MODERATOR))


@rule("audit_practice")
def audit_practice(user, practice):
    """4.5.3: «эксперты-модераторы ежегодно осуществляют аудит практик, опубликованных в основном каталоге» —
    an expert-moderator of the practice's category, a published practice."""
    return (practice is not None and practice.state == PracticeState.PUBLISHED
            and category_expert_moderator(user, practice))


@rule("propose_archiving")
def propose_archiving(user, practice):
    """4.2.1.4: the decision to archive is the expert-moderator's (of the practice's category). A practice that
    was published (still, or archived or deleted since) is asked about; the service refuses an archived,
    deleted or already proposed one with a Russian message rather than a bare 403."""
    return (practice is not None
            and practice.state in (PracticeState.PUBLISHED, PracticeState.ARCHIVED, PracticeState.DELETED)
            and category_expert_moderator(user, practice))


@rule("view_archive_proposals")
def view_archive_proposals(user, obj=None):
    """The lists of archiving proposals: expert-moderators (their categories) and the ASI moderator."""
    return view_audit_worklist(user)


@rule("view_archive_proposal")
def view_archive_proposal(user, proposal):
    return proposal is not None and (_asi(user) or category_expert_moderator(user, proposal.practice))


@rule("confirm_archive_proposal")
def confirm_archive_proposal(user, proposal):
    """The daily check or an overdue actualization proposed; the expert-moderator of the category confirms
    with a ground and a justification (4.2.1.4–4.2.1.5)."""
    return (proposal is not None and proposal.state == ProposalState.AWAITING_EXPERT
            and category_expert_moderator(user, proposal.practice))


@rule("dismiss_archive_proposal")
def dismiss_archive_proposal(user, proposal):
    """… or finds the practice still worth the catalogue and dismisses the proposal with a reason."""
    return confirm_archive_proposal(user, proposal)


@rule("accept_archive_proposal")
def accept_archive_proposal(user, proposal):
    """4.6.1: «Модератор АСИ может направить практику … в публичный архив» — on a proposal the expert-moderator
    made, while the practice is published."""
    return (proposal is not None and proposal.state == ProposalState.PROPOSED and _asi(user)
            and proposal.practice.state == PracticeState.PUBLISHED)


@rule("decline_archive_proposal")
def decline_archive_proposal(user, proposal):
    return proposal is not None and proposal.state == ProposalState.PROPOSED and _asi(user)


@rule("archive_practice")
def archive_practice(user, practice):
    """The transition PUBLISHED → ARCHIVED (asked by ``validation.services.move`` and django-fsm)."""
    return practice is not None and practice.state == PracticeState.PUBLISHED and _asi(user)


@rule("restore_from_archive")
def restore_from_archive(user, practice):
    """Issue 21 item 4: the ASI moderator returns an archived practice to the catalogue (the regulation is
    silent; choice: with a reason, recorded in the history like every transition)."""
    return practice is not None and practice.state == PracticeState.ARCHIVED and _asi(user)
