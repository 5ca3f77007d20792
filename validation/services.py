"""The review side of the practice's state machine (SPEC §6): one service per user action, all of them
through ONE function, :func:`move`.

``move`` is public: validation/expert_review/services.py closes an expert vote with it::

    from validation.services import move
    move(practice, "experts_approve", by=expert_moderator, action="close_expert_review",
         comment="Большинство экспертов одобрили практику", files=[protocol_file])

Every call: locks the practice row (``select_for_update``), asks ``permissions.require(by, action,
practice)`` (role + region/category/routed moderator + state), applies ``changes``, runs the django-fsm
transition (its ``permission=`` and ``conditions=``), saves, writes one history record (F-VAL-8) with the
comment and attachments, resolves the actions the previous stage awaited, opens/cancels the F-DL-1
revision deadline and notifies the people concerned (F-NOTE-1, in-app + e-mail after commit; the texts
and recipients are in ``validation/notices.py``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from experts.models import ExpertReview, ReviewFormat
from experts.services import EVALUATION_DEADLINE_KIND
from practices.models import PUBLIC_STATES, Level, Material, MaterialKind, Practice, PracticeState, Track
from practices.revision import services as revision
from practices.services import REVISION_DEADLINE_KIND, region_coordinators
from practices.signals import practice_left_catalogue, practice_published
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, open_deadline, restart_deadlines
from smarteka.files.services import store_upload
from smarteka.history import services as history
from smarteka.notifications.services import resolve_action
from smarteka.roles.models import Role
from validation import notices, queues
from validation.grounds import ASI_REJECTION_GROUNDS, COORDINATOR_REJECTION_GROUNDS
from validation.lifecycle import contacts
from validation.lifecycle.clocks import open_yearly_clock
from validation.permissions import is_own_unsubmitted_draft

REVISION_WORKING_DAYS = 5  # 4.1.9, F-DL-1
NO_MATERIALS_GROUND = ASI_REJECTION_GROUNDS[2]  # «непредставления дополнительных материалов …»

# why a transition's condition failed, in Russian, by the condition's name
CONDITION_MESSAGES = {
    "has_regional_confirmation_document": "Загрузите протокол решения региональной межведомственной комиссии "
                                          "(для практики по запросу Агентства — письмо-запрос Агентства).",
    "is_packaged": "Практика ещё не упакована: эксперт-модератор должен установить уровень и отметить "
                   "практику упакованной.",
    "may_skip_expert_review": "Публикация без экспертной оценки возможна только для практик по рекомендации "
                              "комиссии Госсовета или профильного ФОИВ, если экспертиза не назначена.",
    "is_recent_enough": "Практика должна быть реализована не ранее трёх лет до года публикации (п. 2.1.5, подп. 1 "
                        "Регламента): для публикации в этом году год реализации слишком ранний. Верните практику "
                        "автору для актуализации или отклоните её.",
    "was_deleted_from_a_state": "В истории практики нет перехода в статус «Удалена»: не из чего восстанавливать.",
    "has_state_council_letter": "Прикрепите письмо и протокол комиссии Госсовета или профильного ФОИВ, "
                                "рекомендовавших практику (п. 3.2.2 Регламента): без них практика проходит "
                                "экспертную оценку.",
}


# the permission rule (validation/permissions.py) each transition asks by default
TRANSITION_ACTIONS = {
    "reject": "reject_practice",
    "publish": "publish_practice",
    "soft_delete": "delete_practice",
    "experts_approve": "close_expert_review",
    "experts_approve_with_additions": "close_expert_review",
    "experts_reject": "close_expert_review",
}


class Refused(ValidationError):
    """The action is allowed to the user but a condition of the regulation is not met (Russian text)."""


# --- the one entry point


def _condition_problems(method):
    meta = method._django_fsm
    instance = method.__self__
    transition = meta.get_transition(meta.field.get_state(instance))
    problems = []
    for condition in transition.conditions if transition else ():
        if not condition(instance):
            name = getattr(condition, "__name__", "")
            problems.append(CONDITION_MESSAGES.get(name, "Не выполнены условия перехода."))
    return problems


def move(practice, transition_name, *, by, action=None, comment="", files=(), notify=None, prepare=None,
         points=None, **changes):
    """Run one validation action on ``practice`` and return the saved, locked copy.

    * ``transition_name`` — a transition method of ``Practice`` (``confirm_regionally``, ``return_for_revision``,
      ``reject``, ``start_expert_review``, ``skip_expert_review``, ``experts_approve``,
      ``experts_approve_with_additions``, ``experts_reject``, ``rating_confirm``, ``publish``,
      ``soft_delete``), or ``None`` for an action inside a stage (routing, packaging notes, level);
      the history record's ``action`` is the transition name (``revision_return_state`` reads it),
      or ``action`` when there is no transition.
    * ``action`` — the permission rule asked (default: ``TRANSITION_ACTIONS`` or the transition name; the
      experts' transitions ask ``"close_expert_review"``).
    * ``changes`` — field values set on the locked row before the transition (conditions see them).
    * ``prepare(practice)`` — called after the permission check, before the transition, e.g. to store an
      uploaded protocol; returns StoredFile rows to attach to the history record (or None).
    * ``notify(practice, *, old, by, comment, transition)`` — replaces the default notices of the
      transition (``DEFAULT_NOTICES``); pass ``notify=False`` for none.
    * ``points`` — on a return for revision, the numbered points the team answers (F-PLUS-8); by default
      one per non-empty line of ``comment``, which is then recorded and e-mailed numbered.

    Raises ``PermissionDenied`` (not this user / object / state), ``Refused`` (a condition of the
    regulation, Russian messages) or ``TransitionNotAllowed``. A concurrent second call waits for the
    row lock, then finds the state changed and is refused: one state, one history record.
    """
    action = action or TRANSITION_ACTIONS.get(transition_name, transition_name)
    if not action:
        raise ValueError("move() needs a transition name or an action")
    with transaction.atomic():
        practice = (Practice.objects.select_for_update(of=("self",))
                    .select_related("author", "region", "category").get(pk=practice.pk))
        permissions.require(by, action, practice)
        old = practice.state
        for field, value in changes.items():
            setattr(practice, field, value)
        attachments = list(files or ())
        if prepare is not None:
            attachments += list(prepare(practice) or ())
        if transition_name:
            method = getattr(practice, transition_name)
            if not getattr(method, "_django_fsm", None):
                raise ValueError(f"{transition_name} is not a transition of Practice")
            if not can_proceed(method, check_conditions=False):
                raise TransitionNotAllowed(f"{transition_name} is not allowed from {old}")
            if not can_proceed(method):
                raise Refused(_condition_problems(method))
            if not has_transition_perm(method, by):  # the transition's own permission= (same rules)
                raise PermissionDenied("Недостаточно прав для этого действия.")
            method()
        practice.save()
        texts = None
        if practice.state == PracticeState.REVISION and old != PracticeState.REVISION:
            texts = revision.split_points(comment) if points is None else [p.strip() for p in points if p.strip()]
            if points is None and texts:
                comment = revision.numbered(texts, start=revision.next_number(practice))
        record = history.record(practice, by=by, old=old, action=transition_name or action, comment=comment,
                                files=attachments)
        if texts:
            revision.raise_points(practice, texts, by=by, stage=old, returned=record)
        if practice.state != old:
            # what the previous stage awaited is done, for every reviewer of it
            resolve_action(practice)
            _deadlines(practice, old=old, by=by)
        if notify is None:
            notify = notices.DEFAULT_NOTICES.get(transition_name or action)
        if notify:
            notify(practice, old=old, by=by, comment=comment, transition=record)
    return practice


def start_revision_clock_on_email(sender, notice, **kwargs):
    """F-DL-1 (4.1.9): the author's 5 working days run «с момента поступления соответствующего уведомления
    на почту автору практики» — from the day the return notice was e-mailed, not from the transition."""
    if notice.kind != "practice_revision" or notice.object_id is None:
        return
    practice = Practice.objects.filter(pk=notice.object_id, state=PracticeState.REVISION).first()
    if practice is None:
        return
    restart_deadlines(practice, REVISION_DEADLINE_KIND, starts_on=timezone.localdate(notice.emailed_at),
                      working_days=REVISION_WORKING_DAYS)
    queues.QUEUES.bump()  # the queues show the days left (a queryset update sends no signal)


def default_rejection_grounds(practice):
    """The grounds a refusal starts with: on an overdue revision, «непредставления дополнительных
    материалов…» (4.1.9, F-DL-1) — the ASI moderator refuses in one click from the overdue notice."""
    if practice.state == PracticeState.REVISION:
        deadline = notices.revision_deadline(practice)
        if deadline is not None and deadline.state == deadline.State.OVERDUE:
            return [NO_MATERIALS_GROUND]
    return []


def close_expert_round(review, *, by, outcome="", meeting=None):
    """Close a round of stage 3 (F-VAL-3, F-VAL-4): with the experts' ``outcome`` when their vote or
    meeting decided, blank when the practice left the stage another way (a direct return or refusal).
    The invited experts' evaluation deadlines end with it; its votes stay in its protocol, and the next
    round (after a revision) starts empty."""
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


def _deadlines(practice, *, old, by):
    if old == PracticeState.EXPERT_REVIEW:
        # left stage 3 without the vote closing it (the vote closes its round before it moves)
        for review in ExpertReview.objects.filter(practice=practice, closed_at__isnull=True):
            close_expert_round(review, by=by)
    if practice.state == PracticeState.REVISION:
        escalate = [by, *region_coordinators(practice.region)]
        open_deadline(practice, REVISION_DEADLINE_KIND, working_days=REVISION_WORKING_DAYS,
                      assignees=[practice.author], escalate_to=[u for u in escalate if u is not None])
    elif practice.state in (PracticeState.REJECTED, PracticeState.DELETED):
        cancel_deadlines(practice)
    elif practice.state == PracticeState.PUBLISHED:
        # F-DL-8 (4.5.1): a year after publication the author actualizes the practice
        open_yearly_clock(practice)


# --- the user actions


def _store_attachment(upload, *, by):
    """A ``prepare`` for :func:`move`: the reviewer's attachment (an upload, or None) is stored inside the
    action's transaction, after the permission check, and attached to the history record."""
    if not upload:
        return None

    def store(locked):
        return [store_upload(upload, by=by, owner=locked, kind="practice_review", is_public=False)]

    return store


def _required(comment, message):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message})
    return comment


