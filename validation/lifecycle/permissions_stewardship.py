"""Rules of a practice's stewardship (issue 21; F-ARCH-2, F-ACC-5; regulation 4.1.11–4.1.13), each asking
the role AND the object: a coordinator of another region, an expert-moderator of another category and the
author of another practice are refused. Imported by ``validation/permissions.py`` (registered at start-up)."""

from practices.enums import PUBLIC_STATES, PracticeState
from smarteka.permissions import has_role, rule
from smarteka.roles.models import Role

# 4.1.11 «практики, размещенной на Платформе»: published, or kept in the knowledge base
PLACED_STATES = PUBLIC_STATES


def _user(user):
    return user is not None and user.is_authenticated


def _asi(user):
    return _user(user) and has_role(user, Role.ASI_MODERATOR)


def _coordinator_of_region(user, region_id):
    return _user(user) and region_id is not None and has_role(user, Role.COORDINATOR, region=region_id)


def _category_expert_moderator(user, practice):
    return (_user(user) and bool(practice.category_id)
            and has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id))


# --- author replacement (4.1.11)


def replacement_requester_role(user, practice):
    """"author" or "coordinator" — in what capacity ``user`` may ask to replace the practice's author, or ""."""
    if not _user(user) or practice is None:
        return ""
    if practice.author_id == user.pk:
        return "author"
    if _coordinator_of_region(user, practice.region_id):
        return "coordinator"
    return ""


@rule("request_author_replacement")
def request_author_replacement(user, practice):
    """4.1.11: «аргументированным запросом автора практики или регионального координатора» — the practice's
    author or the coordinator of its region, for a practice placed on the platform (published or in the
    knowledge base), while no other request awaits the ASI moderator."""
    if practice is None or practice.state not in PLACED_STATES or not replacement_requester_role(user, practice):
        return False
    pending = getattr(practice, "pending_author_replacements", None)  # prefetched by list pages (issue 17)
    if pending is not None:
        return not pending
    return not practice.author_replacements.filter(state="pending").exists()


@rule("decide_author_replacement")
def decide_author_replacement(user, replacement):
    """4.1.11: «Модератор АСИ может осуществить замену автора» — the ASI moderator carries out or declines a
    pending request, of a practice still placed on the platform."""
    return (replacement is not None and replacement.state == "pending"
            and replacement.practice.state in PLACED_STATES and _asi(user))


@rule("view_author_replacement")
def view_author_replacement(user, replacement):
    """The request's page: the ASI moderator, who asked, the old and the new author, the region's coordinator
    (the new author's phone is personal data for those who handle the request)."""
    if replacement is None or not _user(user):
        return False
    return (_asi(user) or user.pk in (replacement.requested_by_id, replacement.old_author_id, replacement.new_author_id)
            or _coordinator_of_region(user, replacement.practice.region_id))


@rule("view_author_replacements")
def view_author_replacements(user, obj=None):
    """The ASI moderator's list of requests awaiting a decision."""
    return _asi(user)


# --- recovery of a deleted practice (4.1.13)


@rule("restore_deleted")
def restore_deleted(user, practice):
    """4.1.13 deletion is soft; the ASI moderator, who deletes, recovers a deleted practice (choice: the
    regulation is silent — back to the state it was deleted from, with a reason, recorded)."""
    return practice is not None and practice.state == PracticeState.DELETED and _asi(user)


# --- contacts (4.1.12, F-ACC-5, F-DL-5, F-DL-6, F-DL-10)


@rule("request_contact_update")
def request_contact_update(user, region=None):
    """4.1.12: «Региональный координатор по запросу модератора АСИ обеспечивает актуализацию…» — the ASI
    moderator asks a region's coordinator."""
    return _asi(user)


@rule("view_contact_campaign")
def view_contact_campaign(user, obj=None):
    """The ASI moderator's page: which regions have not confirmed their contacts (F-DL-10)."""
    return _asi(user)


@rule("view_contact_requests")
def view_contact_requests(user, obj=None):
    """The coordinator's list of their regions' contact update requests."""
    return _user(user) and has_role(user, Role.COORDINATOR)


@rule("view_contact_request")
def view_contact_request(user, contact_request):
    """One request with the region's authors and teams to check: the coordinator of its region, the ASI
    moderator. Another region's coordinator does not see it (nor its people's contacts)."""
    if contact_request is None:
        return False
    return _asi(user) or _coordinator_of_region(user, contact_request.region_id)


@rule("confirm_contact_update")
def confirm_contact_update(user, contact_request):
    """4.1.12: the coordinator of the request's region confirms «контакты обновлены», once."""
    return (contact_request is not None and contact_request.confirmed_at is None
            and _coordinator_of_region(user, contact_request.region_id))


def _silence_moderator(user, practice):
    """4.1.12: «обращение эксперта-модератора или модератора АСИ» — an expert-moderator of the practice's
    category or the ASI moderator."""
    return _asi(user) or _category_expert_moderator(user, practice)


@rule("record_author_silence")
def record_author_silence(user, practice):
    """4.1.12 (F-DL-6): a moderator records that the author of a practice placed on the platform does not
    answer; once per practice until the author answers."""
    if practice is None or practice.state not in PLACED_STATES or not _silence_moderator(user, practice):
        return False
    return not practice.author_silences.filter(answered_at__isnull=True).exists()


@rule("mark_author_answered")
def mark_author_answered(user, practice):
    """The author answered after all: the moderator closes the open silence record (its clock stops)."""
    if practice is None or not _silence_moderator(user, practice):
        return False
    return practice.author_silences.filter(answered_at__isnull=True).exists()


@rule("view_deleted_practices")
def view_deleted_practices(user, obj=None):
    """The ASI moderator's list of deleted practices, from which a practice is recovered (4.1.13): deleted
    practices are hidden everywhere else."""
    return _asi(user)
