"""Expert pools and memberships, the expert's own evaluation (or refusal), offline pool meetings as data:
one function per user action (STYLE 2).

None of these moves the practice: the review round (invitations, closing the vote, the meetings'
practices and outcomes) belongs to the app above experts, told of the expert's actions through
``experts.signals``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from experts import signals
from experts.criteria import CRITERION_CODES, MIN_INCLUSION_CRITERIA, Decision, InclusionCriterion
from experts.models import Evaluation, ExpertInvitation, ExpertPool, Interests, OfflineMeeting, PoolMembership
from practices.models import Practice
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, meet_deadlines
from smarteka.files.services import store_upload
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role, RoleGrant
from smarteka.roles.services import grant_role, holders

EVALUATION_DEADLINE_KIND = "expert_evaluation"


def pool_for(category):
    """The category's pool, created on first use (4.4.2: one pool per category)."""
    return ExpertPool.objects.get_or_create(category=category)[0]


def ensure_pool(sender, instance, raw=False, **kwargs):
    """``post_save`` of a practice category: every category a practice may be filed under has its pool
    (4.4.2), so the pool list only reads (pools of the seeded categories: migration 0002)."""
    if not raw and not instance.is_unknown:
        pool_for(instance)


# --- pool membership (F-VAL-9, 4.4.2–4.4.5, Прил.3)


def _check_criteria(criteria):
    criteria = [c for c in dict.fromkeys(criteria or ()) if c in InclusionCriterion.values]
    if len(criteria) < MIN_INCLUSION_CRITERIA:
        raise ValidationError({"criteria": "По п. 4.4.4 кандидат должен соответствовать минимум двум "
                                           "критериям включения: отметьте выполненные."})
    return criteria


def _year_bounds(year, today):
    start = max(datetime.date(year, 1, 1), today) if year == today.year else datetime.date(year, 1, 1)
    return start, datetime.date(year, 12, 31)


def _confirm(membership, *, by):
    """Put the Expert role in place for a membership (the ASI moderator grants it; a held role is kept)."""
    category = membership.pool.category
    if not RoleGrant.objects.active().filter(user=membership.user, role=Role.EXPERT, category=category).exists():
        grant_role(membership.user, Role.EXPERT, by=by, category=category,
                   comment=f"Включён(а) в экспертный пул на {membership.year} год. {membership.basis}".strip())
    membership.confirmed_at = timezone.now()
    membership.confirmed_by = by
    membership.save(update_fields=["confirmed_at", "confirmed_by"])


def add_member(pool, user, *, by, year=None, criteria=(), basis="", today=None):
    """Include ``user`` in ``pool`` for ``year`` (default: this year) with the criteria of 4.4.4 checked.

    Added by the ASI moderator, or for someone who already holds the Expert role of the category, the
    membership is in force at once; added by an expert-moderator for a new expert, it waits for the ASI
    moderator to grant the role from the list (Прил.3) and the ASI moderators are notified."""
    today = today or timezone.localdate()
    year = year or today.year
    if year < today.year:
        raise ValidationError({"year": "Нельзя включить эксперта в пул на прошедший год."})
    criteria = _check_criteria(criteria)
    with transaction.atomic():
        permissions.require(by, "manage_expert_pool", pool,
                            message="Состав пула ведут эксперт-модератор категории и модератор АСИ.")
        valid_from, valid_until = _year_bounds(year, today)
        membership = PoolMembership(pool=pool, user=user, year=year, criteria=criteria, basis=basis.strip(),
                                    valid_from=valid_from, valid_until=valid_until, added_by=by)
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:
            raise ValidationError({"user": "Этот эксперт уже включён в пул на этот год."}) from None
        holds_role = RoleGrant.objects.active().filter(user=user, role=Role.EXPERT, category=pool.category).exists()
        if holds_role or permissions.can(by, "confirm_pool_members", pool):
            _confirm(membership, by=by)
        else:
            notify(holders(Role.ASI_MODERATOR), kind="experts.pool_list", obj=pool, requires_action=True,
                   url=reverse("experts:pool", args=[pool.pk]),
                   title=f"Список экспертов пула «{pool.category}»: назначьте роль «Эксперт»",
                   body=(f"{by} включил(а) {user} в экспертный пул «{pool.category}» на {year} год. "
                         "Назначьте роль «Эксперт» пользователям в соответствии со списком."))
    return membership


