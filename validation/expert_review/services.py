"""The review round of stage 3 (F-VAL-3 online vote, F-VAL-4 offline meeting): invitations, the tally,
closing the vote, the meetings' practices and outcomes. One function per user action (STYLE 2).

Pools, memberships and the expert's own evaluation are the experts app's (``experts/services.py``);
this module reads them and moves the practice through ``validation.services.move`` (lock, permission,
transition, history, notices).

Choices:
* closing is an explicit action of the practice's expert-moderator, not automatic on the third vote;
* «majority» (4.4.8: «одобрения большинством экспертов (из числа оценивших ее)») is more than half of
  those who evaluated: 3/1 and 3/2/1 decide, 2/1/1, 2/2 and 1/1/1 do not — without such a majority the
  expert-moderator invites one more expert;
* a majority to approve with any evaluator asking for additions → ``experts_approve_with_additions``
  (the author revises, then the practice goes on without a new vote); a majority for revision returns
  the practice for revision, and the revised practice comes back to expert evaluation.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from experts.criteria import Decision
from experts.models import (
    Evaluation,
    ExpertInvitation,
    ExpertReview,
    MeetingPractice,
    Outcome,
    PoolMembership,
    ReviewFormat,
)
from experts.services import EVALUATION_DEADLINE_KIND, is_current_member, pool_for
from practices.models import Practice, PracticeState, TeamMember
from practices.revision.services import split_points
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, open_deadline
from smarteka.history.services import record
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.workcalendar.services import add_working_days, due_text
from validation.services import close_expert_round, move

# choice (the regulation sets no term): an invited expert evaluates within 10 working days
EVALUATION_WORKING_DAYS = 10

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

REJECTION_GROUND = "Практика не одобрена экспертами"  # Прил.1, the refusal under «Экспертная оценка»


def _locked_practice(practice):
    return Practice.objects.select_for_update(of=("self",)).select_related("category", "author").get(pk=practice.pk)


# --- the round and its invitations (F-VAL-3, 4.4.6–4.4.8)


def open_review(practice):
    return ExpertReview.objects.filter(practice=practice, closed_at__isnull=True).first()


def _open_review_for(practice, *, format="online"):
    review = open_review(practice)
    if review is None:
        review = ExpertReview.objects.create(practice=practice, format=format)
    return review


def _conflicted(practice):
    """F-PLUS-7 (choice: the regulation is silent; 4.4.7 asks an objective evaluation): the users never offered
    to evaluate the practice — those of the author's region (the practice's region-author and the author's own
    region) and the practice's team, the author included. Returns a Q over users."""
    regions = {r for r in (practice.region_id, getattr(practice.author, "region_id", None)) if r}
    team = TeamMember.objects.filter(practice=practice, user__isnull=False).values("user_id")
    return Q(region_id__in=regions) | Q(pk__in=team) | Q(pk=practice.author_id)


def conflict_reason(practice, expert):
    """Why ``expert`` may not evaluate ``practice`` (F-PLUS-7), in Russian, or ""."""
    if expert.pk == practice.author_id or TeamMember.objects.filter(practice=practice, user=expert).exists():
        return f"{expert} входит в команду практики — пригласить его(её) оценивать её нельзя."
    regions = {r for r in (practice.region_id, getattr(practice.author, "region_id", None)) if r}
    if expert.region_id and expert.region_id in regions:
        return f"{expert} из региона автора практики ({expert.region}) — пригласить его(её) оценивать её нельзя."
    return ""


def invitable_experts(practice, today=None):
    """Current-year members of the category's pool holding the Expert role, not yet invited this round, and
    neither of the author's region nor on the practice's team (F-PLUS-7)."""
    if not practice.category_id:
        return get_user_model().objects.none()
    expert_ids = [user.pk for user in holders(Role.EXPERT, category=practice.category_id)]
    members = (PoolMembership.objects.current(today).filter(pool__category_id=practice.category_id)
               .values("user_id"))
    users = (get_user_model().objects.filter(pk__in=members, is_active=True).filter(pk__in=expert_ids)
             .exclude(_conflicted(practice)))
    review = open_review(practice)
    if review is not None:
        users = users.exclude(pk__in=review.invitations.values("expert_id"))
    return users.order_by("last_name", "first_name")


