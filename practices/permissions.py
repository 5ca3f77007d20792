"""Who may do what to a practice (smarteka.permissions rules of the practices app)."""

from practices.enums import EDITABLE_STATES, PERSONAL_DATA_KINDS, PUBLIC_STATES, PracticeState, Track
from smarteka.permissions import anonymous_allowed, has_role, rule, user_fact
from smarteka.roles.models import Role

# --- materials and team (F-PASS-2, F-ACC-4, F-FILE-1)


def is_on_team(user, practice):
    """The author or a joined team member (a TeamMember row with this user)."""
    if practice is None or user is None or not user.is_authenticated:
        return False
    if practice.author_id == user.pk:
        return True
    if "team" in getattr(practice, "_prefetched_objects_cache", {}):  # list pages prefetch the team
        return any(member.user_id == user.pk for member in practice.team.all())
    if isinstance(getattr(practice, "members", None), list):  # the practice page's joined members, prefetched
        return any(member.user_id == user.pk for member in practice.members)
    return user_fact(user, ("on_team", practice.pk), practice.team.filter(user_id=user.pk).exists)


def is_reviewer_of(user, practice):
    """The region's coordinator, an ASI moderator, an expert-moderator of the practice's category."""
    if practice is None or user is None or not user.is_authenticated:
        return False
    if has_role(user, Role.ASI_MODERATOR) or has_role(user, Role.COORDINATOR, region=practice.region_id):
        return True
    return bool(practice.category_id) and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id)


# F-PLUS-7: an invited expert reads the passport once they declared no competing interests (or were invited
# before declarations existed) — the values of ``experts.models.Interests``, which this lower app may not import
INTERESTS_CLEARED = ("none", "not_asked")


def is_invited_expert(user, practice):
    """An expert invited to evaluate this practice (F-VAL-3) who has not declined: reads its files.
    Reads the reverse relation ``practice.expert_invitations`` (the experts app's model, not imported)."""
    if practice is None or user is None or not user.is_authenticated:
        return False
    return practice.expert_invitations.filter(expert_id=user.pk, declined_at__isnull=True, replaced_at__isnull=True,
                                              interests__in=INTERESTS_CLEARED).exists()


def file_is_public(practice, stored_file):
    """The cover and the materials marked «Показывать в каталоге» of a published or archived practice
    are open to everyone, anonymous visitors included (F-CAT-3)."""
    return practice.state in PUBLIC_STATES and (
        practice.cover_id == stored_file.pk or practice.materials.filter(file=stored_file, is_public=True).exists())


def is_verifying_committee(user, practice):
    """The rating committee while the practice is at its stage (Прил.3, F-VAL-4): it verifies what
    the practice claims and opens its materials and versions then — not drafts, not other stages."""
    if practice is None or user is None or not user.is_authenticated:
        return False
    return practice.state == PracticeState.RATING_COMMITTEE and has_role(user, Role.RATING_COMMITTEE)


def carries_personal_data(practice, stored_file):
    """The file is a material of a kind that carries personal data (the consents of 4.1.6)."""
    return practice.materials.filter(file=stored_file, kind__in=PERSONAL_DATA_KINDS).exists()


@rule("download_file:practices.practice")
@anonymous_allowed
def download_practice_file(user, stored_file):
    """Who may download a private file of a practice (F-FILE-1; asked by ``download_file``).

    Before publication: the team (author and joined members), the region's coordinator, the ASI
    moderator, expert-moderators of the category and the invited experts; the rating committee while
    the practice is at its stage (Прил.3), every file but the personal-data consents, which it does
    not verify (152-ФЗ: personal data only to those who need it). Once published (or archived), the
    cover and the materials marked «Показывать в каталоге» are open to everyone — never a consent
    (``Material`` forbids a public one)."""
    practice = stored_file.owner
    if file_is_public(practice, stored_file):
        return True
    if is_on_team(user, practice) or is_reviewer_of(user, practice) or is_invited_expert(user, practice):
        return True
    return is_verifying_committee(user, practice) and not carries_personal_data(practice, stored_file)


@rule("view_practice_materials")
def view_practice_materials(user, practice):
    return is_on_team(user, practice) or is_reviewer_of(user, practice)


@rule("change_practice_materials")
def change_practice_materials(user, practice):
    """The team fills the materials while the passport is a draft or on revision; the ASI moderator any time."""
    if practice is None:
        return False
    if has_role(user, Role.ASI_MODERATOR):
        return True
    return practice.state in EDITABLE_STATES and is_on_team(user, practice)


@rule("view_practice_team")
def view_practice_team(user, practice):
    return is_on_team(user, practice) or is_reviewer_of(user, practice)


@rule("change_practice_team")
def change_practice_team(user, practice):
    """Only the author (and the ASI moderator) changes the team — on the published practice, not on its
    actualization's edit copy (F-ACT-1: the copy's team is not copied back when the edit is accepted)."""
    if practice is None or practice.actualization_of_id is not None:
        return False
    return practice.author_id == user.pk or has_role(user, Role.ASI_MODERATOR)

# --- submission and versions (F-PASS-4, F-PASS-5)


