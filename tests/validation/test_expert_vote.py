"""F-VAL-3: the online expert vote — the majority of those who evaluated decides (4.4.8)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from experts.criteria import Decision
from experts.models import ExpertReview, Outcome
from practices.models import Practice, PracticeState
from practices.services import resubmit_practice
from smarteka.deadlines.services import open_deadlines_for
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from tests.experts.conftest import declared, new_pool_experts
from tests.factories import answer_revision_points
from validation import services
from validation.expert_review.services import (
    NO_MAJORITY,
    close_expert_vote,
    invite_expert,
    tally,
    vote_outcome,
)
from validation.services import move

A, R, J = Decision.APPROVE, Decision.REVISION, Decision.REJECT
pytestmark = pytest.mark.django_db


def test_tally_majority_rules_f_val_3():
    assert tally([A, A, A]).outcome == Outcome.APPROVE
    assert tally([A, A, R]).outcome == Outcome.APPROVE_WITH_ADDITIONS
    assert tally([J, J, A]).outcome == Outcome.REJECT
    assert tally([R, R, A]).outcome == Outcome.REVISION
    assert tally([A, R, J]).outcome is None and tally([A, R, J]).problem == NO_MAJORITY
    assert tally([A, A, J, J]).outcome is None
    assert tally([A, A]).outcome is None and "сейчас оценок — 2" in tally([A, A]).problem


def test_f_val_3_majority_is_more_than_half_of_those_who_evaluated_4_4_8():
    """4.4.8 «одобрения большинством экспертов (из числа оценивших ее)»: a plurality is not a majority."""
    two_one_one = tally([A, A, R, J])
    assert two_one_one.outcome is None and two_one_one.problem == NO_MAJORITY  # 2 of 4 is not more than half
    assert tally([A, A, J, J]).problem == NO_MAJORITY  # 2/2
    assert tally([A, A, A, J]).outcome == Outcome.APPROVE  # 3/1
    assert tally([J, J, J, R]).outcome == Outcome.REJECT
    assert tally([A, A, A, R, R, J]).outcome is None  # 3/2/1: 3 of 6 is half, not more
    assert tally([A, A, A, R, J]).outcome == Outcome.APPROVE_WITH_ADDITIONS  # 3 of 5


def test_three_of_three_approve_moves_to_next_stage_f_val_3(practice_in, pool_a, experts, vote,
                                                            expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, A, A])
    review = close_expert_vote(practice, by=expert_moderator)
    practice.refresh_from_db()
    assert practice.state == PracticeState.READY_TO_PUBLISH
    assert review.outcome == Outcome.APPROVE and review.closed_at is not None
    last = list(history_for(practice))[-1]
    assert last.action == "experts_approve" and last.by == expert_moderator
    assert "одобрить — 3" in last.comment


def test_two_approve_one_revision_author_revises_then_goes_on_without_new_vote_f_val_3(
        practice_in, pool_a, experts, vote, expert_moderator, author, asi_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, A, R])
    review = close_expert_vote(practice, by=expert_moderator)
    practice.refresh_from_db()
    assert review.outcome == Outcome.APPROVE_WITH_ADDITIONS
    assert practice.state == PracticeState.REVISION
    assert "Дополнить состав команды до трёх человек" in list(history_for(practice))[-1].comment
    answer_revision_points(practice)
    resubmit_practice(practice, by=author, comment="Дополнили")
    practice.refresh_from_db()
    assert practice.state == PracticeState.READY_TO_PUBLISH  # no new vote
    assert ExpertReview.objects.filter(practice=practice).count() == 1
    # the ASI moderator, who publishes next, is told it is back (F-NOTE-1)
    assert Notice.objects.filter(recipient=asi_moderator, kind="practice_resubmitted", object_id=practice.pk).exists()
    assert not ExpertReview.objects.filter(practice=practice, closed_at__isnull=True).exists()


def test_two_reject_rejects_f_val_3(practice_in, pool_a, experts, vote, expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [J, J, A])
    close_expert_vote(practice, by=expert_moderator)
    practice.refresh_from_db()
    assert practice.state == PracticeState.REJECTED
    assert practice.rejection_grounds == ["Практика не одобрена экспертами"]


def test_one_one_one_needs_more_experts_until_a_majority_decides_f_val_3(practice_in, pool_a, experts, vote,
                                                                         expert_moderator, asi_moderator,
                                                                         category_a):
    """4.4.8: 1/1/1 and then 2/1/1 have no majority of those who evaluated; a fifth expert makes 3 of 5."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, R, J])
    with pytest.raises(ValidationError) as refused:
        close_expert_vote(practice, by=expert_moderator)
    assert refused.value.messages == ["Нет большинства: пригласите ещё одного эксперта."]
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW
    vote(practice, experts[3:], [J])
    with pytest.raises(ValidationError) as refused:  # 2 reject of 4 is not more than half
        close_expert_vote(practice, by=expert_moderator)
    assert refused.value.messages == ["Нет большинства: пригласите ещё одного эксперта."]
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW
    fifth = new_pool_experts(pool_a, asi_moderator, category_a, [5])
    vote(practice, fifth, [J])
    assert vote_outcome(practice).outcome == Outcome.REJECT
    close_expert_vote(practice, by=expert_moderator)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REJECTED


