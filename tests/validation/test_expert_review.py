"""F-VAL-3, F-VAL-4: the review round — invitations, the expert-moderator's vote page, the evaluation
protocol, offline pool meetings and their outcomes, and what an expert's evaluation tells the round."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from experts import services
from experts.criteria import CRITERIA, Decision
from experts.models import ExpertReview, Outcome, ReviewFormat
from practices.models import Practice, PracticeState
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from smarteka.roles.models import Role
from tests import factories
from tests.experts.conftest import all_met, declared
from validation.expert_review import services as review_services
from validation.expert_review.services import apply_meeting_outcome, close_expert_vote

A, R, J = Decision.APPROVE, Decision.REVISION, Decision.REJECT
pytestmark = pytest.mark.django_db


def test_only_pool_members_of_this_year_are_invited_f_val_3(practice_in, pool_a, experts, expert_moderator,
                                                            category_a):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    holder_without_membership = factories.UserFactory(email="no-pool@example.ru")
    factories.grant(holder_without_membership, Role.EXPERT, category=category_a)
    with pytest.raises(PermissionDenied, match="не входит в экспертный пул"):
        declared(review_services.invite_expert(practice, holder_without_membership, by=expert_moderator))
    assert holder_without_membership not in review_services.invitable_experts(practice)
    assert set(review_services.invitable_experts(practice)) == set(experts)


def test_expert_of_another_category_refused_f_val_3(practice_in, pool_a, expert_moderator, category_b,
                                                   asi_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    other = factories.UserFactory(email="expert-b@example.ru")
    services.add_member(services.pool_for(category_b), other, by=asi_moderator,
                        criteria=["leadership", "competence"])
    with pytest.raises(PermissionDenied):
        declared(review_services.invite_expert(practice, other, by=expert_moderator))
    client.force_login(expert_moderator)
    response = client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": other.pk})
    assert response.status_code == 400
    assert "Выберите эксперта из пула категории." in response.content.decode()
    assert not practice.expert_invitations.exists()


def test_only_the_practice_expert_moderator_invites_f_val_3(practice_in, pool_a, experts, client,
                                                            expert_moderator_of_other_category, asi_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    with pytest.raises(PermissionDenied):
        declared(review_services.invite_expert(practice, experts[0], by=expert_moderator_of_other_category))
    client.force_login(expert_moderator_of_other_category)  # may not see the practice: 404 (issue 13 item 14)
    assert client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": experts[0].pk}).status_code == 404
    assert client.get(reverse("expert_review:review", args=[practice.pk])).status_code == 404


def test_protocol_content_and_who_sees_it_f_val_3(practice_in, pool_a, experts, vote, expert_moderator,
                                                 asi_moderator, author, outsider, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, A, R])
    url_before = reverse("expert_review:protocol", args=[practice.expert_reviews.get().pk])
    client.force_login(expert_moderator)
    assert client.get(url_before).status_code == 404  # generated after the close
    review = close_expert_vote(practice, by=expert_moderator)
    url = reverse("expert_review:protocol", args=[review.pk])
    html = client.get(url).content.decode()
    assert "Протокол оценки практики" in html and "«Бережливая поликлиника»" in html
    assert "Эксперты одобрили практику, но были даны рекомендации по доработке" in html
    assert "одобрить — 2, на доработку — 1, отказать — 0" in html
    for expert in experts[:3]:
        assert str(expert) in html
    assert CRITERIA[0][1] in html and CRITERIA[6][1] in html
    assert "<strong>не соответствует</strong>" in html  # the revision vote marked criterion 5 unmet
    assert "Дополнить состав команды до трёх человек" in html
    assert review.closed_at.astimezone().strftime("%d.%m.%Y") in html
    printable = client.get(url + "?print=1").content.decode()
    # the print rules live in a static stylesheet (no inline <style> under the CSP, issue 15 item 2)
    assert "css/protocol-print.css" in printable and "Протокол оценки практики" in printable
    assert "@media print" in (settings.BASE_DIR / "static/css/protocol-print.css").read_text()
    client.force_login(asi_moderator)
    assert client.get(url).status_code == 200
    # the team sees the outcome and the points, not the experts' names (choice)
    client.force_login(author)
    html = client.get(url).content.decode()
    assert "Эксперт 1" in html and "Дополнить состав команды до трёх человек" in html
    assert all(str(expert) not in html for expert in experts[:3])
    client.force_login(experts[3])  # a pool member not in this round: may not see the practice (issue 13 item 14)
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_offline_meeting_protocol_and_outcome_f_val_4(practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    meeting = services.create_meeting(pool_a, by=expert_moderator, held_on=timezone.localdate(), place="АСИ, Москва")
    outsider_expert = factories.UserFactory(email="not-member@example.ru")
    with pytest.raises(ValidationError):
        services.add_meeting_members(meeting, [outsider_expert], by=expert_moderator)
    item = review_services.add_meeting_practice(meeting, practice, by=expert_moderator)
    review_services.set_meeting_outcome(item, by=expert_moderator, outcome=Outcome.APPROVE)
    with pytest.raises(ValidationError) as refused:
        apply_meeting_outcome(item, by=expert_moderator)
    assert "Загрузите скан-копию подписанного протокола заседания." in refused.value.messages
    assert any("не менее трёх экспертов" in m for m in refused.value.messages)
    client.force_login(expert_moderator)
    client.post(reverse("expert_review:meeting_members", args=[meeting.pk]), {"members": [e.pk for e in experts[:3]]})
    response = client.post(reverse("expert_review:meeting_protocol", args=[meeting.pk]),
                           {"protocol": factories.pdf_upload("protocol-signed.pdf")})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.members.count() == 3 and meeting.protocol.original_name == "protocol-signed.pdf"
    client.post(reverse("expert_review:apply_meeting", args=[item.pk]))
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.state == PracticeState.READY_TO_PUBLISH
    review = ExpertReview.objects.get(practice=practice)
    assert review.format == ReviewFormat.OFFLINE and review.meeting == meeting and review.outcome == Outcome.APPROVE
    last = list(history_for(practice))[-1]
    assert last.action == "experts_approve" and meeting.protocol in last.files.all()
    html = client.get(reverse("expert_review:meeting", args=[meeting.pk])).content.decode()
    assert "protocol-signed.pdf" in html and "применено" in html
    # members download the signed protocol; a pool member not at the meeting does not
    client.force_login(experts[0])
    assert client.get(reverse("files:download", args=[meeting.protocol_id])).status_code == 200
    client.force_login(experts[3])
    assert client.get(reverse("files:download", args=[meeting.protocol_id])).status_code in (403, 404)


def test_expert_moderator_told_of_evaluation_and_refusal_f_val_3(practice_in, pool_a, experts,
                                                                  expert_moderator):
    """The expert's own actions (experts app) reach the expert-moderator with the vote page's address."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    first = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    second = declared(review_services.invite_expert(practice, experts[1], by=expert_moderator))
    services.submit_evaluation(first, by=experts[0], answers=all_met(), decision=A)
    services.decline_invitation(second, by=experts[1], reason="Конфликт интересов")
    url = reverse("expert_review:review", args=[practice.pk])
    evaluated = Notice.objects.get(recipient=expert_moderator, kind="experts.evaluated")
    declined = Notice.objects.get(recipient=expert_moderator, kind="experts.declined")
    assert evaluated.url == url and "(1)" in evaluated.title
    assert declined.url == url and "Конфликт интересов" in declined.body