@rule("submit_practice")
def submit_practice(user, practice):
    """Choice: only the author submits (and resubmits after revision), from draft or revision."""
    return (practice is not None and practice.author_id == user.pk
            and practice.state in (PracticeState.DRAFT, PracticeState.REVISION))


@rule("view_practice_versions")
def view_practice_versions(user, practice):
    """Those who may see the unpublished passport: author, team, the region's coordinator, the ASI
    moderator, expert-moderators of the practice's category; the rating committee while the practice
    is at its stage (Прил.3, F-VAL-4)."""
    return is_on_team(user, practice) or is_reviewer_of(user, practice) or is_verifying_committee(user, practice)


# --- passport editing and preview (F-PASS-1, F-PASS-3)



@rule("create_practice")
def create_practice(user, obj=None):
    """Only a holder of the Author role (passport access granted, F-ACC-3) starts a practice."""
    return has_role(user, Role.AUTHOR)


@rule("edit_passport")
def edit_passport(user, practice):
    """The author and the team edit the passport while it is a draft or returned for revision
    (F-PASS-3); a coordinator of the same region or a member of another practice may not."""
    return practice.state in EDITABLE_STATES and is_on_team(user, practice)


@rule("view_practice_draft")
def view_practice_draft(user, practice):
    """The unpublished passport and its preview: the author and team, the region's coordinator,
    the ASI moderator and expert-moderators of the practice's category."""
    return is_on_team(user, practice) or is_reviewer_of(user, practice)


# --- catalogue, practice page, «Полезно» (F-CAT-3, F-CAT-4, F-VAL-8)


def _public(practice):
    return practice is not None and practice.state in PUBLIC_STATES


def is_former_author(user, practice):
    """The author replaced by the ASI moderator (4.1.11, F-ARCH-2) keeps reading the practice and its history
    (not editing it). Reads the reverse relation ``practice.author_replacements`` of validation's model by its
    name (not imported): a carried-out replacement whose old author is the user."""
    if practice is None or user is None or not user.is_authenticated or practice.pk is None:
        return False
    return practice.author_replacements.filter(state="done", old_author_id=user.pk).exists()


@rule("view_history")
def view_history(user, practice):
    """A practice's transition history (F-VAL-8), the one rule for it: its team and reviewers (the
    region's coordinator, the ASI moderator, expert-moderators of its category), a former author replaced
    by the ASI moderator (4.1.11), the routed expert-moderator, and the rating committee once submitted. Another model's history gets its own
    named rule in its app."""
    if practice is None:
        return False
    if is_on_team(user, practice) or is_reviewer_of(user, practice):
        return True
    if user is None or not user.is_authenticated:
        return False
    if is_former_author(user, practice):
        return True
    # the routed expert-moderator and, past the draft, the rating committee (validation participants)
    return practice.expert_moderator_id == user.pk or (
        practice.state != PracticeState.DRAFT and has_role(user, Role.RATING_COMMITTEE))


@rule("view_practice")
@anonymous_allowed
def view_practice(user, practice):
    """Who may know the practice exists (F-ROLE-1; issue 13 item 14): everyone once it is published or
    archived; before that those who see its history (team, reviewers, the routed expert-moderator, the
    rating committee once submitted), the experts invited to evaluate it and the experts of the selection
    it applied to, and the Partners (2.2.5) for the submitted practices of the State Council track. Its pages answer 404 to anyone else — a 403 would confirm that the draft exists — and
    403 to those who see it but may not do what the page does."""
    if practice is None:
        return False
    if _public(practice):
        return True
    if user is None or not user.is_authenticated:
        return False
    if view_history(user, practice) or is_verifying_committee(user, practice):
        return True
    if (practice.track == Track.STATE_COUNCIL and practice.state != PracticeState.DRAFT
            and has_role(user, Role.PARTNER)):
        return True  # a commission / federal body records its letters on this track's submitted practices (3.2)
    # the experts and selections of the apps above practices, by their relation names (not imported)
    return (practice.expert_invitations.filter(expert_id=user.pk, interests__in=INTERESTS_CLEARED).exists()
            or type(practice).objects.filter(pk=practice.pk, selection_application__selection__experts=user).exists())


@rule("appreciate_practice")
def appreciate_practice(user, practice):
    """«Полезно»: any logged-in user, on a published or archived practice."""
    return _public(practice)


@rule("view_team_contacts")
def view_team_contacts(user, practice):
    """Team contacts on the public page are for logged-in users only (F-CAT-3)."""
    return _public(practice) or is_on_team(user, practice) or is_reviewer_of(user, practice)


@rule("preview_practice_as")
def preview_practice_as(user, practice):
    """F-PLUS-10 «Как это увидят другие»: the practice page rendered with the public's, a logged-in user's or
    the team's rules. Those who may see the practice's draft — its team and its reviewers (the region's
    coordinator, the ASI moderator, expert-moderators of its category) — in any state; choice: the regulation
    is silent, and a preview shows nothing beyond what these users already see."""
    return is_on_team(user, practice) or is_reviewer_of(user, practice)


@rule("answer_revision_points")
def answer_revision_points(user, practice):
    """F-PLUS-8: the practice's team (its author and joined members) answers the reviewer's points, while
    the practice is on revision (4.1.9)."""
    return practice is not None and practice.state == PracticeState.REVISION and is_on_team(user, practice)
