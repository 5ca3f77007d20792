"""Every action on a practice's own pages × every named user (STYLE 8; F-ROLE-1; issue 13, «Must show»):
the passport (F-PASS-1, F-PASS-3: edit, preview), materials and cover (F-PASS-2), the team (F-ACC-4: add,
invite, remove), private files (F-FILE-1), versions (F-PASS-5), submission (F-PASS-4), «Полезно» and the
public page (F-CAT-3, F-CAT-4), the history (F-VAL-8).

Each case is allowed for the right roles on the right object — the rule (``smarteka.permissions.can``)
and the page agree — and refused to everyone else: 403 to whoever may know the practice (or the file)
exists, 404 to whoever may not (issue 13 item 14), the login page to an anonymous visitor; a refused
attempt changes nothing. The rating committee opens the
materials, versions and files of a practice at its stage (item 12, Прил.3).

``COVERED_ACTIONS`` lists the rules these cases exercise (tests/smarteka/test_rule_coverage.py)."""

import itertools
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from practices.models import Material, MaterialKind, Practice, PracticeState, PracticeVersion, Track
from practices.passport.completeness import SECTIONS
from smarteka.permissions import can
from tests import factories

pytestmark = pytest.mark.django_db

S = PracticeState
ROLES = ["author", "team_member", "coordinator", "coordinator_of_other_region", "asi_moderator", "expert_moderator",
         "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
         "recipient", "outsider", "anonymous"]
LOGGED_IN = set(ROLES) - {"anonymous"}
# who may see an unpublished practice (view_practice_draft): its team and its reviewers
VIEWERS = {"author", "team_member", "coordinator", "asi_moderator", "expert_moderator"}
TEAM = {"author", "team_member"}


@dataclass
class Case:
    id: str
    actions: tuple  # the rules the case exercises
    state: str
    allowed: set
    request: object = None  # (practice, users) -> (method, url, data); None: a rule without a page of its own
    ok: int = 200  # the page's answer to an allowed user
    mutates: bool = False  # an allowed request changes the practice (each allowed user in turn, on the same one)
    sees: set | None = None  # who may know the object exists (403 when refused); default by state
    hides_today: bool = False  # the view already answers 404 to who may not know it
    anonymous: str = "login"  # what an anonymous visitor gets when refused: "login" or "404"
    rule_object: object = None  # (practice) -> the rule's object; default the practice
    xfail_allowed: str = ""  # a reason: the allowed side is not what the code does yet
    setup: object = None  # (practice) -> None, run once on the fresh practice
    options: dict = field(default_factory=dict)  # of practice_in


def _sees(case):
    if case.sees is not None:
        return case.sees
    if case.state in (S.PUBLISHED, S.ARCHIVED):
        return set(ROLES)
    # the rating committee may know every submitted practice (view_practice), it acts only at its stage
    return VIEWERS | ({"rating_committee"} if case.state != S.DRAFT else set())


def _get(name, *args, data=None):
    return lambda p, u: ("get", reverse(name, args=[p.pk, *args]), data)


def _material(p):
    return p.materials.exclude(file=None).order_by("pk").first()


def _make_first_material_private(p):
    Material.objects.filter(pk=_material(p).pk).update(is_public=False)


_invited = itertools.count(1)


def _other_member(p):
    """A joined member who is not the ``team_member`` user."""
    return p.team.filter(user__isnull=False).exclude(user_id=p.author_id).order_by("-pk").first()


def _file_url(pick):
    return lambda p, u: ("get", reverse("files:download", args=[pick(p).file_id]), None)


def _file_of(pick):
    return lambda p: pick(p).file


