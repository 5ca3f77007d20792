"""Every action of expert pools and the review round × every named user (STYLE 8; F-ROLE-1; issue 13,
«Must show»): pools (F-VAL-9: the list, a pool, its members, confirming the list), invitations and the
round's page (F-VAL-3, in validation/expert_review), evaluations (F-VAL-3: evaluate, decline, the
protocol, closing the vote), offline meetings (F-VAL-4: create, members, agenda, protocol, outcome,
applying it) and their files (F-FILE-1).

Each case is allowed for the right roles on the right object — rule and page agree — and refused to
everyone else with nothing changed: 403 to whoever may know the object exists, 404 to whoever may not
(issue 13 item 14), the login page to an anonymous visitor.

What counts as known (a choice, SPEC is silent): a pool exists for every category and its meetings and
their agenda items are the pool's records — refusals there are 403 to everyone; an invitation, a
practice's review round and its protocol reveal an unpublished practice — known to its team, its
reviewers and the invited experts, 404 to anyone else; a private file, only to who may download it.

``COVERED_ACTIONS`` lists the rules these cases exercise (tests/smarteka/test_rule_coverage.py)."""

import itertools
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from experts import services as expert_services
from experts.criteria import CRITERION_CODES, Decision
from experts.models import (
    Evaluation,
    ExpertInvitation,
    ExpertReview,
    MeetingPractice,
    OfflineMeeting,
    Outcome,
    PoolMembership,
)
from practices.models import Practice, PracticeState
from smarteka.permissions import can
from tests import factories
from tests.experts.conftest import declared, evaluate_invitation
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db

ROLES = ["author", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "other_expert", "implementation_moderator",
         "rating_committee", "recipient", "outsider", "anonymous"]
LOGGED_IN = set(ROLES) - {"anonymous"}
MODERATORS = {"asi_moderator", "expert_moderator"}
# who knows a practice in expert evaluation: its team and reviewers (view_practice_draft)
# who may know a practice in expert evaluation exists (``view_practice``): its team and reviewers, the
# rating committee once it is submitted (issue 13 item 14)
PRACTICE_VIEWERS = {"author", "coordinator", "asi_moderator", "expert_moderator", "rating_committee"}
# who may know a pool or its meeting exists (``view_expert_pool``, ``view_pool_meeting``): those who hold the
# pool, and the meeting's members
MEETING_VIEWERS = MODERATORS | {"expert"}
_new = itertools.count(1)


class World:
    """The objects of one case, built on demand: pool_a (four experts of this year), practices in expert
    evaluation of ``author``, invitations of ``expert``, a meeting of the pool."""

    def __init__(self, users, pool, practice_in):
        self.users, self.pool, self.practice_in = users, pool, practice_in

    @property
    def em(self):
        return self.users["expert_moderator"]

    def practice(self, title="Бережливая поликлиника"):
        return self.practice_in(PracticeState.EXPERT_REVIEW, title=title)

    def invitation(self):
        return declared(review_services.invite_expert(self.practice(), self.users["expert"], by=self.em))

    def pending_invitation(self):
        """An invitation whose expert has not yet declared competing interests (F-PLUS-7)."""
        return review_services.invite_expert(self.practice(), self.users["expert"], by=self.em)

    def declined_invitation(self):
        """An invitation ``expert`` declined: the expert-moderator may replace them from the pool (F-PLUS-7)."""
        return expert_services.decline_invitation(self.invitation(), by=self.users["expert"], reason="Болезнь")

    def voted(self):
        """A practice with three approvals, ``expert`` among the voters."""
        practice = self.practice()
        voters = [self.users["expert"], *[u for u in self.pool_experts() if u != self.users["expert"]][:2]]
        for expert in voters:
            evaluate_invitation(declared(review_services.invite_expert(practice, expert, by=self.em)))
        return practice

    def closed_review(self):
        practice = self.voted()
        return review_services.close_expert_vote(practice, by=self.em)

    def pool_experts(self):
        return [m.user for m in self.pool.memberships.select_related("user").order_by("pk")
                if m.user != self.users["other_expert"]]

    def meeting(self, members=True):
        meeting = expert_services.create_meeting(self.pool, by=self.em, held_on=timezone.localdate(), place="АСИ")
        if members:
            expert_services.add_meeting_members(meeting, self.pool_experts()[:3], by=self.em)
        return meeting

    def meeting_with_candidates(self):
        """A meeting and two practices in expert evaluation to put on its agenda."""
        for n in (1, 2):
            self.practice(title=f"Практика на заседание {n}")
        return self.meeting()

    def meeting_with_protocol(self):
        meeting = self.meeting()
        return expert_services.upload_meeting_protocol(meeting, factories.pdf_upload("protocol.pdf"), by=self.em)

    def meeting_item(self, outcome=""):
        meeting = self.meeting_with_protocol()
        item = review_services.add_meeting_practice(meeting, self.practice(), by=self.em)
        if outcome:
            review_services.set_meeting_outcome(item, by=self.em, outcome=outcome)
        return item

    def pending_pool(self):
        """The pool with a new person on its list, waiting for the ASI moderator to grant the role."""
        newcomer = factories.UserFactory(last_name="Кандидатов", region=None)
        expert_services.add_member(self.pool, newcomer, by=self.em, criteria=["leadership", "legislation"],
                                   basis="Список подразделения")
        return self.pool