def invite_expert(practice, expert, *, by, today=None):
    """The practice's expert-moderator invites an expert of the category's pool with a current-year
    membership; opens the evaluation deadline and notifies the expert."""
    today = today or timezone.localdate()
    with transaction.atomic():
        practice = _locked_practice(practice)
        permissions.require(by, "invite_experts", practice,
                            message="Приглашать экспертов может эксперт-модератор практики на этапе экспертной "
                                    "оценки.")
        if not is_current_member(expert, practice.category, today):
            raise PermissionDenied(f"{expert} не входит в экспертный пул категории «{practice.category}» "
                                   f"на {today.year} год.")
        reason = conflict_reason(practice, expert)
        if reason:
            raise PermissionDenied(reason)
        review = _open_review_for(practice)
        if review.invitations.filter(expert=expert).exists():
            raise ValidationError({"expert": f"Приглашение оценить эту практику уже отправлено эксперту: {expert}."})
        invitation = ExpertInvitation.objects.create(
            review=review, practice=practice, expert=expert, invited_by=by,
            due_on=add_working_days(today, EVALUATION_WORKING_DAYS))
        open_deadline(invitation, EVALUATION_DEADLINE_KIND, starts_on=today, due_on=invitation.due_on,
                      assignees=[expert], escalate_to=[by])
        notify(expert, kind="experts.invited", obj=practice, requires_action=True,
               url=reverse("experts:evaluate", args=[invitation.pk]),
               title=f"Оцените практику «{practice}»",
               body=(f"{by} приглашает вас оценить практику «{practice}» (категория «{practice.category}») "
                     f"на соответствие критериям п. 2.1.5 Регламента до {due_text(invitation.due_on)}. "
                     "Перед тем как открыть паспорт, заявите, есть ли у вас конфликт интересов."))
    return invitation


def replacement_candidate(invitation, today=None):
    """The pool's expert who replaces ``invitation``'s: of those still invitable, the one with the fewest
    evaluations awaited from them (choice: spread the load), then by name."""
    open_q = Q(expert_invitations__declined_at__isnull=True, expert_invitations__replaced_at__isnull=True,
               expert_invitations__evaluation__isnull=True, expert_invitations__review__closed_at__isnull=True)
    return (invitable_experts(invitation.practice, today)
            .annotate(load=Count("expert_invitations", filter=open_q))
            .order_by("load", "last_name", "first_name", "pk").first())


def replace_expert(invitation, *, by, today=None):
    """F-PLUS-7: the practice's expert-moderator replaces an expert who declined (a conflict of interests
    included) or let the term pass, in one click: the old invitation is closed as replaced (its deadline
    cancelled), the pool's next expert is invited with a fresh term — the number of experts counted toward
    the three of 4.4.8 stays the same — and the pool's history records it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        practice = _locked_practice(invitation.practice)
        invitation = (ExpertInvitation.objects.select_for_update(of=("self",))
                      .select_related("review", "expert", "practice").get(pk=invitation.pk))
        permissions.require(by, "replace_expert", invitation,
                            message="Заменить можно эксперта, который отказался или не дал оценку в срок, пока "
                                    "идёт экспертная оценка.")
        candidate = replacement_candidate(invitation, today)
        if candidate is None:
            raise ValidationError("В пуле категории нет эксперта, которого можно пригласить взамен: включите "
                                  "в пул нового эксперта.")
        overdue = not invitation.is_declined
        invitation.replaced_at = timezone.now()
        invitation.replaced_by = by
        invitation.save(update_fields=["replaced_at", "replaced_by"])
        cancel_deadlines(invitation, EVALUATION_DEADLINE_KIND)
        resolve_action(practice, kind="experts.invited", user=invitation.expert)
        new = invite_expert(practice, candidate, by=by, today=today)
        invitation.replacement = new
        invitation.save(update_fields=["replacement"])
        why = "срок оценки истёк" if overdue else f"отказ: {invitation.decline_reason}"
        pool = pool_for(practice.category)
        record(pool, by=by, old="", new="expert_replaced", action="replace_expert",
               labels={"expert_replaced": "Эксперт заменён"},
               comment=f"Практика «{practice}»: {invitation.expert} заменён(а) на {candidate} ({why}).")
        if overdue:
            notify(invitation.expert, kind="experts.replaced", obj=practice,
                   url=reverse("experts:my_queue"),
                   title=f"Приглашение оценить практику «{practice}» передано другому эксперту",
                   body=f"Срок оценки истёк {due_text(invitation.due_on)}; эксперт-модератор пригласил другого "
                        "эксперта пула.")
    return new


# what the expert's own actions tell the expert-moderator who invited them (experts.signals)


def notify_declined(sender, *, invitation, by, **kwargs):
    if invitation.invited_by:
        notify(invitation.invited_by, kind="experts.declined", obj=invitation.practice,
               url=reverse("expert_review:review", args=[invitation.practice_id]),
               title=f"{by} отказался(ась) оценивать практику «{invitation.practice}»",
               body=f"Причина: {invitation.decline_reason}\nЗамените эксперта следующим экспертом пула: "
                    "«Заменить из пула» на странице экспертной оценки.")


def notify_evaluated(sender, *, invitation, by, given, **kwargs):
    if invitation.invited_by:
        notify(invitation.invited_by, kind="experts.evaluated", obj=invitation.practice,
               url=reverse("expert_review:review", args=[invitation.practice_id]),
               title=f"Эксперт оценил(а) практику «{invitation.practice}» ({given})",
               body=(f"{by} дал(а) оценку. Всего оценок: {given}. Этап можно завершить, когда оценок не "
                     "меньше трёх и есть большинство."))


# --- the tally and closing the online vote (4.4.8)


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
    majority = [d for d, n in counts.items() if 2 * n > given]  # more than half of those who evaluated
    if not majority:
        return VoteOutcome(counts, given, None, NO_MAJORITY)
    leader = majority[0]
    if leader == Decision.APPROVE:
        outcome = Outcome.APPROVE_WITH_ADDITIONS if counts[Decision.REVISION] else Outcome.APPROVE
    elif leader == Decision.REJECT:
        outcome = Outcome.REJECT
    else:
        outcome = Outcome.REVISION
    return VoteOutcome(counts, given, outcome, "")


def review_tally(review):
    """The tally of the evaluations given in ``review`` (an empty round when None)."""
    decisions = [] if review is None else list(
        Evaluation.objects.filter(invitation__review=review).values_list("decision", flat=True))
    return tally(decisions)


def vote_outcome(practice):
    """Pure: the outcome of the practice's open round from the evaluations actually given."""
    return review_tally(open_review(practice))


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


