"""Actualization of a published practice (4.5.1, 4.5.4–4.5.6; F-ACT-1, F-DL-2, F-DL-8): one service per action.

The flow:

1. ``request_actualization`` — an expert-moderator of the category, the ASI moderator, the region's
   coordinator (4.5.4) or the author / team (4.5.5) ask, with a reason. choice: a request of the ASI
   moderator grants access at once (4.5.6 makes them the one who grants); the others wait for the ASI
   moderator's grant (the ASI moderators are notified).
2. ``grant_actualization`` — the ASI moderator opens the edit (4.5.6): the published practice is copied into a
   new ``Practice`` row (state «Актуализация», ``actualization_of`` = the published one) with its passport,
   results, third parties, materials (rows pointing at the same stored files) and team, so the usual
   passport editor and materials page work on it. The public page, the catalogue and its search index read
   only the published row, so nothing public changes yet. The F-DL-2 clock (5 working days, 4.5.4) starts
   on the published practice: choice — from the grant, when the author can edit; escalated to the reviewer
   who asked, or to the granting ASI moderator when the author asked.
3. ``submit_actualization`` — the author sends the edit for review (meets the F-DL-2 clock).
4. ``return_actualization`` — an expert-moderator of the category or the ASI moderator returns it with a
   comment (choice: the F-DL-2 clock stays met; the yearly clock goes on running).
5. ``accept_actualization`` — the same reviewers accept: in one transaction the edit is copied onto the
   published practice, a new passport version is stored, ``actualized_at`` set, the yearly clock (F-DL-8)
   restarted; the copy stays closed («Актуализация принята») with its history; author, team and
   coordinators are notified.

Every state change goes through ``validation.services.move``; every action is also written in the published
practice's history.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from practices.models import Material, Practice, PracticeResult, PracticeState, TeamMember, ThirdParty
from practices.services import region_coordinators
from practices.submission.versions import create_version
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, meet_deadlines, open_deadline
from smarteka.files.models import StoredFile
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.workcalendar.services import add_working_days
from validation.lifecycle.clocks import restart_yearly_clock
from validation.lifecycle.kinds import ACTUALIZATION_REQUESTED, ACTUALIZATION_YEARLY
from validation.models import ActualizationRequest, ActualizationState, RequesterRole
from validation.notices import author_and_team
from validation.services import Refused, move

ACTUALIZATION_WORKING_DAYS = 5  # 4.5.4, F-DL-2
SECOND_REQUEST = ("По этой практике уже есть открытый запрос на актуализацию: дождитесь его завершения "
                  "(один запрос на практику).")
REASON_REQUIRED = "Укажите причину запроса на актуализацию."

# the practice's own fields not copied into the edit (nor back): identity, state, clocks of its own
NOT_COPIED = {"id", "state", "search_vector", "actualization_of", "actualized_at", "created_at", "updated_at",
              "submitted_at", "published_at", "author", "region", "track", "expert_moderator", "packaged_at",
              "evaluation_ordered", "rejection_grounds", "archive_ground"}
M2M = ("rating_indicators", "implemented_regions", "implementation_methods")


# --- who and where


def editor_url(edit):
    return reverse("practices:edit", args=[edit.pk])


def page_url(practice):
    return reverse("validation:actualization", args=[practice.pk])


def open_request(practice):
    return (ActualizationRequest.objects.filter(practice=practice, state__in=(ActualizationState.REQUESTED,
                                                                              ActualizationState.GRANTED))
            .select_related("requested_by", "granted_by", "edit").first())


def requester_role(user, practice):
    """The role a request is made in (4.5.4, 4.5.5), the strongest first: the ASI moderator grants at once."""
    if permissions.has_role(user, Role.ASI_MODERATOR):
        return RequesterRole.ASI_MODERATOR
    if practice.category_id and permissions.has_role(user, Role.EXPERT_MODERATOR, category=practice.category_id):
        return RequesterRole.EXPERT_MODERATOR
    if permissions.has_role(user, Role.COORDINATOR, region=practice.region_id):
        return RequesterRole.COORDINATOR
    return RequesterRole.AUTHOR


def _people(*groups):
    seen, people = set(), []
    for group in groups:
        for user in group:
            if user is not None and user.pk not in seen:
                seen.add(user.pk)
                people.append(user)
    return people


# --- copying the passport


def _copy_fields(source, target):
    for field in Practice._meta.concrete_fields:
        if field.name in NOT_COPIED:
            continue
        value = getattr(source, field.attname)
        if isinstance(field, models.FileField):  # the name: both rows point at the same thumbnail file
            value = value.name or ""
        setattr(target, field.attname, value)


def _copy_rows(source, target, *, team):
    """Results, third parties, materials (the same stored files), M2M; the team only into the edit."""
    for name in M2M:
        getattr(target, name).set(getattr(source, name).all())
    target.results.all().delete()
    PracticeResult.objects.bulk_create([
        PracticeResult(practice=target, indicator=r.indicator, unit=r.unit, value_before=r.value_before,
                       date_before=r.date_before, value_after=r.value_after, date_after=r.date_after,
                       source=r.source, order=r.order) for r in source.results.all()])
    target.third_parties.all().delete()
    ThirdParty.objects.bulk_create([
        ThirdParty(practice=target, name=t.name, terms=t.terms, responsibility=t.responsibility, order=t.order)
        for t in source.third_parties.all()])
    target.materials.all().delete()
    Material.objects.bulk_create([
        Material(practice=target, kind=m.kind, title=m.title, file_id=m.file_id, url=m.url, is_public=m.is_public,
                 added_by_id=m.added_by_id) for m in source.materials.all()])
    if team:
        TeamMember.objects.bulk_create([
            TeamMember(practice=target, user_id=m.user_id, invited_email=m.invited_email, invited_by_id=m.invited_by_id,
                       invited_at=m.invited_at, joined_at=m.joined_at, role_in_team=m.role_in_team,
                       is_mentor=m.is_mentor) for m in source.team.all()])


def _make_edit(practice):
    """The copy the author edits (state «Актуализация»). choice: the team is copied so that its members edit
    and the completeness checks read it; team changes are made on the published practice (the copy's team
    is not copied back)."""
    edit = Practice(state=PracticeState.ACTUALIZATION, actualization_of=practice, author_id=practice.author_id,
                    region_id=practice.region_id, track=practice.track, expert_moderator_id=practice.expert_moderator_id,
                    published_at=practice.published_at, submitted_at=practice.submitted_at,
                    packaged_at=practice.packaged_at)
    _copy_fields(practice, edit)
    edit.save()
    _copy_rows(practice, edit, team=True)
    return edit


def _adopt_files(edit, practice):
    """Files uploaded to the edit now belong to the published practice (its download rule and public files)."""
    ct = ContentType.objects.get_for_model(Practice)
    ids = [m.file_id for m in practice.materials.all() if m.file_id]
    if practice.cover_id:
        ids.append(practice.cover_id)
    StoredFile.objects.filter(pk__in=ids, owner_type=ct, owner_id=edit.pk).update(owner_id=practice.pk)


# --- the actions


def _notify_requested(request):
    practice = request.practice
    notify(holders(Role.ASI_MODERATOR), kind="actualization_requested", obj=practice, requires_action=True,
           url=page_url(practice), title=f"Запрос на актуализацию практики «{practice}»",
           body=(f"{request.get_requester_role_display()} {request.requested_by} просит открыть паспорт практики "
                 f"«{practice}» для актуализации. Причина: {request.reason}\nПредоставьте автору доступ к "
                 "редактированию (п. 4.5.6 Регламента)."))


def request_actualization(practice, *, by, reason):
    """4.5.4, 4.5.5: ask to actualize a published practice, with a reason (required). One open request per
    practice: a second is refused. The ASI moderator's own request grants access at once (choice)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    created = {}

    def create(locked):
        if locked.actualization_of_id is not None:
            raise Refused("Актуализировать можно только опубликованную практику, а не её редакцию.")
        if open_request(locked) is not None:
            raise Refused(SECOND_REQUEST)
        try:
            with transaction.atomic():
                created["request"] = ActualizationRequest.objects.create(
                    practice=locked, requested_by=by, requester_role=requester_role(by, locked), reason=reason)
        except IntegrityError:  # two requests at the same moment: the constraint keeps one
            raise Refused(SECOND_REQUEST) from None

    def notice(locked, **kwargs):
        request = created["request"]
        if request.requester_role != RequesterRole.ASI_MODERATOR:
            _notify_requested(request)

    with transaction.atomic():
        move(practice, None, action="request_actualization", by=by, prepare=create, notify=notice,
             comment=f"Запрошена актуализация практики. Причина: {reason}")
        request = created["request"]
        if request.requester_role == RequesterRole.ASI_MODERATOR:
            request = grant_actualization(request, by=by)
    return request


