"""F-PLUS-10 «Как это увидят другие» (issue 20 item 4): the team and the reviewers of a practice see its page as
the public, a logged-in user without roles or the team would — with the other audience's rules, without
becoming anyone else (practices.catalogue.preview)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practices.catalogue.preview import stand_in
from practices.models import Appreciation, PracticeState, TeamMember
from smarteka.permissions import can, has_role
from smarteka.roles.models import Role
from smarteka.roles.services import grant_role
from tests import factories
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def view_as(practice, audience):
    return reverse("practices:view_as", args=[practice.pk, audience])


def detail(practice):
    return reverse("practices:detail", args=[practice.pk])


def _section(html, pattern):
    """The HTML of the first element whose opening tag matches ``pattern`` up to its closing ``</tag>``
    (the sections compared here nest no element of their own tag)."""
    match = re.search(pattern, html)
    if match is None:
        return None
    tag = re.match(r"<(\w+)", match.group(0)).group(1)
    end = html.index(f"</{tag}>", match.end())
    return html[match.start():end + len(tag) + 3]


# the page's content sections, beside the actions card (inert in the preview) and the header (the real user's)
SECTIONS = {
    "passport": r'<article class="practice-page"',
    "team": r'<section class="card mb-3" id="team"',
    "regions": r'<section class="card mb-3" id="regions"',
    "materials": r'<section class="mb-4" id="materials"',
    "similar": r'<section class="card mb-3 similar-practices"',
    "history": r'<section class="history',
}


@pytest.fixture
def published(practice_in):
    practice = practice_in(PracticeState.PUBLISHED)
    member = practice.team.exclude(user_id=practice.author_id).select_related("user").first().user
    member.work_phone, member.mobile_phone = "+7 (4162) 20-30-40", "+7 999 111-22-33"
    member.save(update_fields=["work_phone", "mobile_phone"])
    practice.member = member
    return practice


def test_f_plus_10_public_preview_shows_exactly_what_an_anonymous_visitor_sees(client, published, author):
    """The public preview's sections are, byte for byte, those of a real anonymous request of the same page:
    no e-mail or phone of the team, no history, the «Войдите» note."""
    anonymous = client.get(detail(published)).content.decode()
    client.force_login(author)
    response = client.get(view_as(published, "public"))
    assert response.status_code == 200
    preview = response.content.decode()
    # the one difference by design: «Войдите» is plain text in the preview (a link out of it, not the page)
    anonymous = re.sub(r'<a href="/accounts/login/[^"]*">Войдите</a>', "Войдите", anonymous)
    for name, pattern in SECTIONS.items():
        assert _section(preview, pattern) == _section(anonymous, pattern), name
    member = published.member
    for secret in (member.email, member.work_phone, member.mobile_phone):
        assert secret not in preview
    assert _section(preview, SECTIONS["history"]) is None
    assert "чтобы увидеть контакты команды" in preview
    # what the author sees on their own page, for contrast
    own = client.get(detail(published)).content.decode()
    assert member.email in own and _section(own, SECTIONS["history"]) is not None


def test_f_plus_10_user_and_team_previews_follow_their_audience_rules(client, published, coordinator):
    """A coordinator (who sees the history on the real page) previews: as a user — the contacts, no history,
    no «Запросить актуализацию»; as the team — contacts, history and the team's actualization button, inert."""
    client.force_login(coordinator)
    own = client.get(detail(published)).content.decode()
    assert _section(own, SECTIONS["history"]) is not None

    user = client.get(view_as(published, "user")).content.decode()
    assert published.member.email in user and published.member.work_phone in user
    assert _section(user, SECTIONS["history"]) is None
    assert 'id="actualization-button"' not in user
    assert "Так страницу увидит: <span id=\"preview-audience\">зарегистрированный пользователь без ролей" in user

    team = client.get(view_as(published, "team")).content.decode()
    assert published.member.email in team and _section(team, SECTIONS["history"]) is not None
    button = re.search(r'<button[^>]*id="actualization-button"[^>]*>', team)
    assert button and "disabled" in button.group(0)


def test_f_plus_10_actions_are_inert_in_the_preview(client, published, author):
    client.force_login(author)
    for audience in ("public", "user", "team"):
        html = client.get(view_as(published, audience)).content.decode()
        aside = _section(html, r'<aside class="col-lg-4"')
        assert "<form" not in aside, audience
        assert reverse("practices:appreciate", args=[published.pk]) not in html
        assert reverse("replication:request_create", args=[published.pk]) not in html
        assert re.search(r'<button[^>]*id="want-button"[^>]*disabled', html), audience
        assert 'id="mobile-actions"' not in html
        assert "В предпросмотре кнопки не работают" in html