def _store_material(locked, upload, *, by, kind, is_public):
    """A typed material of the practice from a reviewer's upload (checked by content), inside the action's
    transaction; returns the stored file, attached to the history record too."""
    stored = store_upload(upload, by=by, owner=locked, kind="practice_material", is_public=False)
    Material.objects.create(practice=locked, kind=kind, title=MaterialKind(kind).label, file=stored,
                            is_public=is_public, added_by=by)
    return stored


def confirm_regionally(practice, *, by, document=None, comment=""):
    """F-VAL-1: the coordinator confirms; ``document`` (an upload) is the commission protocol, or the
    agency's request letter on the agency-request track, stored as a private typed Material; without an
    upload the one already among the practice's materials counts."""

    def store(locked):
        if document is None:
            return []
        kind = (MaterialKind.AGENCY_LETTER if locked.track == Track.AGENCY_REQUEST
                else MaterialKind.COMMISSION_PROTOCOL)
        return [_store_material(locked, document, by=by, kind=kind, is_public=False)]

    return move(practice, "confirm_regionally", by=by, comment=comment, prepare=store)


def attach_state_council_letter(practice, *, by, upload, comment=""):
    """F-TRACK-2 (3.2.2–3.2.4, 4.3.2): the letter and protocol of the State Council commission or federal
    body reach the Agency, not the author; the ASI moderator attaches them to the practice (shown on the
    public page once published, like the letter on paper). The author and team are told."""

    def store(locked):
        return [_store_material(locked, upload, by=by, kind=MaterialKind.STATE_COUNCIL_LETTER, is_public=True)]

    return move(practice, None, action="attach_state_council_letter", by=by, prepare=store,
                comment=comment or f"Прикреплено: «{MaterialKind.STATE_COUNCIL_LETTER.label}».",
                notify=notices.state_council_letter_attached)