def grant_actualization(request, *, by):
    """4.5.6: the ASI moderator gives the author edit access — the edit copy is made, the author's 5 working
    days (F-DL-2, 4.5.4) start: assignees the author and the region's coordinators, escalated to the requester."""
    with transaction.atomic():
        request = ActualizationRequest.objects.select_for_update().select_related("practice").get(pk=request.pk)
        permissions.require(by, "grant_actualization", request)
        practice = Practice.objects.select_for_update().select_related("author", "region").get(pk=request.practice_id)
        edit = _make_edit(practice)
        request.state, request.granted_by, request.granted_at, request.edit = (
            ActualizationState.GRANTED, by, timezone.now(), edit)
        request.save(update_fields=["state", "granted_by", "granted_at", "edit"])
        history.record(edit, by=by, old="", action="grant_actualization",
                       comment=f"Редакция практики для актуализации. Причина запроса: {request.reason}")
        due_on = add_working_days(timezone.localdate(), ACTUALIZATION_WORKING_DAYS)
        history.record(practice, by=by, old=practice.state, action="grant_actualization",
                       comment=f"Автору предоставлен доступ к редактированию паспорта для актуализации "
                               f"(п. 4.5.6 Регламента); срок — до {due_on:%d.%m.%Y}.")
        # escalated to the reviewer who asked (4.5.4); when the author asked (4.5.5), to the ASI moderator
        # who granted (choice)
        asker = request.requested_by if request.requester_role != RequesterRole.AUTHOR else None
        open_deadline(practice, ACTUALIZATION_REQUESTED, working_days=ACTUALIZATION_WORKING_DAYS,
                      assignees=_people([practice.author], region_coordinators(practice.region)),
                      escalate_to=[asker or by])
        resolve_action(practice, kind="actualization_requested")
        notify(author_and_team(practice), kind="actualization_granted", obj=edit, requires_action=True,
               url=editor_url(edit), title=f"Актуализируйте практику «{practice}» до {due_on:%d.%m.%Y}",
               body=(f"Открыт доступ к редактированию паспорта практики «{practice}» для актуализации "
                     f"(п. 4.5.4–4.5.6 Регламента). Причина: {request.reason}\nВнесите изменения и отправьте их на "
                     f"проверку в течение 5 рабочих дней — до {due_on:%d.%m.%Y}. Пока изменения не приняты, в "
                     "каталоге остаётся опубликованная версия."))
    return request


