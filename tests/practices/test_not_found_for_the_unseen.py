"""F-ROLE-1 (issue 13 item 14): a practice a user may not know about answers 404, not 403 — a 403 would
confirm that another author's draft exists. Who sees the draft (the region's coordinator) but may not do
what the page does gets 403. Every page and button of the passport: sections, preview, materials, team,
submission, versions."""

import pytest
from django.urls import reverse

from practices.models import Practice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(author):
    return factories.complete_practice(author)


def _gets(draft):
    return [reverse("practices:edit_section", args=[draft.pk, "about"]), reverse("practices:preview", args=[draft.pk]),
            reverse("practices:materials", args=[draft.pk]), reverse("practices:team", args=[draft.pk]),
            reverse("practices:versions", args=[draft.pk]), reverse("practices:submit", args=[draft.pk])]


def _posts(draft, stranger):
    material = draft.materials.first()
    member = draft.team.exclude(user_id=draft.author_id).first()
    return [
        (reverse("practices:edit_section", args=[draft.pk, "about"]), {"title": "Чужое название"}),
        (reverse("practices:materials", args=[draft.pk]), {"kind": "roadmap", "url": "https://example.ru"}),
        (reverse("practices:material_delete", args=[draft.pk, material.pk]), {}),
        (reverse("practices:team_add", args=[draft.pk]), {"user": stranger.pk}),
        (reverse("practices:team_invite", args=[draft.pk]), {"email": "someone@example.ru"}),
        (reverse("practices:team_mentor", args=[draft.pk, member.pk]), {"is_mentor": "on"}),
        (reverse("practices:team_remove", args=[draft.pk, member.pk]), {}),
        (reverse("practices:submit", args=[draft.pk]), {"track": "regional_initiative"}),
    ]


def _snapshot(draft):
    practice = Practice.objects.get(pk=draft.pk)
    return (practice.title, practice.state, practice.materials.count(), practice.team.count(),
            sorted(practice.team.values_list("pk", "is_mentor")))


@pytest.mark.parametrize("who", ["outsider", "coordinator_of_other_region", "expert_moderator_of_other_category"])
def test_f_role_1_a_draft_of_another_author_is_404_not_403_issue_13_item_14(client, draft, who, request):
    user = request.getfixturevalue(who)
    before = _snapshot(draft)
    client.force_login(user)
    for url in _gets(draft):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(draft, user):
        assert client.post(url, data).status_code == 404, url
    assert _snapshot(draft) == before


def test_f_role_1_who_sees_the_draft_but_may_not_act_gets_403_issue_13_item_14(client, draft, coordinator):
    """The region's coordinator sees the draft (preview, materials, team, versions) but edits, uploads,
    changes the team and submits nothing: 403."""
    before = _snapshot(draft)
    client.force_login(coordinator)
    for name in ("preview", "materials", "team", "versions"):
        assert client.get(reverse(f"practices:{name}", args=[draft.pk])).status_code == 200, name
    assert client.get(reverse("practices:edit_section", args=[draft.pk, "about"])).status_code == 403
    assert client.get(reverse("practices:submit", args=[draft.pk])).status_code == 403
    for url, data in _posts(draft, coordinator):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot(draft) == before


def test_f_role_1_a_published_practice_is_known_to_all_so_refusals_stay_403_issue_13_item_14(
        client, practice_in, outsider):
    practice = practice_in("published")
    client.force_login(outsider)
    assert client.get(reverse("practices:detail", args=[practice.pk])).status_code == 200
    assert client.get(reverse("practices:materials", args=[practice.pk])).status_code == 403
    assert client.get(reverse("practices:edit_section", args=[practice.pk, "about"])).status_code == 403