def return_for_revision(practice, *, by, comment, files=(), attachment=None):
    """F-VAL-5: back to the author for 5 working days (4.1.9, F-DL-1) with what to revise; ``attachment``
    (an upload) is stored with the history record."""
    comment = _required(comment, "Напишите, что нужно доработать.")
    return move(practice, "return_for_revision", by=by, comment=comment, files=files,
                prepare=_store_attachment(attachment, by=by))


def request_materials(practice, *, by, comment):
    """F-VAL-2: the expert-moderator (or ASI moderator) requests additional materials. Choice: the request
    returns the passport to the author, who can add materials only in a draft or on revision; the 5
    working days of 4.1.9 apply, and the resubmission comes back to packaging."""
    comment = _required(comment, "Перечислите, какие материалы нужны.")
    points = revision.split_points(comment)
    return move(practice, "return_for_revision", action="request_materials", by=by, points=points,
                comment="Запрошены дополнительные материалы:\n"
                        + revision.numbered(points, start=revision.next_number(practice)))


def grounds_for(user, practice):
    """The pick list of rejection grounds this user has in this stage (F-VAL-5): the coordinator's of
    4.1.8 in regional review, the ASI moderator's seven grounds after 4.1.9, none (free text) for the
    rating committee."""
    if practice.state == PracticeState.REGIONAL_REVIEW:
        return COORDINATOR_REJECTION_GROUNDS
    if permissions.has_role(user, Role.ASI_MODERATOR):
        return ASI_REJECTION_GROUNDS
    return ()