def test_only_two_evaluations_cannot_close_f_val_3(practice_in, pool_a, experts, vote, expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:2], [A, A])
    declared(invite_expert(practice, experts[2], by=expert_moderator))  # invited but not evaluated
    with pytest.raises(ValidationError) as refused:
        close_expert_vote(practice, by=expert_moderator)
    assert "не менее трёх экспертов" in refused.value.messages[0]
    assert "сейчас оценок — 2" in refused.value.messages[0]
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


def test_majority_revision_returns_and_comes_back_to_a_new_vote_f_val_3(practice_in, pool_a, experts, vote,
                                                                       expert_moderator, author):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [R, R, A])
    close_expert_vote(practice, by=expert_moderator)
    practice.refresh_from_db()
    assert practice.state == PracticeState.REVISION
    answer_revision_points(practice)
    resubmit_practice(practice, by=author)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


def test_only_the_practice_expert_moderator_closes_f_val_3(practice_in, pool_a, experts, vote,
                                                          expert_moderator_of_other_category, author):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, A, A])
    for user in (expert_moderator_of_other_category, author, experts[0]):
        with pytest.raises(PermissionDenied):
            close_expert_vote(practice, by=user)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


def test_f_val_3_the_experts_transitions_are_the_practice_expert_moderators_alone_4_4_7(
        practice_in, pool_a, experts, vote, asi_moderator, expert_moderator):
    """One rule closes stage 3: an expert of the category or the ASI moderator cannot move the practice
    by the experts' transitions, only the expert-moderator who runs its evaluation (4.4.7)."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    for user in (experts[0], asi_moderator):
        for name in ("experts_approve", "experts_approve_with_additions", "experts_reject"):
            with pytest.raises(PermissionDenied):
                move(practice, name, by=user, comment="Решение экспертов")
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW
    move(practice, "experts_approve", by=expert_moderator, comment="Решение экспертов")
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.READY_TO_PUBLISH


def test_close_vote_view_refuses_without_majority_and_403_for_others_f_val_3(
        practice_in, pool_a, experts, vote, expert_moderator, expert_moderator_of_other_category, client):
    from django.urls import reverse

    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:3], [A, R, J])
    client.force_login(expert_moderator_of_other_category)  # may not see the practice: 404 (issue 13 item 14)
    assert client.post(reverse("expert_review:close", args=[practice.pk])).status_code == 404
    client.force_login(expert_moderator)
    response = client.post(reverse("expert_review:close", args=[practice.pk]), follow=True)
    assert "Нет большинства: пригласите ещё одного эксперта." in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.EXPERT_REVIEW


def test_f_val_3_a_direct_refusal_ends_the_round_and_its_reminders_4_4_8(practice_in, pool_a, experts, vote,
                                                                         expert_moderator, asi_moderator):
    """Leaving stage 3 another way (the ASI moderator refuses) closes the round: the invited experts are
    no longer reminded about a refused practice."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:1], [A])
    pending = declared(invite_expert(practice, experts[1], by=expert_moderator))
    assert open_deadlines_for(pending).exists()
    services.reject(practice, by=asi_moderator, grounds=[services.ASI_REJECTION_GROUNDS[0]])
    review = ExpertReview.objects.get(practice=practice)
    assert review.closed_at is not None and review.outcome == "" and review.closed_by == asi_moderator
    assert not open_deadlines_for(pending).exists()


def test_f_val_3_after_a_direct_return_a_new_round_starts_empty_4_4_8(practice_in, pool_a, experts, vote,
                                                                      expert_moderator, author, client):
    """The expert-moderator returns the practice from stage 3 without closing the vote; the revised
    practice comes back to a new, empty round in which the same experts vote again on the new version,
    and the old round's votes stay in its protocol."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:2], [R, R])
    services.return_for_revision(practice, by=expert_moderator, comment="Дополните результаты за 2025 год")
    old_round = ExpertReview.objects.get(practice=practice)
    assert old_round.closed_at is not None and old_round.outcome == ""
    answer_revision_points(practice)
    resubmit_practice(Practice.objects.get(pk=practice.pk), by=author, comment="Дополнили")
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.state == PracticeState.EXPERT_REVIEW
    assert vote_outcome(practice).given == 0
    vote(practice, experts[:3], [A, A, A])  # the same experts may vote again
    new_round = close_expert_vote(practice, by=expert_moderator)
    assert new_round.pk != old_round.pk and new_round.outcome == Outcome.APPROVE
    client.force_login(expert_moderator)
    html = client.get(reverse("expert_review:protocol", args=[old_round.pk])).content.decode()
    assert "на доработку — 2" in html and "оценка прекращена" in html
