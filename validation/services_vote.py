"""Closing stage 3 (F-VAL-3 online, F-VAL-4 offline): the majority of those who evaluated decides (4.4.8).

``vote_outcome`` counts; ``close_expert_vote`` and ``apply_meeting_outcome`` close the round and move the
practice through ``validation.services.move`` (lock, permission, transition, history, notices).

Choices:
* closing is an explicit action of the practice's expert-moderator, not automatic on the third vote;
* «majority» is the decision with the most votes when no other decision has as many (1/1/1 or 2/2 is
  no majority: the expert-moderator invites one more expert; 2/1/1 after a fourth expert decides);
* a majority to approve with any evaluator asking for additions → ``experts_approve_with_additions``
  (the author revises, then the practice goes on without a new vote); a majority for revision returns
  the practice for revision, and the revised practice comes back to expert evaluation.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from experts.criteria import Decision
from experts.models import Evaluation, ExpertReview, MeetingPractice, Outcome, ReviewFormat
from experts.services import EVALUATION_DEADLINE_KIND, open_review
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines
from smarteka.notifications.services import notify, resolve_action
from validation import permissions_vote  # noqa: F401  (registers close_expert_vote, apply_meeting_outcome)

MIN_EVALUATIONS = 3  # 4.4.8: «оценена минимум тремя представителями профильного экспертного пула»

TOO_FEW = ("Для завершения экспертизы нужны оценки не менее трёх экспертов пула (п. 4.4.8 Регламента): "
           "сейчас оценок — {given}.")
NO_MAJORITY = "Нет большинства: пригласите ещё одного эксперта."

# the practice's transition per outcome (validation's state machine)
TRANSITIONS = {
    Outcome.APPROVE: "experts_approve",
    Outcome.APPROVE_WITH_ADDITIONS: "experts_approve_with_additions",
    Outcome.REVISION: "return_for_revision",  # the revised practice comes back to expert evaluation
    Outcome.REJECT: "experts_reject",
}


@dataclass
class VoteOutcome:
    counts: dict = field(default_factory=dict)  # decision -> number of evaluations given
    given: int = 0
    outcome: str | None = None  # an ``Outcome`` value, or None when the vote cannot close
    problem: str = ""  # why it cannot close, in Russian

    @property
    def can_close(self):
        return self.outcome is not None


def tally(decisions):
    """Pure: the outcome of a list of decisions (``Decision`` values) of those who evaluated."""
    counts = {d: 0 for d in Decision.values}
    for decision in decisions:
        counts[decision] += 1
    given = sum(counts.values())
    if given < MIN_EVALUATIONS:
        return VoteOutcome(counts, given, None, TOO_FEW.format(given=given))
    top = max(counts.values())
    leaders = [d for d, n in counts.items() if n == top]
    if len(leaders) > 1:
        return VoteOutcome(counts, given, None, NO_MAJORITY)
    leader = leaders[0]
    if leader == Decision.APPROVE:
        outcome = Outcome.APPROVE_WITH_ADDITIONS if counts[Decision.REVISION] else Outcome.APPROVE
    elif leader == Decision.REJECT:
        outcome = Outcome.REJECT
    else:
        outcome = Outcome.REVISION
    return VoteOutcome(counts, given, outcome, "")


def vote_outcome(practice):
    """Pure: the outcome of the practice's open round from the evaluations actually given."""
    review = open_review(practice)
    decisions = [] if review is None else list(
        Evaluation.objects.filter(invitation__review=review).values_list("decision", flat=True))
    return tally(decisions)


def _revision_points(review):
    points = []
    for evaluation in Evaluation.objects.filter(invitation__review=review).order_by("submitted_at", "pk"):
        points += evaluation.revision_point_list()
    return points


def _comment(outcome, result, points):
    counts = result.counts
    text = (f"Итог экспертной оценки: {Outcome(outcome).label}. Оценок: {result.given} "
            f"(одобрить — {counts.get(Decision.APPROVE, 0)}, на доработку — {counts.get(Decision.REVISION, 0)}, "
            f"отказать — {counts.get(Decision.REJECT, 0)}).")
    if points and outcome in (Outcome.APPROVE_WITH_ADDITIONS, Outcome.REVISION):
        text += "\nПункты доработки по запросу экспертов:\n" + "\n".join(f"- {p}" for p in points)
    return text


