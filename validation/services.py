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
revision deadline and notifies the people concerned (F-NOTE-1, in-app + e-mail after commit).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from practices.models import Level, Material, MaterialKind, Practice, PracticeState, Track
from practices.services import REVISION_DEADLINE_KIND, region_coordinators
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, open_deadline
from smarteka.files.services import store_upload
from smarteka.history import services as history
from smarteka.history.models import Transition
from smarteka.notifications.services import notify as send_notice
from smarteka.notifications.services import resolve_action
from smarteka.roles.models import Role, RoleGrant
from validation.grounds import ASI_REJECTION_GROUNDS, COORDINATOR_REJECTION_GROUNDS

REVISION_WORKING_DAYS = 5  # 4.1.9, F-DL-1

PUBLISHED_TITLE = "Практика опубликована для тиражирования"  # Прил.1

# why a transition's condition failed, in Russian, by the condition's name
CONDITION_MESSAGES = {
    "has_regional_confirmation_document": "Загрузите протокол решения региональной межведомственной комиссии "
                                          "(для практики по запросу Агентства — письмо-запрос Агентства).",
    "is_packaged": "Практика ещё не упакована: эксперт-модератор должен установить уровень и отметить "
                   "практику упакованной.",
    "may_skip_expert_review": "Публикация без экспертной оценки возможна только для практик по рекомендации "
                              "комиссии Госсовета или профильного ФОИВ, если экспертиза не назначена.",
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


# --- who is concerned


def users_with_role(role, **scope):
    grants = RoleGrant.objects.active().filter(role=role, **scope)
    return list(get_user_model().objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("pk"))


def asi_moderators():
    return users_with_role(Role.ASI_MODERATOR)


def author_and_team(practice):
    team = [m.user for m in practice.team.filter(user__isnull=False).select_related("user")]
    return [practice.author, *team]


def revision_sender(practice):
    last = (Transition.objects.filter(content_type__model="practice", content_type__app_label="practices",
                                      object_id=practice.pk, to_state=PracticeState.REVISION)
            .select_related("by").order_by("-at", "-pk").first())
    return last.by if last else None


def review_url(practice):
    return reverse("validation:review", args=[practice.pk])


def _author_url(practice):
    return reverse("practices:versions", args=[practice.pk])


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
         **changes):
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
        record = history.record(practice, by=by, old=old, action=transition_name or action, comment=comment,
                                files=attachments)
        if practice.state != old:
            # what the previous stage awaited is done, for every reviewer of it
            resolve_action(practice)
            _deadlines(practice, old=old, by=by)
        if notify is None:
            notify = DEFAULT_NOTICES.get(transition_name or action)
        if notify:
            notify(practice, old=old, by=by, comment=comment, transition=record)
    return practice


def _deadlines(practice, *, old, by):
    if practice.state == PracticeState.REVISION:
        escalate = [by, *region_coordinators(practice.region)]
        open_deadline(practice, REVISION_DEADLINE_KIND, working_days=REVISION_WORKING_DAYS,
                      assignees=[practice.author], escalate_to=[u for u in escalate if u is not None])
    elif practice.state in (PracticeState.REJECTED, PracticeState.DELETED):
        cancel_deadlines(practice)


def revision_deadline(practice):
    from smarteka.deadlines.services import open_deadlines_for

    return open_deadlines_for(practice, REVISION_DEADLINE_KIND).order_by("-due_on").first()


# --- default notices per transition (F-NOTE-1)


def _with_comment(text, comment):
    return text + (f"\n\nКомментарий: {comment}" if comment else "")


def _notice_confirmed(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_confirmed", obj=practice, url=_author_url(practice),
                title=f"Практика «{practice}» подтверждена регионом",
                body=_with_comment("Региональный координатор подтвердил практику; она передана на упаковку "
                                   "эксперту-модератору.", comment))
    send_notice(asi_moderators(), kind="practice_to_route", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» ждёт направления эксперту-модератору",
                body=f"Практика региона «{practice.region}» подтверждена. Направьте её эксперту-модератору "
                     f"категории «{practice.category or 'не выбрана'}».")


def _notice_revision(practice, *, old, by, comment, transition):
    deadline = revision_deadline(practice)
    due = f" до {deadline.due_on:%d.%m.%Y}" if deadline else ""
    send_notice(practice.author, kind="practice_revision", obj=practice, requires_action=True,
                url=reverse("practices:submit", args=[practice.pk]),
                title=f"Практика «{practice}» возвращена на доработку",
                body=_with_comment(
                    f"Практика возвращена на доработку с этапа «{transition.from_label}». Доработайте паспорт и "
                    f"отправьте его повторно{due} — срок доработки 5 рабочих дней с момента получения этого "
                    "уведомления (п. 4.1.9 Регламента).", comment))
    team = [u for u in author_and_team(practice) if u.pk != practice.author_id]
    send_notice(team, kind="practice_revision_team", obj=practice, url=_author_url(practice),
                title=f"Практика «{practice}» возвращена на доработку", body=_with_comment("", comment).strip())


