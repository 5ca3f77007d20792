"""F-ROLE-1 (issue 13 item 14): an expert invitation of another expert and an expert pool of another category
answer 404, not 403 — a 403 would tell another expert whom the practice was given to; who sees the object
but may not do what the page does gets 403."""

import pytest
from django.urls import reverse

from experts.criteria import CRITERIA
from experts.models import PoolMembership
from practices.models import PracticeState
from tests.experts.conftest import declared
from validation.expert_review.services import invite_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(practice_in, pool_a, experts, expert_moderator):
    return declared(invite_expert(practice_in(PracticeState.EXPERT_REVIEW), experts[0], by=expert_moderator))


def _evaluation():
    data = {"decision": "approve", "revision_points": "", "comment": ""}
    for code, _title, _help in CRITERIA:
        data[f"criterion_{code}"] = "yes"
    return data


@pytest.mark.parametrize("who", ["another_expert", "outsider", "expert_moderator_of_other_category"])
def test_f_role_1_an_invitation_of_another_expert_is_404_not_403_issue_13_item_14(
        client, invitation, experts, who, request):
    user = experts[1] if who == "another_expert" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("experts:evaluate", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("experts:evaluate", args=[invitation.pk]), _evaluation()).status_code == 404
    assert client.post(reverse("experts:decline", args=[invitation.pk]), {"reason": "Занят"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.evaluation_or_none is None and invitation.declined_at is None


def test_f_role_1_the_expert_moderator_sees_the_invitation_but_may_not_evaluate_403_issue_13_item_14(
        client, invitation, expert_moderator):
    client.force_login(expert_moderator)
    assert client.get(reverse("experts:evaluate", args=[invitation.pk])).status_code == 200
    assert client.post(reverse("experts:evaluate", args=[invitation.pk]), _evaluation()).status_code == 403
    assert client.post(reverse("experts:decline", args=[invitation.pk]), {"reason": "Занят"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.evaluation_or_none is None and invitation.declined_at is None


def test_f_role_1_a_pool_of_another_category_is_404_its_confirmation_403_issue_13_item_14(
        client, pool_a, experts, expert_moderator, expert_moderator_of_other_category):
    membership = PoolMembership.objects.filter(pool=pool_a).first()
    posts = [(reverse("experts:member_add", args=[pool_a.pk]), {"user": experts[0].pk}),
             (reverse("experts:pool_confirm", args=[pool_a.pk]), {}),
             (reverse("experts:member_renew", args=[membership.pk]), {}),
             (reverse("experts:member_end", args=[membership.pk]), {})]
    client.force_login(expert_moderator_of_other_category)
    assert client.get(reverse("experts:pool", args=[pool_a.pk])).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    # the pool's own expert-moderator sees it; granting the Expert role is the ASI moderator's (403)
    client.force_login(expert_moderator)
    assert client.get(reverse("experts:pool", args=[pool_a.pk])).status_code == 200
    assert client.post(reverse("experts:pool_confirm", args=[pool_a.pk])).status_code == 403
    membership.refresh_from_db()
    assert membership.ended_at is None