def test_f_plus_10_the_real_user_is_unchanged(client, published, author, settings):
    """No impersonation: request.user and the session stay the author's; the header is theirs; the answer is
    neither cached nor indexed, and the anonymous page cache is not filled by it."""
    settings.PAGE_CACHE_SECONDS = 60  # the anonymous page cache on, as in production
    client.force_login(author)
    session_key = client.session.session_key
    before = dict(client.session.items())
    response = client.get(view_as(published, "public"))
    assert response.wsgi_request.user == author and response.wsgi_request.user.is_authenticated
    assert client.session.session_key == session_key and dict(client.session.items()) == before
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert "X-Page-Cache" not in response
    assert reverse("accounts:logout") in response.content.decode()  # the real user's menu, not a login link
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert Client().get(detail(published))["X-Page-Cache"] == "miss"  # nothing the preview left behind


def test_f_plus_10_a_post_during_the_preview_is_judged_by_the_real_users_rules(client, published, author, coordinator):
    """Previewing as the public, the author still marks «Полезно» as themself (the public would be sent to log
    in); previewing as the team, the coordinator still may not change the team (only the author may)."""
    client.force_login(author)
    client.get(view_as(published, "public"))
    response = client.post(reverse("practices:appreciate", args=[published.pk]))
    assert response.status_code == 302 and reverse("accounts:login") not in response["Location"]
    assert Appreciation.objects.filter(practice=published, user=author).exists()

    client.force_login(coordinator)
    client.get(view_as(published, "team"))
    members = published.team.count()
    response = client.post(reverse("practices:team_add", args=[published.pk]), {"user": coordinator.pk})
    assert response.status_code == 403 and published.team.count() == members
    assert client.post(view_as(published, "team")).status_code == 405  # the preview itself takes no POST


def test_f_plus_10_who_may_not_preview_cannot(client, practice_in, outsider, coordinator_of_other_region,
                                              expert_moderator_of_other_category, published):
    draft = practice_in(PracticeState.DRAFT, title="Черновик соседа")
    anonymous = client.get(view_as(published, "public"))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    for user in (outsider, coordinator_of_other_region, expert_moderator_of_other_category):
        client.force_login(user)
        refused = client.get(view_as(published, "team"))
        assert refused.status_code == 403, user
        assert published.member.email not in refused.content.decode()
        assert client.get(view_as(draft, "public")).status_code == 404  # a draft's existence is not told
    client.force_login(published.author)
    assert client.get(reverse("practices:view_as", args=[published.pk, "admin"])).status_code == 404


def test_f_plus_10_unpublished_practice_previewed_as_the_public_shows_no_draft(client, practice_in, author):
    """choice: the public and users get a 404 until publication — the preview says so instead of the draft."""
    draft = practice_in(PracticeState.REGIONAL_REVIEW)
    client.force_login(author)
    for audience in ("public", "user"):
        html = client.get(view_as(draft, audience)).content.decode()
        assert 'id="preview-unpublished"' in html and "Страница не найдена" in html
        assert draft.essence not in html and draft.goal not in html
    team = client.get(view_as(draft, "team")).content.decode()
    assert reverse("practices:preview", args=[draft.pk]) in team


def test_f_plus_10_the_entry_is_offered_to_the_team_and_reviewers_only(client, published, author, outsider):
    client.force_login(author)
    assert view_as(published, "public") in client.get(detail(published)).content.decode()
    client.force_login(outsider)
    assert view_as(published, "public") not in client.get(detail(published)).content.decode()
    client.logout()
    assert 'id="preview-entry"' not in client.get(detail(published)).content.decode()


def test_f_plus_10_stand_ins_carry_no_role_of_the_real_account(published, author, region_b, asi_moderator,
                                                               django_assert_num_queries):
    """The team's stand-in answers as the team (the author's membership) but holds none of the author's roles;
    the user's stand-in holds nothing; neither can be saved."""
    grant_role(author, Role.COORDINATOR, region=region_b, by=asi_moderator)
    assert has_role(author, Role.COORDINATOR, region=region_b)
    team, user, public = (stand_in(a, published) for a in ("team", "user", "public"))
    assert isinstance(public, AnonymousUser)
    with django_assert_num_queries(0):
        assert not has_role(team, Role.COORDINATOR, region=region_b) and not has_role(user, Role.ASI_MODERATOR)
    assert can(team, "view_history", published) and not can(user, "view_history", published)
    assert can(user, "view_team_contacts", published) and not can(public, "view_team_contacts", published)
    for viewer in (team, user):
        with pytest.raises(TypeError):
            viewer.save()


def test_f_plus_10_preview_queries_do_not_grow_with_the_team(client, published, author):
    """The team's preview (contacts and history shown) takes as many queries with 2 more members as with 12."""
    client.force_login(author)
    counter = iter(range(1000))

    def grow(k):
        names = []
        for _ in range(k):
            n = next(counter)
            user = factories.UserFactory(region=author.region, last_name=f"Участникова{n}")
            TeamMember.objects.create(practice=published, user=user, joined_at=timezone.now(), invited_by=author)
            names.append(user.email)
        return names

    assert_constant_queries(client, view_as(published, "team"), grow)


def test_f_plus_10_the_passport_preview_of_a_draft_leads_to_the_preview_as_others(client, practice_in, author):
    draft = practice_in(PracticeState.DRAFT)
    client.force_login(author)
    html = client.get(reverse("practices:preview", args=[draft.pk])).content.decode()
    assert 'id="preview-entry"' in html and view_as(draft, "public") in html