@dataclass
class Case:
    id: str
    actions: tuple
    allowed: set
    build: object  # (world) -> the object of the case
    request: object = None  # (obj, world) -> (method, url, data); None: a rule without a page of its own
    ok: int = 200
    mutates: bool = False
    sees: set | None = None  # who may know the object exists (403 when refused); None: everyone
    hides_today: bool = False  # the view already answers 404 to who may not know it
    rule_object: object = None  # (obj) -> the rule's object; default the object


def _post(name, data=lambda o, w: {}, pk=lambda o: o.pk):
    return lambda o, w: ("post", reverse(name, args=[pk(o)]), data(o, w))


def _get(name, pk=lambda o: o.pk):
    return lambda o, w: ("get", reverse(name, args=[pk(o)]), None)


def _member_data(pool, w):
    return {"email": factories.UserFactory(email=f"new-expert{next(_new)}@example.ru").email,
            "year": timezone.localdate().year, "criteria": ["leadership", "legislation"], "basis": "Приказ"}


def _not_renewed(pool):
    year = timezone.localdate().year
    renewed = pool.memberships.filter(year=year + 1).values("user_id")
    return pool.memberships.filter(year=year, ended_at=None).exclude(user_id__in=renewed).order_by("pk").first()


def _current(pool):
    return pool.memberships.filter(year=timezone.localdate().year, ended_at=None).order_by("-pk").first()


def _evaluation_data(invitation, w):
    return {"decision": Decision.APPROVE, **{f"criterion_{code}": "yes" for code in CRITERION_CODES}}


def _next_member(meeting, w):
    return {"members": [next(u.pk for u in w.pool_experts() if not meeting.members.filter(pk=u.pk).exists())]}


def _another_outcome(item, w):
    item.refresh_from_db()
    return {f"item{item.pk}-outcome": Outcome.REJECT if item.outcome == Outcome.APPROVE else Outcome.APPROVE}


def _agenda_practice(meeting, w):
    off_agenda = (Practice.objects.filter(category=meeting.pool.category, state=PracticeState.EXPERT_REVIEW)
                  .exclude(pk__in=meeting.items.values("practice_id")).order_by("pk"))
    return {"practice": off_agenda.first().pk}


