"""F-ROLE-1 (issue 13 item 14): a «Хочу внедрить» request of another region answers 404, not 403, to who may
not see it — a 403 would confirm that the request exists; who sees it (the coordinator of the recipient's
region) but may not take the action gets 403."""

import pytest
from django.urls import reverse

from smarteka.roles.models import Role
from tests import factories
from tests.replication.conftest import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_of_a_third_region(db):
    region = factories.region("27", "Хабаровский край")
    user = factories.UserFactory(email="coordinator-27@example.ru", region=region)
    factories.grant(user, Role.COORDINATOR, region=region)
    return user


def _state(req):
    req = fresh(req)
    return req.state, req.contacted_at, req.messages.count(), req.documents.count()


@pytest.mark.parametrize("who", ["coordinator_of_a_third_region", "outsider", "other_implementation_moderator"])
def test_f_role_1_a_request_of_another_region_is_404_not_403_issue_13_item_14(client, assigned, who, request):
    before = _state(assigned)
    client.force_login(request.getfixturevalue(who))
    assert client.get(assigned.get_absolute_url()).status_code == 404
    assert client.get(reverse("replication:report", args=[assigned.pk])).status_code == 404
    for action, data in (("contact", {"comment": "Созвонились"}), ("message", {"body": "Здравствуйте"}),
                         ("refuse", {"ground": "ignoring"})):
        assert client.post(reverse("replication:request_action", args=[assigned.pk, action]), data).status_code == 404
    assert _state(assigned) == before


def test_f_role_1_who_sees_the_request_but_may_not_act_gets_403_issue_13_item_14(
        client, assigned, coordinator_of_other_region):
    """The coordinator of the recipient's region follows the request (200) but acts on nothing (403)."""
    before = _state(assigned)
    client.force_login(coordinator_of_other_region)
    assert client.get(assigned.get_absolute_url()).status_code == 200
    assert client.get(reverse("replication:report", args=[assigned.pk])).status_code == 403
    for action, data in (("contact", {"comment": "Созвонились"}), ("message", {"body": "Здравствуйте"}),
                         ("refuse", {"ground": "ignoring"})):
        assert client.post(reverse("replication:request_action", args=[assigned.pk, action]), data).status_code == 403
    assert _state(assigned) == before


def test_f_role_1_no_replication_request_on_an_unseen_draft_issue_13_item_14(client, author, recipient):
    draft = factories.complete_practice(author)
    client.force_login(recipient)
    url = reverse("replication:request_create", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"event_other": "Форум"}).status_code == 404