def _move(practice, outcome, *, by, comment, files=(), points=()):
    """The permission asked is validation's default for the transition (``close_expert_review`` for the
    experts' transitions, ``return_for_revision`` for a majority asking for revision). ``points``: the
    experts' revision points, which the team answers one by one on revision (F-PLUS-8)."""
    changes = {"rejection_grounds": [REJECTION_GROUND]} if outcome == Outcome.REJECT else {}
    return move(practice, TRANSITIONS[outcome], by=by, comment=comment, files=files, points=list(points),
                **changes)


def close_expert_vote(practice, *, by):
    """The expert-moderator closes the online vote (F-VAL-3): at least three evaluations given and a
    majority, else refused in Russian (``ValidationError``). Returns the closed ``ExpertReview``."""
    with transaction.atomic():
        practice = _locked_practice(practice)
        permissions.require(by, "close_expert_review", practice,
                            message="Завершить экспертную оценку может эксперт-модератор практики.")
        review = open_review(practice)
        result = review_tally(review)
        if review is None or not result.can_close:
            raise ValidationError(result.problem or TOO_FEW.format(given=0))
        points = _revision_points(review)
        comment = _comment(result.outcome, result, points)
        close_expert_round(review, by=by, outcome=result.outcome)
        _move(practice, result.outcome, by=by, comment=comment, points=points)
        url = reverse("expert_review:protocol", args=[review.pk])
        experts = [inv.expert for inv in review.invitations.select_related("expert")]
        notify(experts, kind="experts.vote_closed", obj=practice, url=url,
               title=f"Экспертная оценка практики «{practice}» завершена",
               body=f"{Outcome(result.outcome).label}. Протокол оценки сформирован на платформе.")
    return review


# --- offline pool meetings: the practices on the agenda and their outcomes (F-VAL-4)


def add_meeting_practice(meeting, practice, *, by):
    """Put a practice of the pool's category that is in expert evaluation on the meeting's agenda."""
    with transaction.atomic():
        practice = _locked_practice(practice)
        permissions.require(by, "manage_pool_meeting", meeting)
        if practice.category_id != meeting.pool.category_id:
            raise ValidationError({"practice": "Практика другой категории: её оценивает другой экспертный пул."})
        if practice.state != PracticeState.EXPERT_REVIEW:
            raise ValidationError({"practice": "На заседание выносятся практики на этапе экспертной оценки."})
        item, created = MeetingPractice.objects.get_or_create(meeting=meeting, practice=practice)
        if not created:
            raise ValidationError({"practice": "Эта практика уже включена в заседание."})
    return item


def set_meeting_outcome(item, *, by, outcome, revision_points=""):
    """Record the protocol's decision on one practice (applied to the practice by ``apply_meeting_outcome``)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Выберите решение по протоколу."})
    if outcome in (Outcome.APPROVE_WITH_ADDITIONS, Outcome.REVISION) and not revision_points.strip():
        raise ValidationError({"revision_points": "Перечислите пункты доработки из протокола."})
    with transaction.atomic():
        permissions.require(by, "manage_pool_meeting", item.meeting)
        if item.applied_at:
            raise ValidationError("Решение по этой практике уже применено.")
        item.outcome = outcome
        item.revision_points = revision_points.strip()
        item.save(update_fields=["outcome", "revision_points"])
    return item


def apply_meeting_outcome(item, *, by):
    """The expert-moderator moves a practice per the signed protocol of an offline pool meeting (4.4.7,
    F-VAL-4): the scan is uploaded, at least three pool members took part, the outcome is set."""
    with transaction.atomic():
        item = (MeetingPractice.objects.select_for_update(of=("self",)).select_related("meeting__pool", "practice")
                .get(pk=item.pk))
        practice = _locked_practice(item.practice)
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
        close_expert_round(review, by=by, outcome=item.outcome, meeting=meeting)
        _move(practice, item.outcome, by=by, comment=comment, files=[meeting.protocol],
              points=split_points(item.revision_points))
        item.applied_at, item.applied_by = timezone.now(), by
        item.save(update_fields=["applied_at", "applied_by"])
    return review