def _reviewers(original):
    people = holders(Role.EXPERT_MODERATOR, category=original.category_id) if original.category_id else []
    return people or holders(Role.ASI_MODERATOR)


def submit_actualization(edit, *, by, comment=""):
    """The author sends the actualized passport for review: the F-DL-2 clock is met; the expert-moderators
    of the category (the ASI moderators when the category has none) get the review page with the diff."""
    problems = Practice.objects.get(pk=edit.pk).submission_problems(window=False, year=False)
    if problems and permissions.can(by, "submit_actualization", edit):
        raise Refused(problems)

    def notice(locked, **kwargs):
        original = locked.actualization_of
        history.record(original, by=by, old=original.state, action="submit_actualization",
                       comment="Автор отправил актуализированный паспорт на проверку.")
        meet_deadlines(original, ACTUALIZATION_REQUESTED)
        resolve_action(locked, kind="actualization_granted")
        resolve_action(locked, kind="actualization_returned")
        notify(_reviewers(original), kind="actualization_submitted", obj=locked, requires_action=True,
               url=reverse("validation:review", args=[locked.pk]),
               title=f"Актуализация практики «{original}» на проверке",
               body=(f"Автор актуализировал паспорт практики «{original}». Сравните изменения с опубликованной "
                     "версией и примите актуализацию или верните её на доработку."))

    return move(edit, "submit_actualization", by=by, comment=comment or "Актуализация отправлена на проверку.",
                notify=notice)