def reject(practice, *, by, grounds=(), comment="", files=()):
    """F-VAL-5: reject on the actor's own grounds (picked from ``grounds_for``) plus free text."""
    grounds = [g for g in grounds if g]
    comment = (comment or "").strip()

    def check(locked):
        allowed = grounds_for(by, locked)
        if any(g not in allowed for g in grounds):
            raise ValidationError({"grounds": "Выберите основания из списка."})
        if allowed and not grounds:
            raise ValidationError({"grounds": "Выберите хотя бы одно основание отклонения."})
        if not allowed and not comment:
            raise ValidationError({"comment": "Укажите причину отклонения."})
        locked.rejection_grounds = list(grounds)

    return move(practice, "reject", by=by, comment=comment, files=files, prepare=check)


def set_category(practice, *, by, category, comment=""):
    """Прил.2: the author chose «Я не знаю, что выбрать»; the ASI moderator sets the real category (recorded
    in the history, the author and team told), then routes to an expert-moderator of it as usual."""
    if category is None or category.is_unknown:
        raise ValidationError({"category": "Выберите категорию практики."})
    note = f"Категория практики: «{practice.category}» → «{category}»."
    return move(practice, None, action="set_practice_category", by=by, comment=f"{note}\n{comment}".strip(),
                category=category, notify=notices.category_set)


def route_to_expert_moderator(practice, *, by, expert_moderator, comment=""):
    """F-VAL-2: the ASI moderator routes the confirmed practice to an expert-moderator of its category."""

    def check(locked):
        if expert_moderator is None or not locked.category_id or not permissions.has_role(
                expert_moderator, Role.EXPERT_MODERATOR, category=locked.category_id):
            raise ValidationError({"expert_moderator": "Выберите эксперта-модератора категории практики."})

    note = f"Направлена эксперту-модератору: {expert_moderator}."
    practice = move(practice, None, action="route_to_expert_moderator", by=by, prepare=check,
                    comment=f"{note}\n{comment}".strip(), expert_moderator=expert_moderator, packaged_at=None)
    # no state change, so move() resolves nothing: the ASI moderators' «ждёт направления» notice is done
    # (it stayed on «Ожидают моих действий» and «Мой кабинет», issue 14 item 4)
    resolve_action(practice, kind="practice_to_route")
    return practice


def comment_to_author(practice, *, by, comment):
    """F-VAL-2: the expert-moderator helps the author with a comment (recorded, notified)."""
    comment = _required(comment, "Напишите комментарий автору.")
    return move(practice, None, action="package_practice", by=by, comment=comment,
                notify=notices.notice_author_comment)


def set_level(practice, *, by, level, comment=""):
    """F-VAL-2, 2.1.6: the expert-moderator sets the practice level 1–3."""
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": "Выберите уровень практики: 1, 2 или 3."}) from None
    return move(practice, None, action="package_practice", by=by, notify=False, level=level,
                comment=f"Установлен уровень практики: {level.label}.\n{comment}".strip())


def _packaged_note(practice):
    if practice.is_fast_track() and not practice.evaluation_ordered:
        return "Практика упакована и готова к публикации по упрощённой процедуре (п. 3.2.4)."
    return "Практика упакована и готова к экспертизе."


