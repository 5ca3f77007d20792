"""Permission rules of the practices app: role AND object AND state (F-PASS-1, F-PASS-3).

Other parts of issue 5 append their own rules below; keep each rule small and documented."""

from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role

EDITABLE_STATES = ("draft", "revision")


def is_team_member(user, practice):
    """The author or a joined member of this practice's team (F-ACC-4; the author is a member too)."""
    if practice.author_id == user.pk:
        return True
    from practices.models import TeamMember

    return TeamMember.objects.filter(practice=practice, user_id=user.pk).exists()


@rule("create_practice")
def create_practice(user, obj=None):
    """Only a holder of the Author role (passport access granted, F-ACC-3) starts a practice."""
    return has_role(user, Role.AUTHOR)


@rule("edit_passport")
def edit_passport(user, practice):
    """The author and the team edit the passport while it is a draft or returned for revision
    (F-PASS-3); a coordinator of the same region or a member of another practice may not."""
    return practice.state in EDITABLE_STATES and is_team_member(user, practice)


@rule("view_practice_draft")
def view_practice_draft(user, practice):
    """The unpublished passport and its preview: the author and team, the region's coordinator,
    the ASI moderator and expert-moderators of the practice's category."""
    return (
        is_team_member(user, practice)
        or has_role(user, Role.COORDINATOR, region=practice.region_id)
        or has_role(user, Role.ASI_MODERATOR)
        or (practice.category_id is not None
            and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id))
    )