def _notice_rejected(practice, *, old, by, comment, transition):
    grounds = "\n".join(f"— {g}" for g in practice.rejection_grounds)
    body = f"Практика отклонена на этапе «{transition.from_label}»."
    if grounds:
        body += f"\n\nОснования:\n{grounds}"
    send_notice(author_and_team(practice), kind="practice_rejected", obj=practice, url=_author_url(practice),
                title=f"Практика «{practice}» отклонена", body=_with_comment(body, comment))
    if old != PracticeState.REGIONAL_REVIEW:
        send_notice(region_coordinators(practice.region), kind="practice_rejected_region", obj=practice,
                    url=review_url(practice), title=f"Практика «{practice}» отклонена",
                    body=_with_comment(body, comment))


def _notice_routed(practice, *, old, by, comment, transition):
    if practice.expert_moderator_id:
        send_notice(practice.expert_moderator, kind="practice_to_package", obj=practice, url=review_url(practice),
                    requires_action=True, title=f"Практика «{practice}» направлена вам на упаковку",
                    body=_with_comment("Помогите автору дополнить описание, установите уровень практики и "
                                       "отметьте её упакованной.", comment))


def _notice_author_comment(practice, *, old, by, comment, transition):
    send_notice(practice.author, kind="practice_packaging_comment", obj=practice, url=_author_url(practice),
                title=f"Комментарий эксперта-модератора к практике «{practice}»", body=comment)


def _notice_packaged(practice, *, old, by, comment, transition):
    next_step = ("Переведите её на экспертную оценку или, по рекомендации комиссии Госсовета / ФОИВ, к "
                 "публикации." if practice.is_fast_track() else "Переведите её на экспертную оценку.")
    send_notice(asi_moderators(), kind="practice_packaged", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» упакована",
                body=_with_comment(f"Эксперт-модератор упаковал практику. {next_step}", comment))


def _notice_expert_review(practice, *, old, by, comment, transition):
    moderators = ([practice.expert_moderator] if practice.expert_moderator_id
                  else users_with_role(Role.EXPERT_MODERATOR, category=practice.category_id))
    send_notice(moderators, kind="practice_expert_review", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» направлена на экспертную оценку",
                body=_with_comment("Организуйте экспертную оценку практики экспертами пула категории.", comment))
    send_notice(practice.author, kind="practice_expert_review_author", obj=practice, url=_author_url(practice),
                title=f"Практика «{practice}» на экспертной оценке",
                body="Практика передана на экспертную оценку (п. 4.4 Регламента).")


def _notice_next_stage(practice, *, old, by, comment, transition):
    """After the experts / rating committee / fast track: whoever acts next, and the author."""
    if practice.state == PracticeState.RATING_COMMITTEE:
        send_notice(users_with_role(Role.RATING_COMMITTEE), kind="practice_rating_committee", obj=practice,
                    url=review_url(practice), requires_action=True,
                    title=f"Практика «{practice}» ждёт верификации рейтинговым комитетом",
                    body="Практика заявляет влияние на показатели Рейтинга инвестиционной привлекательности "
                         "(Прил.3).")
    elif practice.state == PracticeState.READY_TO_PUBLISH:
        send_notice(asi_moderators(), kind="practice_ready", obj=practice, url=review_url(practice),
                    requires_action=True, title=f"Практика «{practice}» готова к публикации",
                    body=_with_comment(f"Предыдущий этап: «{transition.from_label}».", comment))
    send_notice(practice.author, kind="practice_stage", obj=practice, url=_author_url(practice),
                title=f"Практика «{practice}»: {practice.get_state_display().lower()}",
                body=_with_comment(f"Этап «{transition.from_label}» пройден.", comment))


def _notice_published(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_published", obj=practice, url=_author_url(practice),
                title=PUBLISHED_TITLE,
                body=_with_comment(f"Практика «{practice}» опубликована на платформе «Смартека» для "
                                   "тиражирования.", comment))
    others = region_coordinators(practice.region)
    if practice.expert_moderator_id:
        others.append(practice.expert_moderator)
    send_notice(others, kind="practice_published_info", obj=practice, url=review_url(practice),
                title=f"Практика «{practice}» опубликована", body=PUBLISHED_TITLE + ".")


def _notice_deleted(practice, *, old, by, comment, transition):
    if old == PracticeState.REVISION:
        sender = revision_sender(practice)
        if sender is not None:
            send_notice(sender, kind="practice_deleted", obj=practice, url="",
                        title=f"Автор удалил практику «{practice}»", body=comment)


