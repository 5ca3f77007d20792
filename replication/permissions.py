"""Who may do what in replication (SPEC §1 «Модератор внедрения», «Реципиент», «Куратор ФО»; §8, §9).

Every rule answers for the role AND the object: the implementation moderator acts only on the
requests assigned to him (a django-guardian object grant ``replication.moderate_replication`` made at
assignment), the recipient only on his own requests, the curator only in his federal district.
"""

from smarteka import usercache
from smarteka.permissions import has_object, has_role, rule
from smarteka.roles.models import Role

OPEN = ("requested", "assigned", "in_progress")
MODERATE_PERM = "replication.moderate_replication"


def is_asi(user):
    return has_role(user, Role.ASI_MODERATOR)


def is_recipient_of(user, req):
    return req is not None and req.recipient_id == user.pk


def is_moderator_of(user, req):
    """The implementation moderator assigned to this very request (role + object grant)."""
    return (req is not None and req.implementation_moderator_id == user.pk
            and has_role(user, Role.IMPLEMENTATION_MODERATOR) and has_object(user, MODERATE_PERM, req))


def is_author_or_mentor(user, practice):
    """The practice's author and the team members the author chose as mentors (F-REP-6)."""
    if practice is None:
        return False
    if practice.author_id == user.pk:
        return True
    return practice.team.filter(user_id=user.pk, is_mentor=True).exists()


def is_participant(user, req):
    """The people of the request's conversation: recipient, implementation moderator, author, mentors."""
    return is_recipient_of(user, req) or is_moderator_of(user, req) or is_author_or_mentor(user, req.practice)


# --- «Хочу внедрить» (F-REP-1)


@rule("request_replication")
def request_replication(user, practice):
    """Any signed-in user may open the form of a published practice; the head position and the
    complete profile (5.1.1) are checked by the service with a Russian explanation."""
    return practice is not None and practice.state == "published"


# --- seeing a request


@rule("view_replication_request")
def view_replication_request(user, req):
    if req is None:
        return False
    if is_asi(user) or is_participant(user, req):
        return True
    # the coordinators of both regions follow requests in and out (F-REPORT-1)
    return (has_role(user, Role.COORDINATOR, region=req.recipient_region_id)
            or has_role(user, Role.COORDINATOR, region=req.practice.region_id))


@rule("download_file:replication.replicationrequest")
def download_request_file(user, stored_file):
    """Documents, the letter, materials and message attachments of a request: everyone who may see
    the request (F-FILE-1; asked by ``smarteka.files.permissions.download_file``)."""
    return view_replication_request(user, stored_file.owner)


@rule("post_replication_message")
def post_replication_message(user, req):
    """The thread of F-REP-6: recipient, implementation moderator, author and mentors (and the ASI
    moderator, who coordinates all replication, 5.2.1) while the request is not closed."""
    return req is not None and req.state in (*OPEN, "done") and (is_participant(user, req) or is_asi(user))


# --- the ASI moderator (5.3.1.3, 5.3.1.4, 5.3.1.6, 5.3.3)


@rule("assign_implementation_moderator")
def assign_implementation_moderator(user, req):
    """Assign (or, while the work goes on, replace) the implementation moderator."""
    return req is not None and req.state in OPEN and is_asi(user)


@rule("start_implementation")
def start_implementation(user, req):
    return req is not None and req.state == "assigned" and is_asi(user)


@rule("complete_implementation")
def complete_implementation(user, req):
    return req is not None and req.state == "in_progress" and is_asi(user)


@rule("refuse_replication")
def refuse_replication(user, req):
    return req is not None and req.state in OPEN and is_asi(user)


@rule("view_replication_asi_queue")
def view_replication_asi_queue(user, obj=None):
    return is_asi(user)


# --- the implementation moderator (5.1.1, 5.3.1.4, 5.3.1.6)


@rule("record_replication_step")
def record_replication_step(user, req):
    """Contact made, kick-off meeting held."""
    return req is not None and req.state in ("assigned", "in_progress") and is_moderator_of(user, req)


@rule("dismiss_replication")
def dismiss_replication(user, req):
    return req is not None and req.state in ("requested", "assigned") and is_moderator_of(user, req)


@rule("check_replication_report")
def check_replication_report(user, req):
    return (req is not None and req.state == "in_progress" and req.completion_notified_at is not None
            and is_moderator_of(user, req))


@rule("view_implementation_queue")
def view_implementation_queue(user, obj=None):
    return has_role(user, Role.IMPLEMENTATION_MODERATOR)


# --- the recipient (5.1.1, 5.3.1.5, 5.3.4)


@rule("confirm_replication_readiness")
def confirm_replication_readiness(user, req):
    return req is not None and req.state == "assigned" and is_recipient_of(user, req)


@rule("upload_replication_document")
def upload_replication_document(user, req):
    """The roadmap and other documents: the recipient or the implementation moderator (5.1.1, 1.9)."""
    return (req is not None and req.state in ("assigned", "in_progress")
            and (is_recipient_of(user, req) or is_moderator_of(user, req)))


@rule("submit_replication_report")
def submit_replication_report(user, req):
    return req is not None and req.state == "in_progress" and is_recipient_of(user, req)


@rule("decline_replication")
def decline_replication(user, req):
    return req is not None and req.state in OPEN and is_recipient_of(user, req)


# --- events and curators (F-EVT-1, F-EVT-2)


@rule("view_events")
def view_events(user, obj=None):
    """The plan-schedule is for the platform's working users (any signed-in user)."""
    return True


@rule("manage_events")
def manage_events(user, event=None):
    """The Agency's units plan events (5.2.6); on the platform the ASI moderator keeps the plan."""
    return is_asi(user)


def curates_region(user, region):
    if region is None or region.federal_district_id is None:
        return False
    return has_role(user, Role.FD_CURATOR, federal_district=region.federal_district_id)


@rule("record_region_interest")
def record_region_interest(user, event):
    """A federal-district curator (any district; each region is checked in the service) or the ASI
    moderator records regions' feedback after an event (5.3.1.1)."""
    return event is not None and (is_asi(user) or has_role(user, Role.FD_CURATOR))


@rule("record_interest_for_region")
def record_interest_for_region(user, region):
    return is_asi(user) or curates_region(user, region)


@rule("offer_replication")
def offer_replication(user, record):
    """A region that said it is interested after an event may be offered the practice (Прил.4) by the
    ASI moderator or the curator of its district (``replication.events.services.offer_practice``)."""
    return record is not None and record.interest == "interested" and record_interest_for_region(user, record.region)


@rule("send_interest_summary")
def send_interest_summary(user, event):
    return event is not None and has_role(user, Role.FD_CURATOR)


@rule("view_my_replication_requests")
def view_my_replication_requests(user, obj=None):
    """«Мои заявки» in the menu: heads and recipients, and anyone who has filed a request."""
    return user.is_head or has_role(user, Role.RECIPIENT) or usercache.remembered(
        user, "replication_requests", user.replication_requests.exists)


@rule("view_replication_summary")
def view_replication_summary(user, obj=None):
    """F-REPORT-3 (5.3.5): the annual summary is the Agency's — the ASI moderator (the division «Развитие регионов
    и инвестиции» that makes it) and the expert-moderators (the profile units it is presented to, who decide on
    actualization and archiving, 4.2.1.4). Choice: implementation moderators, coordinators, curators and the
    others do not see it (a coordinator's figures are the region's dashboard, F-REPORT-1); starting its export
    is the same right."""
    return (user is not None and user.is_authenticated
            and (has_role(user, Role.ASI_MODERATOR) or has_role(user, Role.EXPERT_MODERATOR)))
