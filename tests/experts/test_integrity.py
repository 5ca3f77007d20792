"""F-PLUS-7 (issue 20 item 1): expert integrity — competing interests declared before the passport, no experts
of the author's region or of the practice's team, the overdue or declined expert replaced from the pool in one
click keeping the three experts of 4.4.8, the declarations in the evaluation protocol."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from experts import services as expert_services
from experts.criteria import Decision
from experts.models import Evaluation, ExpertInvitation, Interests
from experts.views import pool_activity
from practices.models import PracticeState, TeamMember
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from tests import factories
from tests.experts.conftest import CRITERIA_OK, declared, evaluate_invitation
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db
A = Decision.APPROVE


def _pool_member(pool, asi_moderator, category, **user_fields):
    from smarteka.roles.models import Role

    user = factories.UserFactory(**user_fields)
    factories.grant(user, Role.EXPERT, category=category)
    expert_services.add_member(pool, user, by=asi_moderator, criteria=CRITERIA_OK, basis="Приказ")
    return user


def _choices(client, practice):
    html = client.get(reverse("expert_review:review", args=[practice.pk])).content.decode()
    return html


def test_f_plus_7_expert_of_the_authors_region_is_never_offered_and_a_forged_post_is_refused(
        practice_in, pool_a, experts, asi_moderator, category_a, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    local = _pool_member(pool_a, asi_moderator, category_a, last_name="Земляков", region=practice.region)
    assert local not in review_services.invitable_experts(practice)
    assert experts[0] in review_services.invitable_experts(practice)
    client.force_login(expert_moderator)
    assert "Земляков" not in _choices(client, practice)
    response = client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": local.pk})
    assert response.status_code == 400
    assert not ExpertInvitation.objects.filter(expert=local).exists()
    with pytest.raises(PermissionDenied, match="из региона автора"):
        review_services.invite_expert(practice, local, by=expert_moderator)
    assert not ExpertInvitation.objects.filter(expert=local).exists()


def test_f_plus_7_team_member_is_never_offered_and_a_forged_post_is_refused(
        practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    TeamMember.objects.create(practice=practice, user=experts[1], role_in_team="Аналитик")
    assert experts[1] not in review_services.invitable_experts(practice)
    client.force_login(expert_moderator)
    assert experts[1].email not in _choices(client, practice)
    response = client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": experts[1].pk})
    assert response.status_code == 400
    with pytest.raises(PermissionDenied, match="команду практики"):
        review_services.invite_expert(practice, experts[1], by=expert_moderator)
    assert not ExpertInvitation.objects.filter(expert=experts[1]).exists()


def test_f_plus_7_the_three_declaration_states_are_distinct_in_the_data(practice_in, pool_a, experts,
                                                                          expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    none, conflict, old = (review_services.invite_expert(practice, e, by=expert_moderator) for e in experts[:3])
    assert {none.interests, conflict.interests, old.interests} == {Interests.PENDING}
    expert_services.declare_interests(none, by=experts[0], conflict=False)
    expert_services.declare_interests(conflict, by=experts[1], conflict=True, text="Консультировал команду в 2025 году")
    ExpertInvitation.objects.filter(pk=old.pk).update(interests=Interests.NOT_ASKED)  # what the migration sets
    rows = {r.expert_id: r for r in ExpertInvitation.objects.filter(practice=practice)}
    assert (rows[experts[0].pk].interests, rows[experts[1].pk].interests, rows[experts[2].pk].interests) == (
        "none", "conflict", "not_asked")
    assert rows[experts[0].pk].interests_declared_at and rows[experts[1].pk].interests_declared_at
    assert rows[experts[2].pk].interests_declared_at is None
    assert rows[experts[1].pk].interests_text == "Консультировал команду в 2025 году"
    # «есть» ends the invitation and asks the expert-moderator to replace the expert
    assert rows[experts[1].pk].is_declined and "Конфликт интересов" in rows[experts[1].pk].decline_reason
    assert Notice.objects.filter(recipient=expert_moderator, kind="experts.declined").exists()
    # «не спрашивали» lets the expert evaluate like «нет»
    evaluate_invitation(rows[experts[2].pk])
    assert Evaluation.objects.filter(invitation=rows[experts[2].pk]).exists()


def test_f_plus_7_passport_refused_until_declared(practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW, title="Умная поликлиника")
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    url = reverse("experts:evaluate", args=[invitation.pk])
    page = client.get(url).content.decode()
    assert 'id="interests-form"' in page and "Паспорт практики" not in page and 'id="evaluation-form"' not in page
    assert client.get(reverse("practices:preview", args=[practice.pk])).status_code in (403, 404)
    refused = client.post(url, {"decision": A})
    assert refused.status_code == 403 and 'id="interests-form"' in refused.content.decode()
    assert not Evaluation.objects.exists()
    # «есть» without the text is refused at the field, nothing declared
    response = client.post(reverse("experts:declare", args=[invitation.pk]), {"conflict": "yes", "text": ""})
    assert response.status_code == 400 and "Опишите конфликт интересов" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.interests == Interests.PENDING
    response = client.post(reverse("experts:declare", args=[invitation.pk]), {"conflict": "no"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Паспорт практики" in page and 'id="evaluation-form"' in page and "Нет конфликта интересов" in page


def test_f_plus_7_conflict_keeps_the_passport_closed(practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    client.post(reverse("experts:declare", args=[invitation.pk]), {"conflict": "yes", "text": "Родственник автора"})
    page = client.get(reverse("experts:evaluate", args=[invitation.pk])).content.decode()
    assert "Паспорт практики" not in page and "Родственник автора" in page
    assert client.get(reverse("practices:preview", args=[practice.pk])).status_code in (403, 404)


def test_f_plus_7_overdue_expert_replaced_keeps_the_count_of_three(practice_in, pool_a, experts, expert_moderator,
                                                                    client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitations = [declared(review_services.invite_expert(practice, e, by=expert_moderator)) for e in experts[:3]]
    evaluate_invitation(invitations[0])
    evaluate_invitation(invitations[1])
    late = invitations[2]
    client.force_login(expert_moderator)
    assert "Заменить из пула" not in client.get(reverse("expert_review:review", args=[practice.pk])).content.decode()
    with time_machine.travel(datetime.datetime.combine(late.due_on + datetime.timedelta(days=3),
                                                       datetime.time(10), tzinfo=timezone.get_current_timezone())):
        client.force_login(expert_moderator)  # the session of three weeks ago has expired
        page = client.get(reverse("expert_review:review", args=[practice.pk])).content.decode()
        assert "Заменить из пула" in page and "data-confirm" in page
        response = client.post(reverse("expert_review:replace", args=[late.pk]))
        assert response.status_code == 302
        late.refresh_from_db()
        assert late.is_replaced and late.replacement.expert == experts[3]
        active = [i for i in ExpertInvitation.objects.filter(practice=practice) if i.is_active]
        assert len(active) == 3 and experts[2] not in [i.expert for i in active]
        # the pool's activity and history record it; a second click does nothing more
        activity = {a["membership"].user_id: a for a in pool_activity(pool_a)}
        assert activity[experts[2].pk]["replaced"] == 1 and activity[experts[2].pk]["overdue"] == 0
        assert [t.to_label for t in history_for(pool_a)] == ["Эксперт заменён"]
        assert "заменён(а) на" in history_for(pool_a)[0].comment
        assert client.post(reverse("expert_review:replace", args=[late.pk])).status_code == 403
        assert ExpertInvitation.objects.filter(practice=practice).count() == 4


def test_f_plus_7_replacement_of_a_declined_expert_needs_a_free_pool_member(practice_in, pool_a, experts,
                                                                           expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitations = [review_services.invite_expert(practice, e, by=expert_moderator) for e in experts]
    declined = expert_services.declare_interests(invitations[0], by=experts[0], conflict=True, text="Соавтор")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="нет эксперта"):
        review_services.replace_expert(declined, by=expert_moderator)


def test_f_plus_7_protocol_lists_the_declarations(practice_in, pool_a, experts, expert_moderator, author, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitations = [review_services.invite_expert(practice, e, by=expert_moderator) for e in experts]
    expert_services.declare_interests(invitations[0], by=experts[0], conflict=True, text="Работал в команде")
    ExpertInvitation.objects.filter(pk=invitations[1].pk).update(interests=Interests.NOT_ASKED)
    for invitation in invitations[1:]:
        evaluate_invitation(ExpertInvitation.objects.get(pk=invitation.pk))
    review = review_services.close_expert_vote(practice, by=expert_moderator)
    client.force_login(expert_moderator)
    html = client.get(reverse("expert_review:protocol", args=[review.pk])).content.decode()
    assert 'id="protocol-declarations"' in html
    table = html.split('id="protocol-declarations"')[1].split("</table>")[0]
    assert table.count("<tr data-state") == 4
    assert "Есть конфликт интересов: Работал в команде" in table
    assert "Не спрашивали" in table and table.count("Нет конфликта интересов") == 2
    # the team reads the states of the evaluators, without names or a conflict's text
    client.force_login(author)
    html = client.get(reverse("expert_review:protocol", args=[review.pk])).content.decode()
    table = html.split('id="protocol-declarations"')[1].split("</table>")[0]
    assert "Эксперт 1" in table and experts[1].last_name not in table and "Работал в команде" not in table
