"""Who may do what to a practice (each part of issue 5 appends its own rules below)."""

from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role

# --- submission and versions (F-PASS-4, F-PASS-5)


def _is_joined_member(user, practice):
    from practices.models import TeamMember

    return TeamMember.objects.filter(practice=practice, user=user, joined_at__isnull=False).exists()


@rule("submit_practice")
def submit_practice(user, practice):
    """Choice: only the author submits (and resubmits after revision), from draft or revision."""
    from practices.models import PracticeState

    return (practice is not None and practice.author_id == user.pk
            and practice.state in (PracticeState.DRAFT, PracticeState.REVISION))


@rule("view_practice_versions")
def view_practice_versions(user, practice):
    """Those who may see the unpublished passport: author, team, the region's coordinator, the ASI
    moderator, expert-moderators of the practice's category."""
    if practice is None:
        return False
    if practice.author_id == user.pk or _is_joined_member(user, practice):
        return True
    if has_role(user, Role.COORDINATOR, region=practice.region_id):
        return True
    if has_role(user, Role.ASI_MODERATOR):
        return True
    return bool(practice.category_id and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id))