CASES = [
    # pools (F-VAL-9, 4.4.2–4.4.5, Прил.3)
    Case("pools: list", ("view_expert_pools",), MODERATORS | {"expert_moderator_of_other_category"},
         lambda w: w.pool, lambda o, w: ("get", reverse("experts:pools"), None), rule_object=lambda o: None),
    Case("pool: page", ("view_expert_pool",), MODERATORS, lambda w: w.pool, _get("experts:pool"), sees=MODERATORS),
    Case("pool: add a member", ("manage_expert_pool",), MODERATORS, lambda w: w.pool,
         _post("experts:member_add", _member_data), ok=302, mutates=True, sees=MODERATORS),
    Case("pool: renew a member", ("manage_expert_pool",), MODERATORS, lambda w: w.pool,
         _post("experts:member_renew", pk=lambda o: _not_renewed(o).pk), ok=302, mutates=True, sees=MODERATORS),
    Case("pool: end a membership", ("manage_expert_pool",), MODERATORS, lambda w: w.pool,
         _post("experts:member_end", pk=lambda o: _current(o).pk), ok=302, mutates=True, sees=MODERATORS),
    Case("pool: confirm the list (grant the Expert role)", ("confirm_pool_members",), {"asi_moderator"},
         lambda w: w.pending_pool(), _post("experts:pool_confirm"), ok=302, mutates=True, sees=MODERATORS),
    # the round of stage 3 (F-VAL-3, 4.4.8): the practice's expert-moderator invites and closes
    Case("round: the practice's evaluation page", ("view_expert_review",), MODERATORS, lambda w: w.practice(),
         _get("expert_review:review"), sees=PRACTICE_VIEWERS),
    Case("round: invite an expert", ("invite_experts",), {"expert_moderator"}, lambda w: w.practice(),
         _post("expert_review:invite", lambda o, w: {"expert": w.pool_experts()[1].pk}), ok=302, mutates=True,
         sees=PRACTICE_VIEWERS),
    Case("round: close the vote", ("close_expert_review",), {"expert_moderator"}, lambda w: w.voted(),
         _post("expert_review:close"), ok=302, mutates=True, sees=PRACTICE_VIEWERS | {"expert"}),
    Case("round: the evaluation protocol", ("view_evaluation_protocol",), MODERATORS | {"expert", "author"},
         lambda w: w.closed_review(), _get("expert_review:protocol"), sees=PRACTICE_VIEWERS | {"expert"}),
    # the expert's side (F-VAL-3): the queue, the form, declining, the practice's files
    Case("evaluations: my queue", ("view_my_evaluations",), {"expert", "other_expert"}, lambda w: w.invitation(),
         lambda o, w: ("get", reverse("experts:my_queue"), None), rule_object=lambda o: None),
    Case("evaluations: the invitation's page", ("view_evaluation",), MODERATORS | {"expert"},
         lambda w: w.invitation(), _get("experts:evaluate"), sees=MODERATORS | {"expert"}),
    Case("evaluations: evaluate", ("evaluate_practice",), {"expert"}, lambda w: w.invitation(),
         _post("experts:evaluate", _evaluation_data), ok=302, mutates=True, sees=MODERATORS | {"expert"}),
    # F-PLUS-7: the declaration of competing interests before the passport; replacing an expert from the pool
    Case("evaluations: declare competing interests", ("declare_interests",), {"expert"},
         lambda w: w.pending_invitation(), _post("experts:declare", lambda o, w: {"conflict": "no"}), ok=302,
         mutates=True, sees=MODERATORS | {"expert"}),
    Case("round: replace a declined expert from the pool", ("replace_expert",), {"expert_moderator"},
         lambda w: w.declined_invitation(), _post("expert_review:replace"), ok=302, mutates=True,
         sees=MODERATORS | {"expert"}),
    Case("evaluations: decline", ("decline_invitation",), {"expert"}, lambda w: w.invitation(),
         _post("experts:decline", lambda o, w: {"reason": "Конфликт интересов"}), ok=302, mutates=True,
         sees=MODERATORS | {"expert"}),
    Case("evaluations: the invited expert reads the practice's files", ("download_file:practices.practice",),
         (PRACTICE_VIEWERS - {"rating_committee"}) | {"expert"}, lambda w: w.invitation(),
         lambda o, w: ("get", reverse("files:download", args=[o.practice.materials.first().file_id]), None),
         sees=(PRACTICE_VIEWERS - {"rating_committee"}) | {"expert"}, hides_today=True,
         rule_object=lambda o: o.practice.materials.first().file),
    # offline meetings (F-VAL-4, 4.4.7, Прил.3)
    Case("meetings: create", ("manage_expert_pool",), MODERATORS, lambda w: w.pool,
         _post("expert_review:meeting_create", lambda o, w: {"held_on": timezone.localdate().isoformat(),
                                                             "place": "АСИ, Москва"}), ok=302, mutates=True,
         sees=MODERATORS),
    Case("meetings: page", ("view_pool_meeting",), MODERATORS | {"expert"}, lambda w: w.meeting(),
         _get("expert_review:meeting"), sees=MEETING_VIEWERS),
    Case("meetings: add members", ("manage_pool_meeting",), MODERATORS, lambda w: w.meeting(members=False),
         _post("expert_review:meeting_members", _next_member), ok=302, mutates=True, sees=MODERATORS),
    Case("meetings: put a practice on the agenda", ("manage_pool_meeting",), MODERATORS,
         lambda w: w.meeting_with_candidates(),
         _post("expert_review:meeting_practice", _agenda_practice), ok=302, mutates=True, sees=MEETING_VIEWERS),
    Case("meetings: upload the signed protocol", ("manage_pool_meeting",), MODERATORS, lambda w: w.meeting(),
         _post("expert_review:meeting_protocol", lambda o, w: {"protocol": factories.pdf_upload("signed.pdf")}),
         ok=302, mutates=True, sees=MEETING_VIEWERS),
    Case("meetings: the protocol file", ("download_file", "download_file:experts.offlinemeeting"),
         MODERATORS | {"expert"}, lambda w: w.meeting_with_protocol(),
         lambda o, w: ("get", reverse("files:download", args=[o.protocol_id]), None),
         sees=MODERATORS | {"expert"}, hides_today=True, rule_object=lambda o: o.protocol),
    Case("meetings: record an outcome", ("set_meeting_outcome",), MODERATORS, lambda w: w.meeting_item(),
         _post("expert_review:meeting_outcome", _another_outcome), ok=302, mutates=True, sees=MEETING_VIEWERS),
    Case("meetings: offer to apply a recorded outcome", ("apply_recorded_outcome",), MODERATORS,
         lambda w: w.meeting_item(Outcome.APPROVE)),
    Case("meetings: apply the outcome to the practice", ("apply_meeting_outcome",), {"expert_moderator"},
         lambda w: w.meeting_item(Outcome.APPROVE), _post("expert_review:apply_meeting"), ok=302, mutates=True,
         sees=MEETING_VIEWERS),
]
COVERED_ACTIONS = {action for case in CASES for action in case.actions}