def renew_member(membership, *, by, criteria=None, basis=None):
    """Yearly update (4.4.5): the same expert for the year after the membership's year, as a new row."""
    return add_member(membership.pool, membership.user, by=by, year=membership.year + 1,
                      criteria=membership.criteria if criteria is None else criteria,
                      basis=membership.basis if basis is None else basis,
                      today=min(timezone.localdate(), datetime.date(membership.year + 1, 1, 1)))


def confirm_pending(pool, *, by):
    """The ASI moderator grants the Expert role to everyone on the pool's submitted list (Прил.3)."""
    with transaction.atomic():
        permissions.require(by, "confirm_pool_members", pool,
                            message="Роль «Эксперт» назначает модератор АСИ.")
        pending = list(pool.memberships.pending().select_for_update(of=("self",)).select_related("user", "pool__category"))
        for membership in pending:
            _confirm(membership, by=by)
        resolve_action(pool, kind="experts.pool_list")
    return pending


def end_member(membership, *, by):
    with transaction.atomic():
        permissions.require(by, "manage_expert_pool", membership.pool)
        membership.ended_at = timezone.now()
        membership.ended_by = by
        membership.save(update_fields=["ended_at", "ended_by"])
    return membership


def is_current_member(user, category, today=None):
    return (PoolMembership.objects.current(today).filter(pool__category=category, user=user).exists()
            and permissions.has_role(user, Role.EXPERT, category=category))


def _locked_practice(practice):
    return Practice.objects.select_for_update(of=("self",)).select_related("category", "author").get(pk=practice.pk)


# --- the expert's side of the online round (F-VAL-3, 4.4.7); invitations belong to the review round


def decline_invitation(invitation, *, by, reason=""):
    """The expert declines (e.g. a conflict of interest); the expert-moderator invites someone else."""
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину отказа."})
    with transaction.atomic():
        invitation = ExpertInvitation.objects.select_for_update(of=("self",)).select_related("review", "practice").get(
            pk=invitation.pk)
        permissions.require(by, "decline_invitation", invitation, message="Отказаться от этой оценки нельзя.")
        invitation.declined_at = timezone.now()
        invitation.decline_reason = reason.strip()
        invitation.save(update_fields=["declined_at", "decline_reason"])
        cancel_deadlines(invitation, EVALUATION_DEADLINE_KIND)
        resolve_action(invitation.practice, kind="experts.invited", user=by)
        signals.invitation_declined.send(ExpertInvitation, invitation=invitation, by=by)
    return invitation


def declare_interests(invitation, *, by, conflict, text=""):
    """F-PLUS-7: the invited expert declares competing interests before seeing the passport: «нет» lets
    them read the passport and evaluate; «есть: …» (with the text) is recorded and — choice, the regulation
    is silent — ends the invitation as a refusal «Конфликт интересов: …», so the expert never sees the
    passport and the expert-moderator is told (``signals.invitation_declined``) to replace them from the pool."""
    text = (text or "").strip()
    if conflict and not text:
        raise ValidationError({"text": "Опишите конфликт интересов: с кем и в чём он состоит."})
    with transaction.atomic():
        invitation = ExpertInvitation.objects.select_for_update(of=("self",)).select_related("review", "practice").get(
            pk=invitation.pk)
        permissions.require(by, "declare_interests", invitation,
                            message="Заявление о конфликте интересов уже сделано или приглашение закрыто.")
        now = timezone.now()
        invitation.interests = Interests.CONFLICT if conflict else Interests.NONE
        invitation.interests_text = text if conflict else ""
        invitation.interests_declared_at = now
        fields = ["interests", "interests_text", "interests_declared_at"]
        if conflict:
            invitation.declined_at = now
            invitation.decline_reason = f"Конфликт интересов: {text}"
            fields += ["declined_at", "decline_reason"]
        invitation.save(update_fields=fields)
        if conflict:
            cancel_deadlines(invitation, EVALUATION_DEADLINE_KIND)
            resolve_action(invitation.practice, kind="experts.invited", user=by)
            signals.invitation_declined.send(ExpertInvitation, invitation=invitation, by=by)
    return invitation