CASES = [
    # the passport (F-PASS-3): the editor for the team while a draft or on revision
    *[Case(f"passport: edit@{state}", ("edit_passport",), state, allowed,
           _get("practices:edit_section", SECTIONS[0][0]))
      for state, allowed in [(S.DRAFT, TEAM), (S.REVISION, TEAM), (S.REGIONAL_REVIEW, set()), (S.PUBLISHED, set())]],
    *[Case(f"passport: preview@{state}", ("view_practice_draft",), state, VIEWERS, _get("practices:preview"))
      for state in (S.DRAFT, S.REGIONAL_REVIEW)],
    Case("practice page of an unpublished practice", ("view_practice_draft",), S.REGIONAL_REVIEW, VIEWERS,
         _get("practices:detail"), ok=302, hides_today=True, anonymous="404", sees=VIEWERS),
    # F-PLUS-10 «Как это увидят другие»: the team and the reviewers of this practice, in any state
    *[Case(f"practice page: view as {audience}@{state}", ("preview_practice_as",), state, VIEWERS,
           _get("practices:view_as", audience))
      for state, audience in [(S.PUBLISHED, "public"), (S.REGIONAL_REVIEW, "user"), (S.DRAFT, "team")]],
    # materials and cover (F-PASS-2): the team while editable, the ASI moderator any time
    Case("materials: page@draft", ("view_practice_materials",), S.DRAFT, VIEWERS, _get("practices:materials")),
    *[Case(f"materials: add@{state}", ("change_practice_materials",), state, allowed,
           lambda p, u: ("post", reverse("practices:materials", args=[p.pk]),
                         {"kind": MaterialKind.PRESENTATION, "title": "Презентация",
                          "file": factories.pdf_upload("slides.pdf"), "is_public": "on"}),
           ok=302, mutates=True)
      for state, allowed in [(S.DRAFT, TEAM | {"asi_moderator"}), (S.REGIONAL_REVIEW, {"asi_moderator"})]],
    Case("materials: cover@draft", ("change_practice_materials",), S.DRAFT, TEAM | {"asi_moderator"},
         lambda p, u: ("post", reverse("practices:materials", args=[p.pk]),
                       {"action": "cover", "cover": factories.image_upload("new-cover.jpg", 1200, 900)}),
         ok=302, mutates=True),
    *[Case(f"materials: delete@{state}", ("change_practice_materials",), state, allowed,
           lambda p, u: ("post", reverse("practices:material_delete", args=[p.pk, _material(p).pk]), {}),
           ok=302, mutates=True)
      for state, allowed in [(S.DRAFT, TEAM | {"asi_moderator"}), (S.REGIONAL_REVIEW, {"asi_moderator"})]],
    # the team (F-ACC-4): only the author (and the ASI moderator) changes it
    Case("team: page@draft", ("view_practice_team",), S.DRAFT, VIEWERS, _get("practices:team")),
    Case("team: add member@draft", ("change_practice_team",), S.DRAFT, {"author", "asi_moderator"},
         lambda p, u: ("post", reverse("practices:team_add", args=[p.pk]),
                       {"user": factories.UserFactory(last_name="Новиков").pk}), ok=302, mutates=True),
    Case("team: invite@draft", ("change_practice_team",), S.DRAFT, {"author", "asi_moderator"},
         lambda p, u: ("post", reverse("practices:team_invite", args=[p.pk]), {"email": f"newcomer{next(_invited)}@example.ru"}),
         ok=302, mutates=True),
    Case("team: remove member@draft", ("change_practice_team",), S.DRAFT, {"author", "asi_moderator"},
         lambda p, u: ("post", reverse("practices:team_remove", args=[p.pk, _other_member(p).pk]), {}),
         ok=302, mutates=True),
    # private files (F-FILE-1): the file is the object — who may not download it does not learn it exists
    Case("files: material of a draft", ("download_file", "download_file:practices.practice"), S.DRAFT, VIEWERS,
         _file_url(_material), sees=VIEWERS, hides_today=True, rule_object=_file_of(_material)),
    Case("files: private material of a published practice", ("download_file", "download_file:practices.practice"),
         S.PUBLISHED, VIEWERS, _file_url(_material), sees=VIEWERS, hides_today=True,
         rule_object=_file_of(_material), setup=_make_first_material_private),
    Case("files: public material of a published practice", ("download_file", "download_file:practices.practice"),
         S.PUBLISHED, set(ROLES), _file_url(_material), rule_object=_file_of(_material)),
    # versions (F-PASS-5) and submission (F-PASS-4)
    Case("versions@regional_review", ("view_practice_versions",), S.REGIONAL_REVIEW, VIEWERS,
         _get("practices:versions")),
    Case("submit@draft", ("submit_practice",), S.DRAFT, {"author"},
         lambda p, u: ("post", reverse("practices:submit", args=[p.pk]), {"track": Track.REGIONAL_INITIATIVE}),
         ok=302, mutates=True),
    Case("resubmit@revision", ("submit_practice",), S.REVISION, {"author"},
         lambda p, u: ("post", reverse("practices:submit", args=[p.pk]), {"comment": "Дополнили результаты"}),
         ok=302, mutates=True, setup=factories.answer_revision_points),
    Case("new practice", ("create_practice",), S.DRAFT, {"author"},
         lambda p, u: ("get", reverse("practices:create"), None), sees=set(ROLES)),  # no object to hide
    # «Полезно» (F-CAT-4): any logged-in user, on a published practice; a draft is not found by anyone
    Case("«Полезно»@published", ("appreciate_practice",), S.PUBLISHED, LOGGED_IN,
         lambda p, u: ("post", reverse("practices:appreciate", args=[p.pk]), {}), ok=302, mutates=True),
    Case("«Полезно»@draft", ("appreciate_practice",), S.DRAFT, set(),
         lambda p, u: ("post", reverse("practices:appreciate", args=[p.pk]), {}), sees=set(), hides_today=True,
         anonymous="404"),
    # rules without a page of their own: the history block (F-VAL-8) and the team's contacts (F-CAT-3)
    Case("history@draft", ("view_history",), S.DRAFT, VIEWERS),
    Case("history@regional_review", ("view_history",), S.REGIONAL_REVIEW, VIEWERS | {"rating_committee"}),
    # who may know the practice exists (issue 13 item 14: 404 to everyone else)
    Case("knows@draft", ("view_practice",), S.DRAFT, VIEWERS),
    Case("knows@regional_review", ("view_practice",), S.REGIONAL_REVIEW, VIEWERS | {"rating_committee"}),
    Case("team contacts@draft", ("view_team_contacts",), S.DRAFT, VIEWERS),
    Case("team contacts@published", ("view_team_contacts",), S.PUBLISHED, LOGGED_IN),
    # item 12: the rating committee opens what it verifies, at its stage
    # (the materials' editing page stays the team's and reviewers'; the committee opens the files)
    *[Case(f"rating committee: {name}@rating_committee", actions, S.RATING_COMMITTEE,
           VIEWERS | {"rating_committee"}, req, rule_object=obj, hides_today=hides, options={"investment": True})
      for name, actions, req, obj, hides in [
          ("versions", ("view_practice_versions",), _get("practices:versions"), None, False),
          ("files", ("download_file",), _file_url(_material), _file_of(_material), True)]],
]
COVERED_ACTIONS = {action for case in CASES for action in case.actions}
MATRIX = [c for c in CASES if not c.xfail_allowed]


