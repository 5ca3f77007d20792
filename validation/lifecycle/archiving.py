"""Archiving (F-ARCH-1, F-DL-9, F-DL-2; regulation 4.2.1.4–4.2.1.5, 4.6.1) and the return from the knowledge
base (issue 21 item 4): one service per user action, the daily check and the overdue action of an
actualization request.

The path of a proposal (``ArchiveProposal``)::

    daily check / overdue actualization ──► awaiting_expert ──confirm──► proposed ──accept──► archived
    expert-moderator (or the audit) ───────────────────────────────────► proposed ──decline─► declined
                                            awaiting_expert ──dismiss──► dismissed

* 4.2.1.4: the decision to archive is the expert-moderator's; 4.2.1.5: they send the ASI moderator a letter
  with the justification — ``notices_archiving.proposal_sent`` (in-app and e-mail) is that letter, so the
  justification is required.
* 4.6.1: the ASI moderator archives on one of the seven grounds (``validation.grounds.ARCHIVING_GROUNDS``,
  verbatim) or declines with a reason.
* At most one open proposal per practice: the partial unique constraint ``archive_proposal_one_open`` (a
  refused second proposal gets a Russian message at the field).
* Two moderators acting on one proposal at once: the row lock (``select_for_update``) lets one act; the other
  finds the state changed (``TransitionNotAllowed``, «статус уже изменился»): one outcome, one history record.

Replication requests of an archived practice (issue 21 item 3) are handled on the replication side by the
receiver of ``practices.signals.practice_left_catalogue``, sent here after commit: finished requests stay,
open ones are not lost.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState
from practices.signals import practice_left_catalogue
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines
from smarteka.history import services as history
from smarteka.notifications.services import resolve_action
from validation.grounds import (
    ARCHIVING_GROUND_AUTHOR_REFUSED,
    ARCHIVING_GROUND_NO_REQUESTS,
    ARCHIVING_GROUNDS,
)
from validation.lifecycle import kinds
from validation.lifecycle import notices_archiving as notices
from validation.lifecycle.clocks import open_yearly_clock
from validation.lifecycle.models_archiving import (
    ONE_OPEN_MESSAGE,
    OPEN_PROPOSAL_STATES,
    ArchiveProposal,
    ProposalOrigin,
    ProposalState,
)
from validation.services import move

log = logging.getLogger(__name__)

# The open states of replication.ReplicationRequest (replication/models.py RequestState). validation may not
# import replication: the daily check reads the reverse relation ``Practice.replication_requests`` by its
# name and these state strings.
OPEN_REQUEST_STATES = ("requested", "assigned", "in_progress")
# the clocks of a published practice that end when it leaves the catalogue (validation/lifecycle/kinds.py)
CATALOGUE_CLOCKS = (kinds.ACTUALIZATION_REQUESTED, kinds.ACTUALIZATION_YEARLY, kinds.NO_REPLICATION_YEAR)

GROUND_MESSAGE = "Выберите основание из списка п. 4.6.1 Регламента."
JUSTIFICATION_MESSAGE = ("Напишите обоснование необходимости архивации: оно уйдёт письмом модератору АСИ "
                         "(п. 4.2.1.5 Регламента).")
STALE_MESSAGE = "Предложение уже рассмотрено: его статус изменился. Обновите страницу."


# --- why a practice cannot be proposed


def refusal(practice):
    """The Russian reason why ``practice`` cannot get a new archiving proposal, or "" when it can."""
    if practice.state == PracticeState.ARCHIVED:
        since = f" с {timezone.localdate(practice.archived_at):%d.%m.%Y}" if practice.archived_at else ""
        return f"Практика «{practice}» уже в Базе знаний{since}: предложить её архивирование повторно нельзя."
    if practice.state == PracticeState.DELETED:
        return f"Практика «{practice}» удалена: предложить её архивирование нельзя."
    if practice.state != PracticeState.PUBLISHED:
        return "Предложить архивирование можно только для практики, опубликованной в основном каталоге."
    current = open_proposal(practice)
    if current is not None:
        return (f"{ONE_OPEN_MESSAGE} Оно создано {timezone.localdate(current.created_at):%d.%m.%Y} по основанию "
                f"«{current.ground}» и сейчас в статусе «{current.get_state_display()}».")
    return ""


def open_proposal(practice):
    return practice.archive_proposals.filter(state__in=OPEN_PROPOSAL_STATES).first()


def _check_ground(ground):
    if ground not in ARCHIVING_GROUNDS:
        raise ValidationError({"ground": GROUND_MESSAGE})


def _required(text, field, message):
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _create(practice, **fields):
    """Insert the proposal in a savepoint; the partial unique constraint refuses a second open one (two
    moderators, or a task and a moderator, at the same moment)."""
    try:
        with transaction.atomic():
            return ArchiveProposal.objects.create(practice=practice, **fields)
    except IntegrityError:
        raise ValidationError({"ground": ONE_OPEN_MESSAGE}) from None


# --- the expert-moderator proposes (4.2.1.4–4.2.1.5)


def propose_archiving(practice, *, by, ground, justification, also=None):
    """The expert-moderator of the practice's category proposes to archive it on a ground of 4.6.1 with a
    justification, e-mailed to the ASI moderators (4.2.1.5). Refused with a Russian message for a practice
    already archived, deleted or under another proposal. ``also(locked_practice)`` runs in the same
    transaction before the proposal is made (the yearly audit records its outcome there, F-ACT-2)."""
    justification = (justification or "").strip()
    created = {}

    def create(locked):
        problem = refusal(locked)
        if problem:
            raise ValidationError({"ground": problem})
        _check_ground(ground)
        _required(justification, "justification", JUSTIFICATION_MESSAGE)
        if also is not None:
            also(locked)
        created["proposal"] = _create(
            locked, ground=ground, justification=justification, state=ProposalState.PROPOSED,
            origin=ProposalOrigin.AUDIT if also is not None else ProposalOrigin.EXPERT_MODERATOR,
            proposed_by=by, proposed_at=timezone.now())

    def notify(practice, **kwargs):
        notices.proposal_sent(created["proposal"])

    move(practice, None, action="propose_archiving", by=by, prepare=create, notify=notify,
         comment=f"Предложено перевести практику в Базу знаний. Основание: «{ground}».\n{justification}")
    return created["proposal"]


# --- the system proposes (F-DL-9, F-DL-2), the expert-moderator confirms or dismisses


def open_system_proposal(practice, *, ground, origin, finding):
    """A proposal awaiting the expert-moderator, made by the daily check or an overdue actualization request;
    None when the practice is no longer published or already has an open proposal (checked under the
    practice's row lock; the partial unique constraint is the last word)."""
    with transaction.atomic():
        locked = Practice.objects.select_for_update(of=("self",)).select_related("category").get(pk=practice.pk)
        if locked.state != PracticeState.PUBLISHED or open_proposal(locked) is not None:
            return None
        try:
            proposal = _create(locked, ground=ground, origin=origin, finding=finding,
                               state=ProposalState.AWAITING_EXPERT)
        except ValidationError:
            return None
        history.record(locked, by=None, old=locked.state, action="archive_proposal_opened",
                       comment=f"Предложение об архивировании ждёт решения эксперта-модератора. Основание: "
                               f"«{ground}».\n{finding}")
        notices.proposal_awaiting(proposal)
    return proposal


def _locked_proposal(proposal, expected):
    locked = (ArchiveProposal.objects.select_for_update(of=("self",))
              .select_related("practice__category", "practice__region", "practice__author", "proposed_by")
              .get(pk=proposal.pk))
    if locked.state != expected:
        raise TransitionNotAllowed(STALE_MESSAGE)
    return locked


def confirm_proposal(proposal, *, by, ground, justification):
    """The expert-moderator confirms a proposal of the daily check with a ground (prefilled, may be changed) and
    the justification sent to the ASI moderators (4.2.1.4–4.2.1.5)."""
    with transaction.atomic():
        locked = _locked_proposal(proposal, ProposalState.AWAITING_EXPERT)
        permissions.require(by, "confirm_archive_proposal", locked)
        _check_ground(ground)
        locked.justification = _required(justification, "justification", JUSTIFICATION_MESSAGE)
        locked.ground, locked.proposed_by, locked.proposed_at = ground, by, timezone.now()
        locked.confirm()
        locked.save()
        practice = locked.practice
        history.record(practice, by=by, old=practice.state, action="confirm_archive_proposal",
                       comment=f"Эксперт-модератор поддержал предложение об архивировании. Основание: «{ground}»."
                               f"\n{locked.justification}")
        resolve_action(locked)
        notices.proposal_sent(locked)
    return locked


def _refuse_proposal(proposal, *, by, awaiting, rule, reason, reason_missing, transition, note):
    """Close ``proposal`` (in state ``awaiting``) without archiving: the rule ``rule`` asked, the reason required,
    the proposal's ``transition`` run, one history record on the practice with ``note`` and the reason."""
    with transaction.atomic():
        locked = _locked_proposal(proposal, awaiting)
        permissions.require(by, rule, locked)
        locked.decision_reason = _required(reason, "reason", reason_missing)
        locked.decided_by, locked.decided_at = by, timezone.now()
        getattr(locked, transition)()
        locked.save()
        history.record(locked.practice, by=by, old=locked.practice.state, action=rule,
                       comment=f"{note}\n{locked.decision_reason}")
        resolve_action(locked)
    return locked


def dismiss_proposal(proposal, *, by, reason):
    """The expert-moderator finds the practice still worth the catalogue. Choice: the daily check counts its
    year anew from this decision (see ``archiving_candidates``)."""
    return _refuse_proposal(proposal, by=by, awaiting=ProposalState.AWAITING_EXPERT, rule="dismiss_archive_proposal",
                            reason=reason, reason_missing="Напишите, почему практику не нужно архивировать.",
                            transition="dismiss",
                            note="Эксперт-модератор не поддержал предложение об архивировании.")


# --- the ASI moderator decides (4.6.1)


def archive(proposal, *, by, comment=""):
    """F-ARCH-1: the ASI moderator sends the practice to the knowledge base on the proposal's ground. The
    practice leaves the catalogue (state «В базе знаний», ``archive_ground`` and ``archived_at`` shown there);
    its catalogue clocks are cancelled; the author, team and coordinator are told; after commit
    ``practice_left_catalogue`` tells the replication side."""
    with transaction.atomic():
        locked = _locked_proposal(proposal, ProposalState.PROPOSED)
        permissions.require(by, "accept_archive_proposal", locked)
        comment = (comment or "").strip()
        practice = move(locked.practice, "archive", action="archive_practice", by=by, notify=False,
                        comment=f"Основание (п. 4.6.1 Регламента): «{locked.ground}».\n{comment}".strip(),
                        archive_ground=locked.ground, archived_at=timezone.now())
        locked.practice = practice
        locked.decided_by, locked.decided_at = by, practice.archived_at
        locked.accept()
        locked.save()
        for kind in CATALOGUE_CLOCKS:
            cancel_deadlines(practice, kind)
        resolve_action(locked)
        notices.practice_archived(locked)
        ground = locked.ground
        transaction.on_commit(lambda: practice_left_catalogue.send(
            sender=Practice, practice=practice, by=by, state="archived", reason=ground))
    return locked


def decline(proposal, *, by, reason):
    """The ASI moderator declines the proposal with a reason; the practice stays in the catalogue. Choice: the
    daily check counts its year anew from the decline."""
    with transaction.atomic():
        locked = _refuse_proposal(proposal, by=by, awaiting=ProposalState.PROPOSED, rule="decline_archive_proposal",
                                  reason=reason, reason_missing="Укажите причину отказа.", transition="decline",
                                  note="Модератор АСИ отклонил предложение об архивировании.")
        notices.proposal_declined(locked)
    return locked


def restore(practice, *, by, reason):
    """Issue 21 item 4: the ASI moderator returns an archived practice to the catalogue. The regulation is
    silent; it speaks of a practice restored «after actualization», so choice: a reason is required (e.g. the
    actualization done), recorded in the history like every transition; the daily check counts its year anew
    from the return."""
    reason = _required(reason, "reason", "Укажите причину возвращения практики в каталог (например, "
                                         "проведённая актуализация).")

    def stamp(locked):
        ArchiveProposal.objects.filter(practice=locked, state=ProposalState.ARCHIVED, restored_at__isnull=True) \
            .update(restored_at=timezone.now())
        open_yearly_clock(locked)  # F-DL-8: back in the catalogue, the year of 4.5.1 counts from the return

    def notify(practice, **kwargs):
        notices.practice_restored(practice, reason=reason)

    return move(practice, "restore_from_archive", action="restore_from_archive", by=by, prepare=stamp,
                notify=notify, comment=f"Возвращена из Базы знаний в каталог. Причина: {reason}",
                archive_ground="", archived_at=None)


# --- the daily check (F-DL-9) and the overdue actualization request (F-DL-2)


def _cutoff(today):
    """Anything before the start of the day after ``today`` minus one year is a year or more ago."""
    day = today - relativedelta(years=1) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def archiving_candidates(today=None):
    """F-DL-9 (4.6.1 «при отсутствии запроса на внедрение практики в течение 1 года и более»): published
    practices whose last replication request — or publication, if there was none — is a year or more ago,
    with no request in progress and no open proposal. Choices (the regulation is silent):

    * computed from dates in one query rather than kept as ``NO_REPLICATION_YEAR`` clocks: a new request, a
      decision or a return from the archive moves the start by itself, with no clock to keep in step;
    * a request counts from the day it was made (``created_at``), whatever became of it;
    * after a proposal is declined by the ASI moderator or dismissed by the expert-moderator, or the practice
      returns from the archive, the year counts anew from that day — so a practice is proposed once per
      ground and period, never again each night.
    """
    today = today or timezone.localdate()
    return (Practice.objects.filter(state=PracticeState.PUBLISHED, published_at__isnull=False)
            .exclude(archive_proposals__state__in=OPEN_PROPOSAL_STATES)
            .exclude(replication_requests__state__in=OPEN_REQUEST_STATES)
            .annotate(last_request=Max("replication_requests__created_at"),
                      last_decision=Max("archive_proposals__decided_at", filter=Q(
                          archive_proposals__state__in=[ProposalState.DECLINED, ProposalState.DISMISSED])),
                      last_return=Max("archive_proposals__restored_at"))
            .annotate(quiet_since=Greatest("published_at", "last_request", "last_decision", "last_return"))
            .filter(quiet_since__lt=_cutoff(today))
            .select_related("category", "region")
            .order_by("quiet_since", "pk"))


def _finding(practice):
    since = f"{timezone.localdate(practice.quiet_since):%d.%m.%Y}"
    if practice.last_return and practice.quiet_since == practice.last_return:
        start = f"Практика возвращена из Базы знаний {since}"
    elif practice.last_decision and practice.quiet_since == practice.last_decision:
        start = f"Предыдущее предложение об архивировании рассмотрено {since}"
    elif practice.last_request and practice.quiet_since == practice.last_request:
        start = f"Последняя заявка на внедрение подана {since}"
    else:
        start = f"Практика опубликована {since}"
    return f"{start}; с тех пор заявок на внедрение нет год и более (п. 4.6.1 Регламента)."


def propose_archiving_without_requests(today=None):
    """The daily beat task's work (F-DL-9): each candidate gets a proposal on the ground «при отсутствии
    запроса на внедрение практики в течение 1 года и более;» awaiting its expert-moderator, who is notified.
    One transaction per practice: killed halfway, a rerun finishes the rest; run twice, the candidates are gone
    (their proposal is open) and the partial unique constraint stops a concurrent run. Returns how many
    proposals were made."""
    made = 0
    for practice in archiving_candidates(today):
        if open_system_proposal(practice, ground=ARCHIVING_GROUND_NO_REQUESTS, origin=ProposalOrigin.DAILY_CHECK,
                                finding=_finding(practice)) is not None:
            made += 1
    if made:
        log.info("archiving check: %s proposal(s)", made)
    return made


def actualization_overdue(deadline):
    """F-DL-2 overdue action (4.5.4 → 4.6.1): the author did not actualize within 5 working days; the practice
    gets a proposal on the ground «отказа автора практики (членов команды) от актуализации…» awaiting its
    expert-moderator. Skipped when the practice left the catalogue or already has an open proposal (choice:
    one open proposal per practice; the expert-moderator sees the overdue request on the practice anyway)."""
    practice = deadline.content_object
    if not isinstance(practice, Practice) or practice.state != PracticeState.PUBLISHED:
        return None
    finding = (f"Автор не актуализировал паспорт практики по запросу в срок — до {deadline.due_on:%d.%m.%Y} "
               "(5 рабочих дней, п. 4.5.4 Регламента).")
    return open_system_proposal(practice, ground=ARCHIVING_GROUND_AUTHOR_REFUSED,
                                origin=ProposalOrigin.ACTUALIZATION_OVERDUE, finding=finding)
