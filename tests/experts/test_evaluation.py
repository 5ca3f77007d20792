"""F-VAL-3: invitations, the evaluation form, hidden votes, the evaluation protocol."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from experts import services
from experts.criteria import CRITERIA, Decision
from experts.models import Evaluation
from smarteka.roles.models import Role
from tests import factories
from tests.experts.conftest import all_met
from validation.expert_review import services as review_services
from validation.expert_review.services import close_expert_vote

A, R, J = Decision.APPROVE, Decision.REVISION, Decision.REJECT
pytestmark = pytest.mark.django_db


def _form_data(unmet=(), decision="approve", points=""):
    data = {"decision": decision, "revision_points": points, "comment": ""}
    for code, _t, _h in CRITERIA:
        data[f"criterion_{code}"] = "no" if code in unmet else "yes"
    return data


def test_only_pool_members_of_this_year_are_invited_f_val_3(in_expert_review, pool_a, experts, expert_moderator,
                                                            category_a):
    practice = in_expert_review()
    holder_without_membership = factories.UserFactory(email="no-pool@example.ru")
    factories.grant(holder_without_membership, Role.EXPERT, category=category_a)
    with pytest.raises(PermissionDenied, match="не входит в экспертный пул"):
        review_services.invite_expert(practice, holder_without_membership, by=expert_moderator)
    assert holder_without_membership not in review_services.invitable_experts(practice)
    assert set(review_services.invitable_experts(practice)) == set(experts)


def test_expert_of_another_category_refused_f_val_3(in_expert_review, pool_a, expert_moderator, category_b,
                                                   asi_moderator, client):
    practice = in_expert_review()
    other = factories.UserFactory(email="expert-b@example.ru")
    services.add_member(services.pool_for(category_b), other, by=asi_moderator,
                        criteria=["leadership", "competence"])
    with pytest.raises(PermissionDenied):
        review_services.invite_expert(practice, other, by=expert_moderator)
    client.force_login(expert_moderator)
    response = client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": other.pk})
    assert response.status_code == 400
    assert "Выберите эксперта из пула категории." in response.content.decode()
    assert not practice.expert_invitations.exists()


def test_only_the_practice_expert_moderator_invites_f_val_3(in_expert_review, pool_a, experts, client,
                                                            expert_moderator_of_other_category, asi_moderator):
    practice = in_expert_review()
    with pytest.raises(PermissionDenied):
        review_services.invite_expert(practice, experts[0], by=expert_moderator_of_other_category)
    client.force_login(expert_moderator_of_other_category)
    assert client.post(reverse("expert_review:invite", args=[practice.pk]), {"expert": experts[0].pk}).status_code == 403
    assert client.get(reverse("expert_review:review", args=[practice.pk])).status_code == 403


def test_evaluation_of_another_category_practice_refused_403_f_val_3(in_expert_review, pool_a, experts,
                                                                     expert_moderator, client):
    practice = in_expert_review()
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[1])  # a member of the pool but not invited
    assert client.get(reverse("experts:evaluate", args=[invitation.pk])).status_code == 403
    assert client.post(reverse("experts:evaluate", args=[invitation.pk]), _form_data()).status_code == 403
    with pytest.raises(PermissionDenied):
        services.submit_evaluation(invitation, by=experts[1], answers=all_met(), decision=A)


def test_approve_refused_when_a_criterion_is_unmet_f_val_3(in_expert_review, pool_a, experts, expert_moderator,
                                                          client):
    practice = in_expert_review()
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    response = client.post(reverse("experts:evaluate", args=[invitation.pk]),
                           _form_data(unmet=("5",), decision="approve"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Одобрить публикацию можно только при соблюдении всех критериев оценки. Не соблюдены критерии: 5." in html
    assert "Критерий не соблюдён — одобрить публикацию нельзя." in html
    assert 'value="no" checked' in html  # what was typed is kept
    assert not Evaluation.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.submit_evaluation(invitation, by=experts[0], answers=all_met(("5",)), decision=A)
    assert "decision" in refused.value.message_dict


def test_revision_requires_concrete_points_f_val_3(in_expert_review, pool_a, experts, expert_moderator, client):
    practice = in_expert_review()
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    response = client.post(reverse("experts:evaluate", args=[invitation.pk]), _form_data(decision="revision"))
    assert response.status_code == 400
    assert "Напишите конкретные пункты необходимой доработки описания практики." in response.content.decode()
    response = client.post(reverse("experts:evaluate", args=[invitation.pk]),
                           _form_data(decision="revision", points="Добавить результаты за 2025 год"))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.decision == R and evaluation.revision_point_list() == ["Добавить результаты за 2025 год"]


def test_evaluation_is_given_once_f_val_3(in_expert_review, pool_a, experts, expert_moderator):
    practice = in_expert_review()
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    services.submit_evaluation(invitation, by=experts[0], answers=all_met(), decision=A)
    with pytest.raises(ValidationError, match="один раз"):
        services.submit_evaluation(invitation, by=experts[0], answers=all_met(("1",)), decision=J)
    assert Evaluation.objects.get().decision == A


def test_criteria_shown_word_for_word_f_val_3(in_expert_review, pool_a, experts, expert_moderator, client):
    practice = in_expert_review()
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    html = client.get(reverse("experts:evaluate", args=[invitation.pk])).content.decode()
    reference = open("/work/shared/REFERENCE_LISTS.md", encoding="utf-8").read()
    for _code, title, help_lines in CRITERIA:
        assert title in reference and title in html
        for line in help_lines:
            assert line in reference, line
            assert line.replace("«", "&laquo;").replace("»", "&raquo;") in html or line in html


def test_votes_hidden_from_other_experts_until_close_f_val_3(in_expert_review, pool_a, experts, vote,
                                                             expert_moderator, client):
    practice = in_expert_review()
    vote(practice, experts[:2], [A, R])
    third = review_services.invite_expert(practice, experts[2], by=expert_moderator)
    first = practice.expert_invitations.get(expert=experts[0])
    second = practice.expert_invitations.get(expert=experts[1])
    # the second expert sees only their own evaluation
    client.force_login(experts[1])
    html = client.get(reverse("experts:evaluate", args=[second.pk])).content.decode()
    assert "Ваша оценка" in html and "Дополнить состав команды до трёх человек" in html
    assert "Оценки других экспертов скрыты до завершения экспертной оценки." in html
    assert str(experts[0]) not in html
    assert client.get(reverse("experts:evaluate", args=[first.pk])).status_code == 403
    assert client.get(reverse("expert_review:review", args=[practice.pk])).status_code == 403
    # the third, not yet evaluated, sees nobody's decision
    client.force_login(experts[2])
    html = client.get(reverse("experts:evaluate", args=[third.pk])).content.decode()
    assert "Дополнить состав команды" not in html and str(experts[0]) not in html and str(experts[1]) not in html
    # the expert-moderator sees who evaluated and how
    client.force_login(expert_moderator)
    html = client.get(reverse("expert_review:review", args=[practice.pk])).content.decode()
    assert str(experts[0]) in html and str(experts[1]) in html and "На доработку" in html
    assert "Оценок дано: <strong>2</strong>" in html
    # after the close, the protocol shows everyone's decisions to the experts of that round
    services.submit_evaluation(third, by=experts[2], answers=all_met(), decision=A)
    review = close_expert_vote(practice, by=expert_moderator)
    client.force_login(experts[1])
    html = client.get(reverse("experts:evaluate", args=[second.pk])).content.decode()
    assert reverse("expert_review:protocol", args=[review.pk]) in html
    html = client.get(reverse("expert_review:protocol", args=[review.pk])).content.decode()
    assert str(experts[0]) in html and str(experts[2]) in html


def test_protocol_content_and_who_sees_it_f_val_3(in_expert_review, pool_a, experts, vote, expert_moderator,
                                                 asi_moderator, author, outsider, client):
    practice = in_expert_review()
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
    assert "@media print" in printable and "Протокол оценки практики" in printable
    client.force_login(asi_moderator)
    assert client.get(url).status_code == 200
    # the team sees the outcome and the points, not the experts' names (choice)
    client.force_login(author)
    html = client.get(url).content.decode()
    assert "Эксперт 1" in html and "Дополнить состав команды до трёх человек" in html
    assert all(str(expert) not in html for expert in experts[:3])
    client.force_login(experts[3])  # a pool member not in this round
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_expert_queue_oldest_first_with_working_days_f_val_3(in_expert_review, pool_a, experts, expert_moderator,
                                                            client):
    first = in_expert_review(title="Первая практика")
    second = in_expert_review(title="Вторая практика")
    review_services.invite_expert(first, experts[0], by=expert_moderator)
    review_services.invite_expert(second, experts[0], by=expert_moderator)
    client.force_login(experts[0])
    html = client.get(reverse("experts:my_queue")).content.decode()
    assert "Ожидают моей оценки" in html
    assert html.index("Первая практика") < html.index("Вторая практика")
    assert "рабочих дней назад: 0" in html and "осталось рабочих дней: 10" in html