DEFAULT_NOTICES = {
    "confirm_regionally": _notice_confirmed,
    "return_for_revision": _notice_revision,
    "experts_approve_with_additions": _notice_revision,
    "reject": _notice_rejected,
    "experts_reject": _notice_rejected,
    "route_to_expert_moderator": _notice_routed,
    "comment_to_author": _notice_author_comment,
    "mark_packaged": _notice_packaged,
    "start_expert_review": _notice_expert_review,
    "skip_expert_review": _notice_next_stage,
    "experts_approve": _notice_next_stage,
    "rating_confirm": _notice_next_stage,
    "publish": _notice_published,
    "soft_delete": _notice_deleted,
}


# --- the user actions


def _required(comment, message):
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": message})
    return comment


def confirm_regionally(practice, *, by, document=None, comment=""):
    """F-VAL-1: the coordinator confirms; ``document`` (an upload) is the commission protocol, or the
    agency's request letter on the agency-request track, stored as a private typed Material; without an
    upload the one already among the practice's materials counts."""

    def store(locked):
        if document is None:
            return []
        kind = (MaterialKind.AGENCY_LETTER if locked.track == Track.AGENCY_REQUEST
                else MaterialKind.COMMISSION_PROTOCOL)
        stored = store_upload(document, by=by, owner=locked, kind="practice_material", is_public=False)
        Material.objects.create(practice=locked, kind=kind, title=MaterialKind(kind).label, file=stored,
                                is_public=False, added_by=by)
        return [stored]

    return move(practice, "confirm_regionally", by=by, comment=comment, prepare=store)


def return_for_revision(practice, *, by, comment, files=()):
    """F-VAL-5: back to the author for 5 working days (4.1.9, F-DL-1) with what to revise."""
    comment = _required(comment, "Напишите, что нужно доработать.")
    return move(practice, "return_for_revision", by=by, comment=comment, files=files)


def request_materials(practice, *, by, comment):
    """F-VAL-2: the expert-moderator (or ASI moderator) requests additional materials. Choice: the request
    returns the passport to the author, who can add materials only in a draft or on revision; the 5
    working days of 4.1.9 apply, and the resubmission comes back to packaging."""
    comment = _required(comment, "Перечислите, какие материалы нужны.")
    return move(practice, "return_for_revision", action="request_materials", by=by,
                comment=f"Запрошены дополнительные материалы: {comment}")


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


def route_to_expert_moderator(practice, *, by, expert_moderator, comment=""):
    """F-VAL-2: the ASI moderator routes the confirmed practice to an expert-moderator of its category."""

    def check(locked):
        if expert_moderator is None or not locked.category_id or not permissions.has_role(
                expert_moderator, Role.EXPERT_MODERATOR, category=locked.category_id):
            raise ValidationError({"expert_moderator": "Выберите эксперта-модератора категории практики."})

    note = f"Направлена эксперту-модератору: {expert_moderator}."
    return move(practice, None, action="route_to_expert_moderator", by=by, prepare=check,
                comment=f"{note}\n{comment}".strip(), expert_moderator=expert_moderator, packaged_at=None)


def comment_to_author(practice, *, by, comment):
    """F-VAL-2: the expert-moderator helps the author with a comment (recorded, notified)."""
    comment = _required(comment, "Напишите комментарий автору.")
    return move(practice, None, action="package_practice", by=by, comment=comment, notify=_notice_author_comment)


def set_level(practice, *, by, level, comment=""):
    """F-VAL-2, 2.1.6: the expert-moderator sets the practice level 1–3."""
    try:
        level = Level(int(level))
    except (TypeError, ValueError):
        raise ValidationError({"level": "Выберите уровень практики: 1, 2 или 3."}) from None
    return move(practice, None, action="package_practice", by=by, notify=False, level=level,
                comment=f"Установлен уровень практики: {level.label}.\n{comment}".strip())


def mark_packaged(practice, *, by, comment=""):
    """F-VAL-2: the expert-moderator marks the practice packaged (its level must be set)."""

    def check(locked):
        if locked.packaged_at:  # a double click or a second tab: one record, not two
            raise ValidationError("Практика уже отмечена упакованной.")
        if not locked.level:
            raise ValidationError({"level": "Установите уровень практики перед тем, как отметить её упакованной."})
        locked.packaged_at = timezone.now()

    return move(practice, None, action="package_practice", by=by, prepare=check,
                comment=f"Практика упакована и готова к экспертизе.\n{comment}".strip(), notify=_notice_packaged)


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


def rating_confirm(practice, *, by, comment="", files=()):
    """Прил.3: the rating committee verified the claimed effect on the investment-climate rating."""
    return move(practice, "rating_confirm", by=by, comment=comment, files=files)


def publish(practice, *, by, comment=""):
    """F-VAL-6: the ASI moderator publishes; the author and team get «Практика опубликована для тиражирования»."""
    return move(practice, "publish", by=by, comment=comment, published_at=timezone.now())


def delete_practice(practice, *, by, comment=""):
    """4.1.13: the author deletes a draft or a practice on revision (soft: state «Удалена»)."""
    return move(practice, "soft_delete", by=by, comment=comment)
