"""The objects the URL matrix requests, built once per test module (issue 15 item 1).

``World`` is a registry of named builders, each run at most once: ``w("published")`` builds the published
practice (and whatever it needs) on first use and returns the same object afterwards. The module fixture of
test_url_matrix.py builds every name the matrix entries use inside one transaction before the first request;
each request then runs in a savepoint that is rolled back, so a POST never changes what the next one sees.

The users are those of tests/conftest.py (same e-mails, same scopes, ``_user``), plus the out-of-scope twins
the issue asks for: an author of another region, an expert of another category, a second implementation
moderator, a recipient of another region, a federal-district curator and a member of the practice's team.
The practices come from ``practice_maker`` (the ``practice_in`` of tests/conftest.py): every state reached by
the validation services, history and deadlines included.
"""

import datetime
import time

from django.core.files.base import ContentFile
from django.utils import timezone

from experts import services as expert_services
from experts.models import PoolMembership
from practices.models import EventFormat, Practice, PracticeState, TeamMember
from replication import services as replication_services
from replication.models import Event, RegionInterest
from smarteka.accounts.models import AccessRequest
from smarteka.files.services import store_upload
from smarteka.notifications.services import notify
from smarteka.roles.models import Role, RoleGrant
from smarteka.workcalendar.models import CalendarDay, CalendarYear
from smarteka.workcalendar.seed import seed, seed_years
from smarteka.workcalendar.services import invalidate
from tests import factories
from tests.conftest import _user, practice_maker
from tests.experts.conftest import CRITERIA_OK
from tests.replication.conftest import make_request
from tests.validation.lifecycle_helpers import propose
from tests.validation.test_selections import make_selection
from validation import services as validation_services
from validation.expert_review.services import add_meeting_practice, invite_expert
from validation.lifecycle import actualization, contacts, stewardship
from validation.lifecycle.models_stewardship import ContactReason
from validation.models import ApplicationStatus, KsiSession, SelectionApplication, SelectionState

S = PracticeState

# --- users: who asks (the column of the matrix). Anonymous is ``None``.
USERS = [
    "anonymous", "outsider", "author", "author_b", "team_member", "coordinator", "coordinator_b", "asi",
    "expert_moderator", "expert_moderator_b", "expert", "expert_b", "impl_moderator", "impl_moderator_b",
    "recipient", "recipient_b", "partner", "rating_committee", "fd_curator",
]

BUILDERS = {}


def builder(name):
    def register(func):
        BUILDERS[name] = func
        return func
    return register


class World:
    """``w(name)``: the object named ``name``, built on first use."""

    def __init__(self):
        self._built = {}
        self.timings = {}  # seconds per builder, its dependencies included
        self.users = {}  # the users as the requests load them (set by the module fixture)
        self.fresh = {}  # objects as the database holds them, re-read once per test (``expect.resolve``)

    def __call__(self, name):
        if name not in self._built:
            started = time.perf_counter()
            self._built[name] = BUILDERS[name](self)
            self.timings[name] = time.perf_counter() - started
        return self._built[name]

    def user(self, key):
        if key == "anonymous":
            return None
        return self.users.get(key) or self(key)


# --- regions, categories, the calendar


@builder("region_a")
def _region_a(w):
    return factories.region("28", "Амурская область")


@builder("region_b")
def _region_b(w):
    return factories.region("16", "Республика Татарстан",
                            district=factories.federal_district("Приволжский федеральный округ", "ПФО"))


@builder("category_a")
def _category_a(w):
    return factories.category("zdravookhranenie")


@builder("category_b")
def _category_b(w):
    return factories.category("obrazovanie")


@builder("calendar")
def _calendar(w):
    if not CalendarDay.objects.filter(date="2026-01-09").exists():
        seed(CalendarDay)
    seed_years(CalendarYear)
    invalidate()
    return True


# --- users in scope and out of scope


def _role_user(name, email, region_key, role=None, scope_key=None, scope_field=None):
    @builder(name)
    def build(w):
        scope = {scope_field: w(scope_key)} if scope_key else {}
        return _user(email, w(region_key) if region_key else None, role, **scope)
    return build