def mark_packaged(practice, *, by, comment=""):
    """F-VAL-2: the expert-moderator marks the practice packaged (its level must be set)."""

    def check(locked):
        if locked.packaged_at:  # a double click or a second tab: one record, not two
            raise ValidationError("Практика уже отмечена упакованной.")
        if not locked.level:
            raise ValidationError({"level": "Установите уровень практики перед тем, как отметить её упакованной."})
        locked.packaged_at = timezone.now()

    return move(practice, None, action="package_practice", by=by, prepare=check,
                comment=f"{_packaged_note(practice)}\n{comment}".strip(),
                notify=notices.notice_packaged)


def start_expert_review(practice, *, by, comment=""):
    """F-VAL-2: the ASI moderator moves the packaged practice to expert evaluation; on the fast track
    this is the ordered evaluation (4.4.1) and rules out publishing without it."""
    return move(practice, "start_expert_review", by=by, comment=comment,
                evaluation_ordered=practice.track == Track.STATE_COUNCIL)


def skip_expert_review(practice, *, by, comment=""):
    """F-TRACK-2: a recommended practice goes from packaging to publication without expert evaluation."""
    return move(practice, "skip_expert_review", by=by,
                comment=comment or "Экспертная оценка не требуется: практика рекомендована комиссией Госсовета "
                                   "или профильным ФОИВ (п. 4.4.1 Регламента).")


def rating_confirm(practice, *, by, comment="", files=(), attachment=None):
    """Прил.3: the rating committee verified the claimed effect on the investment-climate rating;
    ``attachment`` (an upload) is stored with the history record."""
    return move(practice, "rating_confirm", by=by, comment=comment, files=files,
                prepare=_store_attachment(attachment, by=by))


def publish(practice, *, by, comment=""):
    """F-VAL-6: the ASI moderator publishes; the author and team get «Практика опубликована для тиражирования»."""
    practice = move(practice, "publish", by=by, comment=comment, published_at=timezone.now())
    # F-PLUS-5: the subscribers of its category and region hear it once the publication is committed
    transaction.on_commit(lambda: practice_published.send(sender=Practice, practice=practice, by=by))
    return practice


DELETION_REQUESTERS = ("автор практики", "региональный координатор",
                       "уполномоченное лицо субъекта Российской Федерации")  # 4.1.13


def delete_practice(practice, *, by, comment="", requester="", request_document=None):
    """4.1.13 (soft: state «Удалена», the history stays): the ASI moderator deletes on an official request —
    ``requester`` (one of ``DELETION_REQUESTERS``, with the person's name in ``comment``) and the request
    itself (``request_document``, an upload) are recorded with the step; the author deletes alone only a
    draft never submitted."""

    def store_request(locked):
        if is_own_unsubmitted_draft(by, locked):
            return []
        errors = {}
        if requester not in DELETION_REQUESTERS:
            errors["requester"] = "Укажите, кто обратился с просьбой удалить практику (п. 4.1.13)."
        if not request_document:
            errors["request_document"] = "Загрузите официальное обращение об удалении практики."
        if errors:
            raise ValidationError(errors)
        return [store_upload(request_document, by=by, owner=locked, kind="practice_review", is_public=False)]

    note = f"Удалена по официальному обращению: {requester}." if requester else "Черновик удалён автором."
    was = []

    def prepare(locked):
        was.append(locked.state)
        return store_request(locked)

    with transaction.atomic():
        practice = move(practice, "soft_delete", by=by, comment=f"{note}\n{comment}".strip(), prepare=prepare)
        _after_deletion(practice, by=by, was=was[0], reason=f"{note} {comment}".strip())
    return practice


def _after_deletion(practice, *, by, was, reason):
    """4.1.13, issue 21: the practice's own clocks are cancelled by ``move``; the clocks of its author's
    silence (F-DL-6) stop too; a practice that was in the catalogue or the knowledge base tells the apps
    above it after commit (``practice_left_catalogue``: replication closes its open requests)."""
    contacts.cancel_for_practice(practice)
    if was in PUBLIC_STATES:
        # robust: the deletion stands even if a receiver fails (logged, not shown to the moderator as an error)
        transaction.on_commit(lambda: practice_left_catalogue.send(
            sender=Practice, practice=practice, by=by, state="deleted", reason=reason), robust=True)
