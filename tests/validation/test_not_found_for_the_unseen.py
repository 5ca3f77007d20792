"""F-ROLE-1 (issue 13 item 14): what a user may not know about answers 404, not 403 — the review page and
its actions of a practice in review, the stage-3 pages, an offline pool meeting, a pending selection
application, a КСИ session. Who sees the object but may not do what the page does gets 403."""

import pytest
from django.urls import reverse
from django.utils import timezone

from experts import services as expert_services
from practices.models import Practice, PracticeState
from tests import factories
from tests.experts.conftest import new_pool_experts
from tests.validation.test_selections import make_selection
from validation.models import ApplicationStatus, KsiSession, SelectionApplication, SelectionState
from validation.selections import services as selection_services

pytestmark = pytest.mark.django_db


# --- a practice in review (validation pages, stage 3)


@pytest.mark.parametrize("who", ["coordinator_of_other_region", "expert_moderator_of_other_category", "outsider",
                                 "implementation_moderator"])
def test_f_role_1_a_practice_in_review_is_404_to_who_may_not_see_it_issue_13_item_14(
        client, practice_in, who, request, pool_a):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("validation:review", args=[practice.pk])).status_code == 404
    assert client.get(reverse("expert_review:review", args=[practice.pk])).status_code == 404
    for action, data in (("return", {"comment": "Дополните"}), ("reject", {"comment": "Нет"}), ("delete", {})):
        assert client.post(reverse("validation:act", args=[practice.pk, action]), data).status_code == 404, action
    assert client.post(reverse("expert_review:invite", args=[practice.pk]), {}).status_code == 404
    assert client.post(reverse("expert_review:close", args=[practice.pk])).status_code == 404
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


def test_f_role_1_the_author_sees_the_practice_but_may_not_review_it_403_issue_13_item_14(
        client, practice_in, author, pool_a):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    client.force_login(author)
    assert client.get(reverse("validation:review", args=[practice.pk])).status_code == 403
    assert client.get(reverse("expert_review:review", args=[practice.pk])).status_code == 403
    for action, data in (("return", {"comment": "Дополните"}), ("reject", {"comment": "Нет"}), ("delete", {})):
        assert client.post(reverse("validation:act", args=[practice.pk, action]), data).status_code == 403, action
    assert client.post(reverse("expert_review:close", args=[practice.pk])).status_code == 403
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


# --- an offline pool meeting (F-VAL-4)


@pytest.fixture
def meeting(pool_a, expert_moderator, experts, practice_in):
    meeting = expert_services.create_meeting(pool_a, by=expert_moderator, held_on=timezone.localdate(), place="АСИ")
    expert_services.add_meeting_members(meeting, experts[:3], by=expert_moderator)
    return meeting


def _meeting_posts(meeting, item):
    return [reverse("expert_review:meeting_members", args=[meeting.pk]),
            reverse("expert_review:meeting_practice", args=[meeting.pk]),
            reverse("expert_review:meeting_protocol", args=[meeting.pk]),
            reverse("expert_review:meeting_outcome", args=[item.pk]),
            reverse("expert_review:apply_meeting", args=[item.pk])]


@pytest.fixture
def item(meeting, practice_in, expert_moderator):
    from validation.expert_review import services

    return services.add_meeting_practice(meeting, practice_in(PracticeState.EXPERT_REVIEW), by=expert_moderator)


@pytest.mark.parametrize("who", ["expert_moderator_of_other_category", "outsider", "expert_of_another_pool"])
def test_f_role_1_a_pool_meeting_is_404_to_who_may_not_see_it_issue_13_item_14(
        client, meeting, item, who, request, asi_moderator, category_b):
    user = (new_pool_experts(expert_services.pool_for(category_b), asi_moderator, category_b, [7])[0]
            if who == "expert_of_another_pool" else request.getfixturevalue(who))
    client.force_login(user)
    assert client.get(reverse("expert_review:meeting", args=[meeting.pk])).status_code == 404
    for url in _meeting_posts(meeting, item):
        assert client.post(url, {}).status_code == 404, url
    assert meeting.members.count() == 3 and not type(item).objects.get(pk=item.pk).outcome


def test_f_role_1_a_member_sees_the_meeting_but_may_not_hold_it_403_issue_13_item_14(
        client, meeting, item, experts):
    client.force_login(experts[0])
    assert client.get(reverse("expert_review:meeting", args=[meeting.pk])).status_code == 200
    for url in _meeting_posts(meeting, item):
        assert client.post(url, {}).status_code == 403, url
    assert meeting.members.count() == 3 and not type(item).objects.get(pk=item.pk).outcome


# --- a pending selection application (F-TRACK-4)


@pytest.fixture
def application(asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    return selection_services.apply_to_selection(selection, by=author, practice=factories.PracticeFactory(author=author))


@pytest.mark.parametrize("who", ["outsider", "coordinator", "expert_moderator"])
def test_f_role_1_a_pending_application_is_404_to_who_may_not_see_it_issue_13_item_14(
        client, application, who, request):
    slug = application.selection.slug
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("selections:application", args=[slug, application.pk])).status_code == 404
    assert client.post(reverse("selections:application", args=[slug, application.pk]),
                       {"decision": "accept"}).status_code == 404
    assert client.post(reverse("selections:application_withdraw", args=[slug, application.pk])).status_code == 404
    assert SelectionApplication.objects.get(pk=application.pk).status == ApplicationStatus.PENDING


def test_f_role_1_the_author_sees_the_application_but_may_not_moderate_it_403_issue_13_item_14(
        client, application, author):
    slug = application.selection.slug
    client.force_login(author)
    assert client.get(reverse("selections:application", args=[slug, application.pk])).status_code == 403
    assert client.post(reverse("selections:application", args=[slug, application.pk]),
                       {"decision": "accept"}).status_code == 403
    assert SelectionApplication.objects.get(pk=application.pk).status == ApplicationStatus.PENDING


# --- a КСИ session (F-TRACK-5)


def test_f_role_1_a_ksi_session_is_404_to_who_may_not_see_it_403_to_who_may_not_record_issue_13_item_14(
        client, asi_moderator, coordinator, expert_moderator):
    session = KsiSession.objects.create(date=timezone.localdate(), title="Инвестиционный рейтинг",
                                        created_by=asi_moderator)
    client.force_login(coordinator)
    for url in (session.get_absolute_url(), reverse("selections:ksi_edit", args=[session.pk])):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    client.force_login(expert_moderator)  # an Agency role: sees the session, records nothing
    assert client.get(session.get_absolute_url()).status_code == 200
    for url in (session.get_absolute_url(), reverse("selections:ksi_edit", args=[session.pk])):
        assert client.post(url, {}).status_code == 403, url
    assert not session.decisions.exists()