_role_user("author", "author@example.ru", "region_a", Role.AUTHOR, "region_a", "region")
_role_user("author_b", "author-b@example.ru", "region_b", Role.AUTHOR, "region_b", "region")
_role_user("coordinator", "coordinator@example.ru", "region_a", Role.COORDINATOR, "region_a", "region")
_role_user("coordinator_b", "coordinator-b@example.ru", "region_b", Role.COORDINATOR, "region_b", "region")
_role_user("asi", "asi@example.ru", None, Role.ASI_MODERATOR)
_role_user("expert_moderator", "expert-moderator@example.ru", None, Role.EXPERT_MODERATOR, "category_a", "category")
_role_user("expert_moderator_b", "expert-moderator-b@example.ru", None, Role.EXPERT_MODERATOR, "category_b",
           "category")
_role_user("impl_moderator", "impl-moderator@example.ru", None, Role.IMPLEMENTATION_MODERATOR)
_role_user("impl_moderator_b", "impl-moderator-2@example.ru", None, Role.IMPLEMENTATION_MODERATOR)
_role_user("partner", "partner@example.ru", None, Role.PARTNER)
_role_user("rating_committee", "rating@example.ru", None, Role.RATING_COMMITTEE)
_role_user("outsider", "outsider@example.ru", "region_b")


@builder("expert")
def _expert(w):
    """An expert of category A, a current member of its pool (invited to the practice under expert review)."""
    user = _user("expert1@example.ru", None, Role.EXPERT, category=w("category_a"))
    user.last_name = "Лебедев"
    user.save(update_fields=["last_name"])
    expert_services.add_member(expert_services.pool_for(w("category_a")), user, by=w("asi"), criteria=CRITERIA_OK,
                               basis="Список структурного подразделения")
    return user


@builder("expert_b")
def _expert_b(w):
    user = _user("expert-b@example.ru", None, Role.EXPERT, category=w("category_b"))
    expert_services.add_member(expert_services.pool_for(w("category_b")), user, by=w("asi"), criteria=CRITERIA_OK,
                               basis="Список структурного подразделения")
    return user


@builder("recipient")
def _recipient(w):
    """The recipient of region B who asked to replicate the published practice."""
    user = _user("recipient@example.ru", w("region_b"), Role.RECIPIENT, region=w("region_b"))
    user.is_head = True
    user.position = "Министр экономического развития"
    user.save()
    return user


@builder("recipient_b")
def _recipient_b(w):
    """A recipient of another region than the request's (region A)."""
    return _user("recipient-a@example.ru", w("region_a"), Role.RECIPIENT, region=w("region_a"))


@builder("fd_curator")
def _fd_curator(w):
    user = factories.UserFactory(email="curator@example.ru", region=w("region_b"), last_name="Белова")
    factories.grant(user, Role.FD_CURATOR, federal_district=w("region_b").federal_district)
    return user


@builder("team_member")
def _team_member(w):
    """A user on the team of every practice of the author (complete_practice adds its own two members;
    this one is added to each practice the world builds, see ``_practice``)."""
    return factories.UserFactory(email="team@example.ru", region=w("region_a"), last_name="Командная")


# --- practices in every state the pages care about


def _practice(state, **options):
    def build(w):
        w("calendar")
        make = practice_maker(w("author"), w("coordinator"), w("asi"), w("expert_moderator"), w("rating_committee"))
        practice = make(state, **options)
        TeamMember.objects.get_or_create(practice=practice, user=w("team_member"),
                                         defaults={"joined_at": timezone.now(), "invited_by": w("author")})
        # the card thumbnail set_cover would make (the factory stores the cover only)
        storage = Practice._meta.get_field("cover_thumbnail").storage
        name = storage.save(f"matrix-{practice.pk}.jpg", ContentFile(factories.image_bytes(400, 300)))
        Practice.objects.filter(pk=practice.pk).update(cover_thumbnail=name)
        return practice
    return build


for _state in (S.DRAFT, S.REGIONAL_REVIEW, S.REVISION, S.PACKAGING, S.EXPERT_REVIEW, S.PUBLISHED):
    builder(str(_state))(_practice(_state))
builder("actualization")(_practice(S.ACTUALIZATION))


@builder("invitation")
def _invitation(w):
    """The expert's invitation to evaluate the practice under expert review (F-VAL-3)."""
    return invite_expert(w("expert_review"), w("expert"), by=w("expert_moderator"))


@builder("membership")
def _membership(w):
    w("invitation")
    return PoolMembership.objects.get(user=w("expert"))


@builder("pool")
def _pool(w):
    w("expert")
    return expert_services.pool_for(w("category_a"))


@builder("meeting")
def _meeting(w):
    return expert_services.create_meeting(w("pool"), by=w("expert_moderator"), held_on=timezone.localdate(),
                                          place="АСИ, Москва")


