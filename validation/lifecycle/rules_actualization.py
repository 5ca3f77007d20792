"""Rules of actualization (4.5.4–4.5.6, F-ACT-1), imported by validation/permissions.py. Each answers for
the role AND the object: an expert-moderator of another category, a coordinator of another region and
another practice's author are refused.

==========================  ===============================================================================
rule                        who, on what
==========================  ===============================================================================
view_actualization          the practice's team and reviewers (coordinator of its region, ASI moderator,
                            expert-moderators of its category): the page of its actualization requests
request_actualization       on a published practice: the ASI moderator, an expert-moderator of its
                            category, the coordinator of its region (4.5.4), its author and team (4.5.5)
grant_actualization         the ASI moderator, on a request waiting for the grant (4.5.6)
submit_actualization        the author, on the edit copy being edited (4.5.4: the author actualizes)
review_actualization        an expert-moderator of the published practice's category or the ASI moderator,
                            on the edit copy under review: accept or return it
==========================  ===============================================================================
"""

from practices.enums import PracticeState
from practices.permissions import is_on_team, is_reviewer_of
from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role


def _authenticated(user):
    return user is not None and user.is_authenticated


def may_ask_as_reviewer(user, practice):
    """4.5.4: an expert-moderator of the practice's category, the ASI moderator, the coordinator of its region."""
    return is_reviewer_of(user, practice)


def is_original(practice):
    return practice is not None and practice.actualization_of_id is None


@rule("view_actualization")
def view_actualization(user, practice):
    """The actualization page of a published (or archived) practice: its team and reviewers."""
    return (_authenticated(user) and is_original(practice)
            and practice.state in (PracticeState.PUBLISHED, PracticeState.ARCHIVED)
            and (is_on_team(user, practice) or is_reviewer_of(user, practice)))


@rule("request_actualization")
def request_actualization(user, practice):
    """4.5.4 (the reviewers) and 4.5.5 (the author and team) ask to actualize a published practice. A second
    open request is refused by the service with a Russian message, not hidden by the rule."""
    return (_authenticated(user) and is_original(practice) and practice.state == PracticeState.PUBLISHED
            and (may_ask_as_reviewer(user, practice) or is_on_team(user, practice)))


@rule("grant_actualization")
def grant_actualization(user, request):
    """4.5.6: «Модератор АСИ предоставляет доступ автору к редактированию паспорта практики»."""
    return (_authenticated(user) and request is not None and request.state == "requested"
            and request.practice.state == PracticeState.PUBLISHED and has_role(user, Role.ASI_MODERATOR))


@rule("submit_actualization")
def submit_actualization(user, practice):
    """The author sends the edit for review (4.5.4: «автор практики должен актуализировать сведения»);
    choice: the author alone, as with the first submission (``submit_practice``)."""
    return (_authenticated(user) and practice is not None and practice.actualization_of_id is not None
            and practice.state == PracticeState.ACTUALIZATION and practice.author_id == user.pk)


@rule("review_actualization")
def review_actualization(user, practice):
    """Accept or return the edit (F-ACT-1): an expert-moderator of the published practice's category, who
    audits it (4.5.3), or the ASI moderator."""
    if not (_authenticated(user) and practice is not None and practice.actualization_of_id is not None
            and practice.state == PracticeState.ACTUALIZATION_REVIEW):
        return False
    if has_role(user, Role.ASI_MODERATOR):
        return True
    category_id = practice.actualization_of.category_id
    return bool(category_id) and has_role(user, Role.EXPERT_MODERATOR, category=category_id)