def return_actualization(edit, *, by, comment):
    """The expert-moderator (or the ASI moderator) returns the edit to the author with what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Напишите, что нужно доработать."})

    def notice(locked, **kwargs):
        original = locked.actualization_of
        history.record(original, by=by, old=original.state, action="return_actualization",
                       comment=f"Актуализация возвращена на доработку: {comment}")
        resolve_action(locked, kind="actualization_submitted")
        notify(author_and_team(locked), kind="actualization_returned", obj=locked, requires_action=True,
               url=editor_url(locked), title=f"Актуализация практики «{original}» возвращена на доработку",
               body=f"Что доработать: {comment}")

    return move(edit, "return_actualization", by=by, action="review_actualization", comment=comment, notify=notice)


def accept_actualization(edit, *, by, comment=""):
    """Accept the edit (F-ACT-1): copied onto the published practice in one transaction — passport fields,
    results, third parties, materials, M2M; a new passport version; «Актуализирована» with today's date;
    the yearly clock (F-DL-8) restarted; the request closed; author, team and coordinators notified. The
    catalogue and its search index (a trigger on the practice row) follow the new text from now on."""
    def copy_back(locked):
        original = Practice.objects.select_for_update(of=("self",)).select_related("author", "region").get(
            pk=locked.actualization_of_id)
        _copy_fields(locked, original)
        original.actualized_at = timezone.now()
        original.save()
        _copy_rows(locked, original, team=False)
        _adopt_files(locked, original)
        create_version(original, by=by)
        restart_yearly_clock(original)
        cancel_deadlines(original, ACTUALIZATION_REQUESTED)  # accepted before the author's term ran out
        ActualizationRequest.objects.filter(edit=locked, state=ActualizationState.GRANTED).update(
            state=ActualizationState.ACCEPTED, closed_at=timezone.now())
        history.record(original, by=by, old=original.state, action="accept_actualization",
                       comment=f"Актуализация принята. {comment}".strip())

    def notice(locked, **kwargs):
        original = locked.actualization_of
        resolve_action(locked)
        notify(_people(author_and_team(original), region_coordinators(original.region)),
               kind="actualization_accepted", obj=original, url=original.get_absolute_url(),
               title=f"Актуализация практики «{original}» принята",
               body=("Изменения опубликованы в каталоге; следующая актуализация — не позднее чем через год "
                     "(п. 4.5.1 Регламента)."))

    return move(edit, "accept_actualization", by=by, action="review_actualization", prepare=copy_back,
                notify=notice, comment=f"Актуализация принята. {comment}".strip())


def cancel_actualization(practice, *, by=None, reason=""):
    """The practice left the catalogue (archived, deleted): its open request is cancelled, the edit copy
    deleted (soft) and the F-DL-2 clock cancelled; the yearly clock too (``practice_left_catalogue``)."""
    with transaction.atomic():
        for request in ActualizationRequest.objects.select_for_update().filter(
                practice=practice, state__in=(ActualizationState.REQUESTED, ActualizationState.GRANTED)):
            request.state, request.closed_at = ActualizationState.CANCELLED, timezone.now()
            request.save(update_fields=["state", "closed_at"])
            edit = request.edit
            if edit is not None and edit.state != PracticeState.DELETED:
                old = edit.state
                Practice.objects.filter(pk=edit.pk).update(state=PracticeState.DELETED)
                edit.refresh_from_db()
                history.record(edit, by=by, old=old, action="cancel_actualization",
                               comment=f"Актуализация отменена: {reason}".strip())
            resolve_action(practice, kind="actualization_requested")
        cancel_deadlines(practice, ACTUALIZATION_REQUESTED)
        cancel_deadlines(practice, ACTUALIZATION_YEARLY)


def on_practice_left_catalogue(sender, practice, by=None, reason="", **kwargs):
    """Receiver of ``practices.signals.practice_left_catalogue`` (connected in ValidationConfig.ready())."""
    cancel_actualization(practice, by=by, reason=reason)