@builder("meeting_item")
def _meeting_item(w):
    return add_meeting_practice(w("meeting"), w("expert_review_for_meeting"), by=w("expert_moderator"))


@builder("expert_review_for_meeting")
def _expert_review_for_meeting(w):
    return _practice(S.EXPERT_REVIEW)(w)


@builder("review")
def _review(w):
    w("invitation")
    return w("expert_review").expert_reviews.get()


# --- replication (issue 8)


@builder("replication_request")
def _replication_request(w):
    """The recipient's «Хочу внедрить» request on the published practice, the implementation moderator assigned."""
    req = make_request(w("published"), w("recipient"))
    return replication_services.assign_moderator(req, by=w("asi"), moderator=w("impl_moderator"))


@builder("event")
def _event(w):
    fmt = EventFormat.objects.order_by("pk").first() or EventFormat.objects.create(name="Демо-день")
    return Event.objects.create(title="Демо-день практик", format=fmt, date=timezone.localdate(), place="Казань",
                                organiser="Департамент тиражирования")


@builder("interest")
def _interest(w):
    return RegionInterest.objects.create(event=w("event"), region=w("region_b"), practice=w("published"),
                                         interest="interested", recorded_by=w("asi"))


# --- selections, KSI (F-TRACK-4, F-TRACK-5)


@builder("selection")
def _selection(w):
    return make_selection(w("asi"), state=SelectionState.INTAKE, experts=[w("expert")])


@builder("application")
def _application(w):
    return SelectionApplication.objects.create(selection=w("selection"), status=ApplicationStatus.PENDING,
                                               applied_by=w("author"), practice=w("draft"))


@builder("ksi")
def _ksi(w):
    return KsiSession.objects.create(title="Заседание КСИ", created_by=w("asi"), date=datetime.date(2026, 3, 2))


# --- accounts, roles, files, notices


@builder("access_request")
def _access_request(w):
    """A request for the Author role by a user of region A, awaiting the coordinator (4.1.3)."""
    applicant = factories.UserFactory(email="applicant@example.ru", region=w("region_a"), last_name="Заявкина")
    return AccessRequest.objects.create(user=applicant, region=w("region_a"))


@builder("grant")
def _grant(w):
    """The coordinator's role grant (what «Снять роль» acts on)."""
    return RoleGrant.objects.get(user=w("coordinator"), role=Role.COORDINATOR)


@builder("notice")
def _notice(w):
    return notify([w("author")], kind="test", title="Подпишите согласие", url="/practices/my/", requires_action=True,
                  email=False)[0]


@builder("draft_file")
def _draft_file(w):
    """A material of the draft (private until publication)."""
    return w("draft").materials.order_by("pk").first().file


@builder("request_file")
def _request_file(w):
    return store_upload(factories.pdf_upload("roadmap.pdf"), by=w("recipient"), owner=w("replication_request"),
                        kind="roadmap")


# --- stewardship, archiving, actualization (issue 21)


@builder("replacement")
def _replacement(w):
    practice = w("published")
    stewardship.request_author_replacement(practice, by=w("coordinator"), new_author=w("team_member"),
                                           phone="+7 (914) 111-22-33", reason="Автор уволился")
    return practice.author_replacements.get()


@builder("contact_request")
def _contact_request(w):
    return contacts.request_contact_update(w("region_a"), by=w("asi"), reason=ContactReason.LEFT_JOB)


@builder("deleted")
def _deleted(w):
    practice = _practice(S.DRAFT)(w)
    return validation_services.delete_practice(practice, by=w("asi"), requester=validation_services.DELETION_REQUESTERS[0],
                                               comment="Письмо автора",
                                               request_document=factories.pdf_upload("request.pdf"))


@builder("proposal")
def _proposal(w):
    return propose(_practice(S.PUBLISHED)(w), w("expert_moderator"))


@builder("archived")
def _archived(w):
    from validation.lifecycle import archiving
    practice = _practice(S.PUBLISHED)(w)
    proposal = propose(practice, w("expert_moderator"))
    archiving.archive(proposal, by=w("asi"))
    practice.refresh_from_db()
    return practice


@builder("actualization_requested")
def _actualization_requested(w):
    """A published practice with an open actualization request of its coordinator (awaiting the ASI grant)."""
    practice = _practice(S.PUBLISHED)(w)
    actualization.request_actualization(practice, by=w("coordinator"), reason="Обновите сведения о результатах")
    return practice