@pytest.fixture
def users(request, experts):
    found = {name: request.getfixturevalue(name) for name in ROLES if name not in ("team_member", "expert",
                                                                                   "anonymous")}
    found["expert"] = experts[0]
    found["anonymous"] = None
    return found


def _user(users, name, practice):
    if name == "team_member":  # a joined member of this practice's team, not its author
        return practice.team.filter(user__isnull=False).exclude(user_id=practice.author_id).order_by("pk").first().user
    return users[name]


def _send(client, user, case, practice, users):
    client.logout()
    if user is not None:
        client.force_login(user)
    method, url, data = case.request(practice, users)
    return getattr(client, method)(url, data or {})


def _snapshot(practice):
    p = Practice.objects.get(pk=practice.pk)
    return (p.state, p.cover_id, sorted(p.materials.values_list("pk", "is_public")),
            sorted(p.team.values_list("pk", flat=True)), p.appreciations.count(),
            PracticeVersion.objects.filter(practice=p).count(), Practice.objects.count())


def _prepare(practice_in, case):
    practice = practice_in(case.state, **case.options)
    if case.setup:
        case.setup(practice)
    return practice


def _rule_allows(case, user, practice):
    obj = case.rule_object(practice) if case.rule_object else Practice.objects.get(pk=practice.pk)
    return {action: can(user, action, obj) for action in case.actions}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=c.xfail_allowed)
                                               if c.xfail_allowed else ()) for c in CASES])
def test_allowed_for_the_right_role_on_its_object(case, practice_in, users, client):
    practice = _prepare(practice_in, case)
    for name in sorted(case.allowed):
        user = _user(users, name, practice)
        assert all(_rule_allows(case, user, practice).values()), name
        if case.request is None:
            continue
        before = _snapshot(practice)
        response = _send(client, user, case, practice, users)
        assert response.status_code == case.ok, (name, response.status_code, response.content.decode()[:500])
        assert (_snapshot(practice) != before) == case.mutates, name


@pytest.mark.parametrize("case", MATRIX, ids=[c.id for c in MATRIX])
def test_refused_with_403_to_who_sees_it_and_nothing_changes(case, practice_in, users, client):
    practice = _prepare(practice_in, case)
    before = _snapshot(practice)
    for name in sorted(set(ROLES) - case.allowed):
        user = _user(users, name, practice)
        assert not any(_rule_allows(case, user, practice).values()), name
        if case.request is None or (name not in _sees(case) and name != "anonymous"):
            continue  # no page, or the 404 of the next test
        response = _send(client, user, case, practice, users)
        if name == "anonymous" and case.anonymous == "login":
            assert response.status_code == 302 and reverse("accounts:login") in response["Location"], case.id
        elif name == "anonymous":
            assert response.status_code == 404, case.id
        else:
            assert response.status_code == 403, (name, response.status_code)
    assert _snapshot(practice) == before


HIDDEN = [pytest.param(c, id=c.id)
          for c in MATRIX if c.request is not None and LOGGED_IN - c.allowed - _sees(c)]


@pytest.mark.parametrize("case", HIDDEN)
def test_refused_with_404_to_who_may_not_know_it(case, practice_in, users, client):
    """Issue 13 item 14: an object the user may not see answers 404, so the answer does not confirm it exists."""
    practice = _prepare(practice_in, case)
    before = _snapshot(practice)
    for name in sorted(LOGGED_IN - case.allowed - _sees(case)):
        response = _send(client, _user(users, name, practice), case, practice, users)
        assert response.status_code == 404, (name, response.status_code)
    assert _snapshot(practice) == before