def clean_evaluation(answers, decision, revision_points):
    """The rules of 4.4.7 as ``{field: message}``: approve only when every criterion is met; revision
    needs concrete points; a refusal names at least one unmet criterion."""
    errors = {}
    unmet = [code for code in CRITERION_CODES if not (answers.get(code) or {}).get("met")]
    if decision not in Decision.values:
        errors["decision"] = "Выберите решение."
    elif decision == Decision.APPROVE and unmet:
        errors["decision"] = ("Одобрить публикацию можно только при соблюдении всех критериев оценки. "
                              f"Не соблюдены критерии: {', '.join(unmet)}.")
    elif decision == Decision.REVISION and not revision_points.strip():
        errors["revision_points"] = "Напишите конкретные пункты необходимой доработки описания практики."
    elif decision == Decision.REJECT and not unmet:
        errors["decision"] = ("Отказать в публикации можно при несоответствии критериям: отметьте, каким "
                              "критериям практика не соответствует.")
    return errors


def submit_evaluation(invitation, *, by, answers, decision, revision_points="", comment=""):
    """The invited expert gives their evaluation, once (F-VAL-3)."""
    answers = {code: {"met": bool((answers.get(code) or {}).get("met")),
                      "note": str((answers.get(code) or {}).get("note", "")).strip()} for code in CRITERION_CODES}
    errors = clean_evaluation(answers, decision, revision_points)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation = (ExpertInvitation.objects.select_for_update(of=("self",))
                      .select_related("review", "practice", "invited_by").get(pk=invitation.pk))
        _locked_practice(invitation.practice)
        if invitation.expert_id == getattr(by, "pk", None) and invitation.evaluation_or_none is not None:
            raise ValidationError("Вы уже оценили эту практику; оценку можно дать один раз.")
        permissions.require(by, "evaluate_practice", invitation,
                            message="Оценить практику может только приглашённый эксперт, пока идёт экспертная "
                                    "оценка.")
        evaluation = Evaluation.objects.create(
            invitation=invitation, answers=answers, decision=decision,
            revision_points=revision_points.strip() if decision == Decision.REVISION else "",
            comment=comment.strip())
        meet_deadlines(invitation, EVALUATION_DEADLINE_KIND)
        resolve_action(invitation.practice, kind="experts.invited", user=by)
        given = Evaluation.objects.filter(invitation__review=invitation.review).count()
        signals.evaluation_submitted.send(Evaluation, invitation=invitation, evaluation=evaluation, by=by,
                                          given=given)
    return evaluation


# --- offline pool meetings (F-VAL-4)


def create_meeting(pool, *, by, held_on, place=""):
    with transaction.atomic():
        permissions.require(by, "manage_expert_pool", pool,
                            message="Заседание пула создаёт эксперт-модератор категории.")
        return OfflineMeeting.objects.create(pool=pool, held_on=held_on, place=place.strip(), created_by=by)


def add_meeting_members(meeting, users, *, by):
    """Members are experts of the pool with a membership for the meeting's year."""
    with transaction.atomic():
        permissions.require(by, "manage_pool_meeting", meeting)
        allowed_ids = set(PoolMembership.objects.current(meeting.held_on).filter(pool=meeting.pool)
                          .values_list("user_id", flat=True))
        outsiders = [u for u in users if u.pk not in allowed_ids]
        if outsiders:
            raise ValidationError({"members": "Не входят в экспертный пул на дату заседания: "
                                              + ", ".join(str(u) for u in outsiders) + "."})
        meeting.members.add(*users)
    return meeting


def upload_meeting_protocol(meeting, upload, *, by):
    with transaction.atomic():
        permissions.require(by, "manage_pool_meeting", meeting)
        stored = store_upload(upload, by=by, owner=meeting, kind="pool_meeting_protocol")
        meeting.protocol = stored
        meeting.protocol_uploaded_at = timezone.now()
        meeting.save(update_fields=["protocol", "protocol_uploaded_at"])
    return meeting