@pytest.fixture
def world(request, experts, pool_a, practice_in):
    users = {name: request.getfixturevalue(name) for name in ROLES
             if name not in ("expert", "other_expert", "anonymous")}
    users.update(expert=experts[0], other_expert=experts[3], anonymous=None)
    return World(users, pool_a, practice_in)


def _snapshot():
    return (list(PoolMembership.objects.order_by("pk").values_list("pk", "confirmed_at", "ended_at")),
            list(ExpertInvitation.objects.order_by("pk").values_list("pk", "declined_at", "interests", "replaced_at")),
            Evaluation.objects.count(), list(ExpertReview.objects.order_by("pk").values_list("pk", "closed_at")),
            list(OfflineMeeting.objects.order_by("pk").values_list("pk", "protocol_id")),
            OfflineMeeting.members.through.objects.count(),
            list(MeetingPractice.objects.order_by("pk").values_list("pk", "outcome", "applied_at")),
            list(Practice.objects.order_by("pk").values_list("pk", "state")))


def _send(client, user, case, obj, w):
    client.logout()
    if user is not None:
        client.force_login(user)
    method, url, data = case.request(obj, w)
    return getattr(client, method)(url, data or {})


def _rule_allows(case, user, obj):
    target = case.rule_object(obj) if case.rule_object else obj
    return {action: can(user, action, target) for action in case.actions}


def _sees(case):
    return set(ROLES) if case.sees is None else case.sees


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_allowed_for_the_right_role_on_its_object(case, world, client):
    obj = case.build(world)
    for name in sorted(case.allowed):
        user = world.users[name]
        assert all(_rule_allows(case, user, obj).values()), name
        if case.request is None:
            continue
        before = _snapshot()
        response = _send(client, user, case, obj, world)
        assert response.status_code == case.ok, (name, response.status_code, response.content.decode()[:500])
        if case.ok == 302:  # a refusal of the service comes back as a message on the same redirect
            messages = [m.message for m in response.wsgi_request._messages]
            assert not any(m.level_tag == "error" for m in response.wsgi_request._messages), messages
        assert (_snapshot() != before) == case.mutates, name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_with_403_to_who_sees_it_and_nothing_changes(case, world, client):
    obj = case.build(world)
    before = _snapshot()
    for name in sorted(set(ROLES) - case.allowed):
        user = world.users[name]
        assert not any(_rule_allows(case, user, obj).values()), name
        if case.request is None or (name not in _sees(case) and name != "anonymous"):
            continue  # no page, or the 404 of the next test
        response = _send(client, user, case, obj, world)
        if name == "anonymous":
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"], case.id
        else:
            assert response.status_code == 403, (name, response.status_code)
    assert _snapshot() == before


HIDDEN = [pytest.param(c, id=c.id)
          for c in CASES if c.request is not None and LOGGED_IN - c.allowed - _sees(c)]


@pytest.mark.parametrize("case", HIDDEN)
def test_refused_with_404_to_who_may_not_know_it(case, world, client):
    """Issue 13 item 14: an object the user may not see answers 404, so the answer does not confirm it exists."""
    obj = case.build(world)
    before = _snapshot()
    for name in sorted(LOGGED_IN - case.allowed - _sees(case)):
        response = _send(client, world.users[name], case, obj, world)
        assert response.status_code == 404, (name, response.status_code)
    assert _snapshot() == before