def _close_review(review, *, by, outcome, meeting=None):
    review.closed_at = timezone.now()
    review.closed_by = by
    review.outcome = outcome
    fields = ["closed_at", "closed_by", "outcome"]
    if meeting is not None:
        review.format, review.meeting = ReviewFormat.OFFLINE, meeting
        fields += ["format", "meeting"]
    review.save(update_fields=fields)
    for invitation in review.invitations.all():
        cancel_deadlines(invitation, EVALUATION_DEADLINE_KIND)
    resolve_action(review.practice, kind="experts.invited")


REJECTION_GROUND = "Практика не одобрена экспертами"  # Прил.1, the refusal under «Экспертная оценка»


def _move(practice, outcome, *, by, comment, files=()):
    """The permission asked is validation's default for the transition (``close_expert_review`` for the
    experts' transitions, ``return_for_revision`` for a majority asking for revision)."""
    from validation.services import move

    changes = {"rejection_grounds": [REJECTION_GROUND]} if outcome == Outcome.REJECT else {}
    return move(practice, TRANSITIONS[outcome], by=by, comment=comment, files=files, **changes)


def _locked(practice):
    from practices.models import Practice

    return Practice.objects.select_for_update(of=("self",)).select_related("category", "author").get(pk=practice.pk)


def close_expert_vote(practice, *, by):
    """The expert-moderator closes the online vote (F-VAL-3): at least three evaluations given and a
    majority, else refused in Russian (``ValidationError``). Returns the closed ``ExpertReview``."""
    with transaction.atomic():
        practice = _locked(practice)
        permissions.require(by, "close_expert_vote", practice,
                            message="Завершить экспертную оценку может эксперт-модератор практики.")
        review = open_review(practice)
        result = vote_outcome(practice)
        if review is None or not result.can_close:
            raise ValidationError(result.problem or TOO_FEW.format(given=0))
        comment = _comment(result.outcome, result, _revision_points(review))
        _close_review(review, by=by, outcome=result.outcome)
        _move(practice, result.outcome, by=by, comment=comment)
        url = reverse("experts:protocol", args=[review.pk])
        experts = [inv.expert for inv in review.invitations.select_related("expert")]
        notify(experts, kind="experts.vote_closed", obj=practice, url=url,
               title=f"Экспертная оценка практики «{practice}» завершена",
               body=f"{Outcome(result.outcome).label}. Протокол оценки сформирован на платформе.")
    return review


def apply_meeting_outcome(item, *, by):
    """The expert-moderator moves a practice per the signed protocol of an offline pool meeting (4.4.7,
    F-VAL-4): the scan is uploaded, at least three pool members took part, the outcome is set."""
    with transaction.atomic():
        item = MeetingPractice.objects.select_for_update(of=("self",)).select_related("meeting__pool", "practice").get(pk=item.pk)
        practice = _locked(item.practice)
        permissions.require(by, "apply_meeting_outcome", item,
                            message="Применить решение заседания может эксперт-модератор практики на этапе "
                                    "экспертной оценки.")
        meeting = item.meeting
        problems = []
        if not meeting.protocol_id:
            problems.append("Загрузите скан-копию подписанного протокола заседания.")
        if meeting.members.count() < MIN_EVALUATIONS:
            problems.append("В заседании должны участвовать не менее трёх экспертов пула (п. 4.4.8 Регламента).")
        if not item.outcome:
            problems.append("Укажите решение по практике из протокола.")
        if item.applied_at:
            problems.append("Решение по этой практике уже применено.")
        if problems:
            raise ValidationError(problems)
        review = open_review(practice) or ExpertReview.objects.create(practice=practice,
                                                                      format=ReviewFormat.OFFLINE)
        comment = (f"Решение заседания экспертного пула от {meeting.held_on:%d.%m.%Y} "
                   f"(протокол загружен): {Outcome(item.outcome).label}.")
        if item.revision_points:
            comment += "\nПункты доработки по запросу экспертов:\n" + item.revision_points
        _close_review(review, by=by, outcome=item.outcome, meeting=meeting)
        _move(practice, item.outcome, by=by, comment=comment, files=[meeting.protocol])
        item.applied_at, item.applied_by = timezone.now(), by
        item.save(update_fields=["applied_at", "applied_by"])
    return review
