"""Who may do what with selections (F-TRACK-4) and КСИ sessions (F-TRACK-5).

Imported by SmartekaConfig.ready with every ``<app>.permissions_*`` module.

Choices (SPEC is silent):
* a selection is managed (created, edited, announced, moved through its stages) by the ASI
  moderator (3.2.6: the Agency «разрабатывает страницу отбора», «осуществляет модерацию»);
* applications are moderated by the ASI moderator and by the selection's registered experts;
* КСИ sessions are recorded by the ASI moderator and seen by the Agency's roles: ASI moderator,
  expert-moderators, implementation moderators, rating committee, federal-district curators.
"""

from smarteka.permissions import anonymous_allowed, has_role, rule
from smarteka.roles.models import Role

AGENCY_ROLES = (Role.ASI_MODERATOR, Role.EXPERT_MODERATOR, Role.IMPLEMENTATION_MODERATOR,
                Role.RATING_COMMITTEE, Role.FD_CURATOR)


def is_selection_expert(user, selection):
    if selection is None or user is None or not user.is_authenticated:
        return False
    return selection.experts.filter(pk=user.pk).exists()


@rule("view_selection")
@anonymous_allowed
def view_selection(user, selection):
    """Announced selections are public; a draft only for the ASI moderator."""
    if selection is None:
        return False
    if selection.is_public:
        return True
    return user is not None and user.is_authenticated and has_role(user, Role.ASI_MODERATOR)


@rule("manage_selections")
def manage_selections(user, selection=None):
    return has_role(user, Role.ASI_MODERATOR)


@rule("apply_to_selection")
def apply_to_selection(user, selection):
    """A practice author (Author role) while the selection's intake is open."""
    return selection is not None and selection.is_intake_open() and has_role(user, Role.AUTHOR)


@rule("apply_practice_to_selection")
def apply_practice_to_selection(user, practice):
    """Only the practice's own author tags it with a selection, and not once deleted, rejected or archived."""
    from practices.models import PracticeState

    return (practice is not None and practice.author_id == user.pk
            and practice.state not in (PracticeState.DELETED, PracticeState.REJECTED, PracticeState.ARCHIVED))


@rule("withdraw_selection_application")
def withdraw_selection_application(user, application):
    """The practice's author withdraws an application not yet accepted, while intake is open."""
    from validation.models import ApplicationStatus

    return (application is not None and application.practice.author_id == user.pk
            and application.status == ApplicationStatus.PENDING and application.selection.is_intake_open())


@rule("moderate_selection")
def moderate_selection(user, selection):
    """Moderate applications and mark winners: the ASI moderator or the selection's experts,
    while intake or evaluation is under way."""
    from validation.models import SelectionState

    if selection is None or selection.state not in (SelectionState.INTAKE, SelectionState.EVALUATION):
        return False
    return has_role(user, Role.ASI_MODERATOR) or is_selection_expert(user, selection)


@rule("view_selection_applications")
def view_selection_applications(user, selection):
    """The full list with pending and refused applications and reasons."""
    if selection is None:
        return False
    return has_role(user, Role.ASI_MODERATOR) or is_selection_expert(user, selection)


@rule("view_ksi")
def view_ksi(user, session=None):
    return any(has_role(user, role) for role in AGENCY_ROLES)


@rule("manage_ksi")
def manage_ksi(user, session=None):
    return has_role(user, Role.ASI_MODERATOR)
