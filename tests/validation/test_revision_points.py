"""F-PLUS-8 (issue 20 item 2): point-by-point revision. A return's comment becomes numbered points; the team
answers each beside the diff; resubmission with an unanswered point is refused with the list; the reviewer
resolves or reopens each point; the history keeps points, answers and decisions; the experts' revision
points from the vote become points too."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from experts.criteria import Decision
from practices.models import Practice, PracticeState, RevisionPoint, TeamMember
from practices.revision import services as revision
from practices.revision.services import split_points
from practices.services import resubmit_practice, revision_sender
from smarteka.history.services import history_for
from tests.factories import answer_revision_points
from tests.query_counts import assert_constant_queries
from validation import services
from validation.expert_review.services import close_expert_vote

pytestmark = pytest.mark.django_db
S = PracticeState


def _returned(practice_in, coordinator, comment="Уточните цель практики\n\n- Добавьте результаты за 2025 год\n"):
    practice = practice_in(S.REGIONAL_REVIEW)
    return services.return_for_revision(practice, by=coordinator, comment=comment)


def _points(practice):
    return list(RevisionPoint.objects.filter(practice=practice).order_by("number"))


def test_f_plus_8_split_one_point_per_non_empty_line_without_list_marks():
    assert split_points("1. Цель\n\n2) Задачи\n- Результаты\n• Материалы\n   \nКоманда") == [
        "Цель", "Задачи", "Результаты", "Материалы", "Команда"]
    assert split_points("") == []


def test_f_plus_8_a_return_splits_the_comment_into_numbered_points(practice_in, coordinator):
    practice = _returned(practice_in, coordinator)
    points = _points(practice)
    assert [(p.number, p.text, p.round, p.stage, p.status, p.author) for p in points] == [
        (1, "Уточните цель практики", 1, S.REGIONAL_REVIEW, "open", coordinator),
        (2, "Добавьте результаты за 2025 год", 1, S.REGIONAL_REVIEW, "open", coordinator)]
    returned = list(history_for(practice))[-1]
    assert returned.action == "return_for_revision"
    assert returned.comment == "1. Уточните цель практики\n2. Добавьте результаты за 2025 год"
    assert points[0].returned == returned


def test_f_plus_8_resubmission_refused_with_an_open_point(practice_in, coordinator, author):
    practice = _returned(practice_in, coordinator)
    first, second = _points(practice)
    revision.save_answers(practice, {first.pk: "Цель уточнена в разделе «Описание»"}, by=author)
    with pytest.raises(ValidationError) as refused:
        resubmit_practice(Practice.objects.get(pk=practice.pk), by=author)
    assert refused.value.messages == ["Нет ответа на замечание № 2: «Добавьте результаты за 2025 год»."]
    assert Practice.objects.get(pk=practice.pk).state == S.REVISION
    revision.save_answers(practice, {second.pk: "Добавлены результаты"}, by=author)
    assert resubmit_practice(Practice.objects.get(pk=practice.pk), by=author).state == S.REGIONAL_REVIEW


def test_f_plus_8_revision_page_keeps_answers_and_refuses_with_links_to_the_points(client, practice_in, coordinator,
                                                                                   author):
    practice = _returned(practice_in, coordinator)
    first, second = _points(practice)
    Practice.objects.filter(pk=practice.pk).update(goal="Сократить очередь до 10 минут")
    client.force_login(author)
    url = reverse("practices:revision", args=[practice.pk])
    page = client.get(url).content.decode()
    assert "Ждут ответа: <strong>2 замечания</strong> из 2" in page
    assert "Сократить очередь до 10 минут" in page  # the field diff beside the points
    response = client.post(url, {f"answer-{first.pk}": "Цель уточнена", f"answer-{second.pk}": "", "send": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Практику нельзя отправить" in html
    assert "Нет ответа на замечание № 2" in html and f'href="{url}#point-2"' in html
    assert "Цель уточнена</textarea>" in html  # kept as typed
    assert RevisionPoint.objects.get(pk=first.pk).answer == "Цель уточнена"  # and saved
    assert Practice.objects.get(pk=practice.pk).state == S.REVISION
    # the submit page lists the open point too, linked
    submit = client.get(reverse("practices:submit", args=[practice.pk])).content.decode()
    assert "Нет ответа на замечание № 2" in submit and "Ответить на замечание № 2" in submit
    response = client.post(url, {f"answer-{second.pk}": "Результаты добавлены", "send": "1"})
    assert response.status_code == 302
    assert Practice.objects.get(pk=practice.pk).state == S.REGIONAL_REVIEW


def test_f_plus_8_only_the_team_answers(client, practice_in, coordinator, author, outsider):
    practice = _returned(practice_in, coordinator)
    first = _points(practice)[0]
    member = TeamMember.objects.filter(practice=practice, user__isnull=False).exclude(user=author).first().user
    assert revision.save_answers(practice, {first.pk: "Ответ участника команды"}, by=member) == 1
    with pytest.raises(PermissionDenied):
        revision.save_answers(practice, {first.pk: "Чужой ответ"}, by=coordinator)
    client.force_login(outsider)
    assert client.post(reverse("practices:revision", args=[practice.pk]),
                       {f"answer-{first.pk}": "x"}).status_code == 404
    assert RevisionPoint.objects.get(pk=first.pk).answer == "Ответ участника команды"


def _back_for_decision(practice_in, coordinator, author):
    practice = _returned(practice_in, coordinator)
    answer_revision_points(practice, text="Исправлено")
    return resubmit_practice(Practice.objects.get(pk=practice.pk), by=author)


def test_f_plus_8_reviewer_resolves_and_reopens_and_a_reopened_point_is_answered_again(
        client, practice_in, coordinator, author):
    practice = _back_for_decision(practice_in, coordinator, author)
    first, second = _points(practice)
    client.force_login(coordinator)
    url = reverse("validation:revision_points", args=[practice.pk])
    page = client.get(url).content.decode()
    assert "Ждут вашего решения: <strong>2 замечания</strong>" in page and "Исправлено" in page
    response = client.post(url, {f"decision-{first.pk}": "resolved", f"decision-{second.pk}": "reopened"})
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.resolved_by, first.answer) == ("resolved", coordinator, "Исправлено")
    assert (second.status, second.answer) == ("reopened", "")
    # the next round: the reopened point and a new one must be answered; the resolved one is not asked
    practice = services.return_for_revision(Practice.objects.get(pk=practice.pk), by=coordinator,
                                            comment="Приложите протокол комиссии")
    assert [(p.number, p.round, p.status) for p in _points(practice)] == [
        (1, 1, "resolved"), (2, 1, "reopened"), (3, 2, "open")]
    with pytest.raises(ValidationError) as refused:
        resubmit_practice(Practice.objects.get(pk=practice.pk), by=author)
    assert [m.split(":")[0] for m in refused.value.messages] == ["Нет ответа на замечание № 2",
                                                                 "Нет ответа на замечание № 3"]


def test_f_plus_8_only_the_returning_reviewer_of_the_object_resolves(practice_in, coordinator,
                                                                    coordinator_of_other_region, author,
                                                                    expert_moderator):
    practice = _back_for_decision(practice_in, coordinator, author)
    first = _points(practice)[0]
    for intruder in (coordinator_of_other_region, expert_moderator, author):
        with pytest.raises(PermissionDenied):
            revision.decide_points(practice, {first.pk: "resolved"}, by=intruder)
    assert RevisionPoint.objects.get(pk=first.pk).status == "open"


def test_f_plus_8_undecided_answered_points_are_reopened_by_a_new_return(practice_in, coordinator, author):
    practice = _back_for_decision(practice_in, coordinator, author)
    practice = services.return_for_revision(practice, by=coordinator, comment="Ещё раз проверьте цель")
    assert [p.status for p in _points(practice)] == ["reopened", "reopened", "open"]
    assert "открыты повторно: № 1, № 2" in list(history_for(practice))[-1].comment


def test_f_plus_8_history_keeps_points_answers_and_decisions(client, practice_in, coordinator, author):
    practice = _back_for_decision(practice_in, coordinator, author)
    first, second = _points(practice)
    revision.decide_points(practice, {first.pk: "resolved", second.pk: "reopened"}, by=coordinator)
    actions = [(t.action, t.comment) for t in history_for(practice)]
    assert ("answer_revision_points", "Ответы на замечания:\n№ 1: Исправлено\n№ 2: Исправлено") in actions
    assert ("resolve_revision_points", "Замечания сняты: № 1.\nОткрыты повторно (ответить при следующей "
                                       "доработке): № 2.") in actions
    for user, page in ((coordinator, "validation:review"), (author, "practices:revision")):
        client.force_login(user)
        html = client.get(reverse(page, args=[practice.pk])).content.decode()
        assert "1. Уточните цель практики" in html and "№ 1: Исправлено" in html and "Замечания сняты: № 1." in html


def test_f_plus_8_the_experts_revision_points_from_the_vote_become_points(practice_in, pool_a, experts, vote,
                                                                         expert_moderator, author):
    practice = practice_in(S.EXPERT_REVIEW)
    vote(practice, experts[:3], [Decision.REVISION, Decision.REVISION, Decision.APPROVE])
    close_expert_vote(practice, by=expert_moderator)
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.state == S.REVISION
    assert [(p.text, p.stage, p.author) for p in _points(practice)] == [
        ("Дополнить состав команды до трёх человек", S.EXPERT_REVIEW, expert_moderator),
        ("Указать источник данных", S.EXPERT_REVIEW, expert_moderator),
        ("Дополнить состав команды до трёх человек", S.EXPERT_REVIEW, expert_moderator),
        ("Указать источник данных", S.EXPERT_REVIEW, expert_moderator)]
    with pytest.raises(ValidationError):
        resubmit_practice(practice, by=author)


def test_f_plus_8_requested_materials_become_points(practice_in, expert_moderator):
    practice = practice_in(S.PACKAGING)
    practice = services.request_materials(practice, by=expert_moderator,
                                          comment="Протокол комиссии\nФотографии до и после")
    assert [p.text for p in _points(practice)] == ["Протокол комиссии", "Фотографии до и после"]
    assert list(history_for(practice))[-1].comment == (
        "Запрошены дополнительные материалы:\n1. Протокол комиссии\n2. Фотографии до и после")


def test_f_plus_8_review_page_links_the_points_and_the_return_form_previews_them(client, practice_in, coordinator,
                                                                               author):
    practice = _back_for_decision(practice_in, coordinator, author)
    client.force_login(coordinator)
    html = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert "Всего: 2 замечания" in html and "ответ дан, ждут решения: 2" in html
    assert reverse("validation:revision_points", args=[practice.pk]) in html
    assert 'data-points-preview' in html and 'data-points-start="3"' in html


def test_f_plus_8_answers_do_not_hide_who_returned_the_practice(client, practice_in, coordinator, author):
    """The team's answers are a record inside «На доработке», not a transition into it: the revision notice
    still names the coordinator and the stage, and the resubmission is announced to the coordinator."""
    coordinator.last_name = "Соколов"
    coordinator.save(update_fields=["last_name"])
    practice = _returned(practice_in, coordinator)
    answer_revision_points(practice, text="Исправлено")
    client.force_login(author)
    html = client.get(reverse("practices:edit", args=[practice.pk]), follow=True).content.decode()
    assert "с этапа «Подтверждение регионом»" in html and "Соколов" in html
    assert "Замечаний к доработке: 2." in html and "Ответить на замечания" in html
    assert revision_sender(Practice.objects.get(pk=practice.pk)) == coordinator


@pytest.mark.parametrize("page,state,viewer", [("practices:revision", S.REVISION, "author"),
                                               ("validation:revision_points", S.REGIONAL_REVIEW, "coordinator")])
def test_f_plus_8_point_pages_query_count_constant(client, practice_in, coordinator, author, page, state, viewer):
    """The team's revision page and the reviewer's page of points take as many queries with 2 points as
    with 12 (answered, each by the author, raised by the coordinator)."""
    practice = practice_in(state)
    numbers = iter(range(100, 200))

    def grow(k):
        texts = []
        for _ in range(k):
            n = next(numbers)
            RevisionPoint.objects.create(practice=practice, round=1, number=n, text=f"Замечание-{n}",
                                         author=coordinator, stage=S.REGIONAL_REVIEW, answer=f"Ответ-{n}",
                                         answered_by=author, answered_at=practice.submitted_at)
            texts.append(f"Замечание-{n}")
        return texts

    client.force_login(author if viewer == "author" else coordinator)
    assert_constant_queries(client, reverse(page, args=[practice.pk]), grow)
