"""Replication actions: one function per user action (STYLE 2), object first, ``by=`` the acting user.

Each locks the request row, asks ``smarteka.permissions`` (role AND object), runs the django-fsm
transition (or records a Прил.4 step inside a state), writes the history row, starts or stops the
deadlines (F-DL-3, F-DL-4, F-DL-7) and notifies the people it concerns.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from practices.models import Practice
from replication import deadlines
from replication.models import (
    ONE_OPEN_MESSAGE,
    OPEN_STATES,
    START_DOCUMENT_KINDS,
    DismissalGround,
    DocumentKind,
    Message,
    RefusalGround,
    ReplicationRequest,
    ReplicationResult,
    RequestDocument,
    RequestState,
)
from replication.permissions import MODERATE_PERM
from smarteka import permissions
from smarteka.deadlines.services import cancel_deadlines, meet_deadlines, open_deadline, open_deadlines_for
from smarteka.files.services import store_upload
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles import objects
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.text import missing_list

DOCUMENT_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpeg", "png")

NOT_HEAD_MESSAGE = ("Заявку на тиражирование может подать только представитель исполнительного органа субъекта "
                    "Российской Федерации, занимающий должность не ниже руководителя профильного исполнительного "
                    "органа субъекта Российской Федерации или руководителя подведомственной ему организации "
                    "(п. 5.1.1 Регламента). Укажите в профиле руководящую должность.")


def not_regional_body_message(user):
    """The refusal of 1.9, 5.1.1 naming who and why: the recipient's organisation is not a regional
    executive body or its subordinate organisation (the reference's «may author» types, Прил.2)."""
    return (f"{user} не может подать заявку на тиражирование: в профиле указан тип организации "
            f"«{user.organisation_type}», а реципиентом может быть только представитель исполнительного органа "
            "субъекта Российской Федерации или подведомственной ему организации (п. 1.9, 5.1.1 Регламента). "
            "Если тип организации указан неверно, исправьте его в профиле.")


def asi_moderators():
    return holders(Role.ASI_MODERATOR)


def authors_and_mentors(practice):
    mentors = [m.user for m in practice.team.filter(is_mentor=True, user__isnull=False).select_related("user")]
    return [practice.author, *mentors]


def participants(req):
    """Recipient, implementation moderator, author and mentors (F-REP-6)."""
    people = [req.recipient, *authors_and_mentors(req.practice)]
    if req.implementation_moderator_id:
        people.append(req.implementation_moderator)
    return people


def _others(people, by):
    return [u for u in people if u is not None and u.pk != getattr(by, "pk", None)]


def _url(req):
    return reverse("replication:request_detail", args=[req.pk])


def _locked(req):
    return (ReplicationRequest.objects.select_for_update(of=("self",))
            .select_related("practice", "practice__author", "recipient", "recipient_region",
                            "implementation_moderator")
            .get(pk=req.pk))


def _transition(req, method_name, by):
    """Run a django-fsm transition after its ``permission=`` and ``conditions=`` (checked again here,
    so that a guard the rule does not know about still stops the action)."""
    method = getattr(req, method_name)
    if not has_transition_perm(method, by):
        raise PermissionDenied("Недостаточно прав для этого действия.")
    if not can_proceed(method):
        raise ValidationError("Это действие сейчас недоступно для заявки в статусе "
                              f"«{req.get_state_display()}».")
    method()


# --- «Хочу внедрить» (F-REP-1)


def request_problems(practice, user):
    """Why ``user`` may not ask to implement ``practice`` now: Russian sentences (empty: may)."""
    problems = []
    if practice.state != "published":
        problems.append("Подать заявку можно только на опубликованную практику.")
    missing = user.profile_missing()
    if missing:
        problems.append("Заполните профиль полностью (п. 5.1.1 Регламента): не указано — "
                        + missing_list(missing) + ".")
    if user.organisation_type_id and not user.organisation_type.may_author:
        problems.append(not_regional_body_message(user))
    if not user.is_head:
        problems.append(NOT_HEAD_MESSAGE)
    if user.region_id and user.region_id == practice.region_id:
        problems.append("Практика уже реализована в вашем регионе: заявку на её внедрение подаёт другой регион.")
    elif user.region_id:
        same_region = ReplicationRequest.objects.filter(practice=practice, recipient_region_id=user.region_id)
        if same_region.filter(state__in=OPEN_STATES).exists():
            problems.append(ONE_OPEN_MESSAGE)
        elif same_region.filter(state=RequestState.DONE).exists():
            problems.append("Практика уже внедрена в вашем регионе.")
    return problems


def request_replication(practice, *, by, event=None, event_other="", confirms_studied=False,
                        confirms_ready=False, confirms_cooperation=False, undertakes_documents=False, comment=""):
    """The recipient presses «Хочу внедрить» (5.1.1, 5.3.1.2): starts F-DL-4 and tells the Agency,
    the author and the mentors."""
    with transaction.atomic():
        practice = Practice.objects.select_for_update().select_related("author", "region").get(pk=practice.pk)
        permissions.require(by, "request_replication", practice)
        problems = request_problems(practice, by)
        if not (event or event_other.strip()):
            problems.append("Укажите, в рамках какого мероприятия вы узнали о практике.")
        if not (confirms_studied and confirms_ready and confirms_cooperation and undertakes_documents):
            problems.append("Подтвердите все условия п. 5.1.1 Регламента и обязательство предоставить документы.")
        if problems:
            raise ValidationError(problems)
        try:
            with transaction.atomic():
                req = ReplicationRequest.objects.create(
                    practice=practice, recipient=by, recipient_region=by.region, event=event,
                    event_other=event_other.strip(), confirms_studied=True, confirms_ready=True,
                    confirms_cooperation=True, undertakes_documents=True, comment=comment,
                    recipient_position=by.position, recipient_organisation=by.organisation_name,
                    last_recipient_activity_at=timezone.now(),
                )
        except IntegrityError:
            raise ValidationError(ONE_OPEN_MESSAGE) from None
        history.record(req, by=by, old="", action="request",
                       comment=f"Мероприятие: {req.event_label}." + (f"\n{comment}" if comment else ""))
        asi = asi_moderators()
        open_deadline(req, deadlines.REVIEW, working_days=10, assignees=asi)  # F-DL-4, 5.3.2
        url = _url(req)
        notify(asi, kind="replication_requested", obj=req, url=url, requires_action=True,
               title=f"Новая заявка «Хочу внедрить»: {req.recipient_region}",
               body=(f"{by} ({by.position}, {req.recipient_region}) хочет внедрить практику «{practice}». "
                     "Назначьте модератора внедрения; заявка рассматривается в течение 10 рабочих дней "
                     "(п. 5.3.2 Регламента)."))
        notify(_others(authors_and_mentors(practice), by), kind="replication_requested_author", obj=req, url=url,
               title=f"Вашу практику «{practice}» хотят внедрить",
               body=(f"{req.recipient_region}: {by}, {by.position}. Вы можете переписываться с реципиентом "
                     "на странице заявки."))
        notify(by, kind="replication_requested_recipient", obj=req, url=url,
               title=f"Заявка на внедрение практики «{practice}» подана",
               body="Модератор АСИ назначит модератора внедрения, который свяжется с вами.")
    return req


# --- the ASI moderator assigns an implementation moderator (F-REP-2, 5.3.1.3)


def assign_moderator(req, *, by, moderator, comment=""):
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "assign_implementation_moderator", req)
        if not permissions.has_role(moderator, Role.IMPLEMENTATION_MODERATOR):
            raise ValidationError("Назначить можно только пользователя с ролью «Модератор внедрения».")
        old_state, previous = req.state, req.implementation_moderator
        if previous is not None and previous.pk == moderator.pk:
            raise ValidationError("Этот модератор внедрения уже назначен на заявку.")
        if req.state == RequestState.REQUESTED:
            _transition(req, "assign", by)
        if previous is not None:
            objects.revoke_object(previous, MODERATE_PERM, req, by=by)
            cancel_deadlines(req, deadlines.CONTACT)
        req.implementation_moderator = moderator
        req.assigned_by, req.assigned_at = by, timezone.now()
        req.save()
        objects.grant_object(moderator, MODERATE_PERM, req, by=by)
        history.record(req, by=by, old=old_state, action="assign",
                       comment=f"Модератор внедрения: {moderator}." + (f"\n{comment}" if comment else ""))
        resolve_action(req, kind="replication_requested")
        if req.contacted_at is None:
            open_deadline(req, deadlines.CONTACT, working_days=5, assignees=[moderator],
                          escalate_to=asi_moderators())  # F-DL-3, 5.3.1.4
            for deadline in open_deadlines_for(req, deadlines.REVIEW):
                deadline.assignees.add(moderator)
        url = _url(req)
        notify(moderator, kind="replication_assigned", obj=req, url=url, requires_action=True,
               title=f"Вам назначена заявка на внедрение: {req.recipient_region}",
               body=(f"Практика «{req.practice}», реципиент {req.recipient} ({req.recipient.position}). "
                     "Свяжитесь с реципиентом в течение 5 рабочих дней (п. 5.3.1.4 Регламента)."))
        notify(req.recipient, kind="replication_assigned_recipient", obj=req, url=url,
               title="Назначен модератор внедрения",
               body=f"По заявке на внедрение практики «{req.practice}» назначен модератор внедрения {moderator}.")
        if previous is not None:
            notify(previous, kind="replication_unassigned", obj=req, url=url,
                   title=f"Заявка № {req.pk} передана другому модератору внедрения")
    return req


# --- the implementation moderator's steps (Прил.4)


def _start_silence_clock(req):
    """F-DL-7: the moderator is waiting for the recipient; a month of silence → refusal proposal."""
    if not open_deadlines_for(req, deadlines.SILENCE).exists():
        open_deadline(req, deadlines.SILENCE, months=1, assignees=[req.recipient], escalate_to=asi_moderators())


def _recipient_acted(req):
    req.last_recipient_activity_at = timezone.now()
    meet_deadlines(req, deadlines.SILENCE)


def record_contact(req, *, by, comment=""):
    """The implementation moderator has contacted the recipient (5.3.1.4, 5.3.2): meets F-DL-3 and F-DL-4."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "record_replication_step", req)
        if req.contacted_at:
            raise ValidationError("Связь с реципиентом уже отмечена.")
        req.contacted_at = timezone.now()
        req.save()
        history.record(req, by=by, old=req.state, action="contact",
                       comment="Модератор внедрения связался с реципиентом." + (f"\n{comment}" if comment else ""))
        meet_deadlines(req, deadlines.CONTACT)
        meet_deadlines(req, deadlines.REVIEW)
        resolve_action(req, kind="replication_assigned")
        _start_silence_clock(req)
        notify(req.recipient, kind="replication_contacted", obj=req, url=_url(req), requires_action=True,
               title=f"Модератор внедрения связался с вами по практике «{req.practice}»",
               body=("Подтвердите готовность начать внедрение и подготовьте дорожную карту."
                     + (f"\n\n{comment}" if comment else "")))
    return req


def hold_kickoff(req, *, by, comment=""):
    """The kick-off meeting with the recipient and the author was held (Прил.4)."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "record_replication_step", req)
        if req.kickoff_held_at:
            raise ValidationError("Установочная встреча уже отмечена.")
        req.kickoff_held_at = timezone.now()
        if req.contacted_at is None:
            req.contacted_at = req.kickoff_held_at
            meet_deadlines(req, deadlines.CONTACT)
            meet_deadlines(req, deadlines.REVIEW)
        req.save()
        history.record(req, by=by, old=req.state, action="kickoff",
                       comment="Проведена установочная встреча с реципиентом." + (f"\n{comment}" if comment else ""))
        notify(_others(participants(req), by), kind="replication_kickoff", obj=req, url=_url(req),
               title=f"Проведена установочная встреча по внедрению практики «{req.practice}»", body=comment)
    return req


def dismiss_request(req, *, by, ground, reason=""):
    """Without review (5.1.1): the recipient's position lacks authority, or the profile is incomplete."""
    if ground not in DismissalGround.values:
        raise ValidationError("Выберите основание отклонения без рассмотрения.")
    return _close(req, by=by, method="dismiss", action="dismiss", reason=reason,
                  fields={"dismissal_ground": ground},
                  label=f"Отклонена без рассмотрения: {DismissalGround(ground).label}.")


# --- the recipient (Прил.4, 5.3.4)


def confirm_readiness(req, *, by, comment=""):
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "confirm_replication_readiness", req)
        if req.readiness_confirmed_at:
            raise ValidationError("Готовность уже подтверждена.")
        req.readiness_confirmed_at = timezone.now()
        _recipient_acted(req)
        req.save()
        history.record(req, by=by, old=req.state, action="readiness",
                       comment="Реципиент уведомил о готовности начать внедрение." + (f"\n{comment}" if comment else ""))
        resolve_action(req, kind="replication_contacted", user=by)
        notify(_others(participants(req), by), kind="replication_ready", obj=req, url=_url(req),
               title=f"Регион «{req.recipient_region}» готов начать внедрение практики «{req.practice}»", body=comment)
    return req


def upload_document(req, *, by, kind, upload, comment=""):
    """The recipient or the implementation moderator uploads the roadmap or another document (5.1.1, 1.9)."""
    if kind not in DocumentKind.values:
        raise ValidationError("Выберите вид документа.")
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "upload_replication_document", req)
        stored = store_upload(upload, by=by, owner=req, kind=f"replication_{kind}", kinds=DOCUMENT_KINDS)
        document = RequestDocument.objects.create(request=req, kind=kind, file=stored, comment=comment,
                                                  uploaded_by=by)
        starts = kind in START_DOCUMENT_KINDS  # «дорожной карты или иного документа» (5.3.1.4)
        if starts and req.roadmap_uploaded_at is None:
            req.roadmap_uploaded_at = timezone.now()
        if by.pk == req.recipient_id:
            _recipient_acted(req)
        req.save()
        history.record(req, by=by, old=req.state, action=f"document_{kind}",
                       comment=f"Загружен документ: {document.get_kind_display()}." + (f"\n{comment}" if comment else ""),
                       files=[stored])
        url = _url(req)
        notify(_others(participants(req), by), kind="replication_document", obj=req, url=url,
               title=f"Новый документ по заявке № {req.pk}: {document.get_kind_display()}", body=comment)
        if starts and req.state == RequestState.ASSIGNED:
            notify(asi_moderators(), kind="replication_roadmap", obj=req, url=url, requires_action=True,
                   title=f"Загружен документ «{document.get_kind_display()}»: {req.recipient_region}, "
                         f"«{req.practice}»",
                   body=("Проверьте дорожную карту или иной документ и переведите заявку в статус «Внедряется» "
                         "(п. 5.3.1.4 Регламента)."))
    return document


def start_implementation(req, *, by, comment=""):
    """The ASI moderator checks the roadmap or another document and sets «Внедряется» (5.3.1.4)."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "start_implementation", req)
        if not req.has_roadmap():
            raise ValidationError("Дорожная карта или иной документ ещё не загружены.")
        old = req.state
        _transition(req, "start", by)
        req.started_at = timezone.now()
        req.save()
        history.record(req, by=by, old=old, action="start", comment=comment)
        resolve_action(req, kind="replication_roadmap")
        notify(participants(req), kind="replication_in_progress", obj=req, url=_url(req),
               title=f"Практика «{req.practice}» внедряется: {req.recipient_region}",
               body=("Модератор АСИ проверил дорожную карту или иной документ и перевёл заявку в статус "
                     "«Внедряется». По завершении внедрения заполните отчёт, загрузите официальное письмо "
                     "и дополнительные материалы."))
    return req


NO_LETTER_MESSAGE = "Загрузите официальное письмо за подписью руководителя (п. 5.3.1.5 Регламента)."
NO_MATERIALS_MESSAGE = ("Загрузите дополнительные материалы, демонстрирующие процесс реализации практики, "
                        "и документы, разработанные или изменённые для её внедрения: они прилагаются к письму "
                        "(п. 5.3.1.5 Регламента), и модератор внедрения проверяет их наличие (п. 5.3.1.6).")


def submit_report(req, *, by, implementation_started_on, implementation_finished_on=None, adaptation,
                  first_results, expected_effects, letter=None, materials=(), comment="", results=None):
    """The recipient notifies completion: the result report form, the official letter signed by the
    head and the additional materials (5.3.1.5) — without the letter or the materials it is refused.
    ``results`` (F-PLUS-1): the measured results in the recipient region, dicts of ReplicationResult
    fields; when given they replace the recorded ones (a link to another practice's row is dropped)."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "submit_replication_report", req)
        files = []
        if letter is not None:
            stored = store_upload(letter, by=by, owner=req, kind="replication_letter", kinds=DOCUMENT_KINDS)
            RequestDocument.objects.create(request=req, kind=DocumentKind.LETTER, file=stored, uploaded_by=by)
            files.append(stored)
        for upload in materials:
            stored = store_upload(upload, by=by, owner=req, kind="replication_material", kinds=DOCUMENT_KINDS)
            RequestDocument.objects.create(request=req, kind=DocumentKind.MATERIAL, file=stored, uploaded_by=by)
            files.append(stored)
        missing = {}
        if not req.has_official_letter():
            missing["letter"] = NO_LETTER_MESSAGE
        if not req.has_materials():
            missing["materials"] = NO_MATERIALS_MESSAGE
        if missing:
            raise ValidationError(missing)
        req.implementation_started_on = implementation_started_on
        req.implementation_finished_on = implementation_finished_on
        req.adaptation, req.first_results, req.expected_effects = adaptation, first_results, expected_effects
        if results is not None:
            _save_results(req, results)
        req.completion_notified_at = timezone.now()
        req.report_checked_at, req.report_checked_by = None, None
        _recipient_acted(req)
        req.save()
        history.record(req, by=by, old=req.state, action="report", files=files,
                       comment="Реципиент уведомил о завершении внедрения и заполнил отчёт." + (
                           f"\n{comment}" if comment else ""))
        url = _url(req)
        if req.implementation_moderator_id:
            notify(req.implementation_moderator, kind="replication_report", obj=req, url=url, requires_action=True,
                   title=f"Отчёт о внедрении практики «{req.practice}»: {req.recipient_region}",
                   body=("Проверьте заполнение формы результата, наличие официального письма и дополнительных "
                         "материалов (п. 5.3.1.6 Регламента)."))
        notify(_others(authors_and_mentors(req.practice), by), kind="replication_report_author", obj=req, url=url,
               title=f"Регион «{req.recipient_region}» сообщил о завершении внедрения практики «{req.practice}»")
    return req


def _save_results(req, results):
    own = set(req.practice.results.values_list("pk", flat=True))
    req.results.all().delete()
    ReplicationResult.objects.bulk_create(
        ReplicationResult(request=req, order=i, **{**row, "practice_result_id": row.get("practice_result_id")
                                                   if row.get("practice_result_id") in own else None})
        for i, row in enumerate(results))


def report_gaps(req):
    """What the implementation moderator's check finds missing (5.3.1.6): the result form, the official
    letter, the additional materials — Russian sentences, empty when the report is complete."""
    gaps = []
    if not (req.completion_notified_at and req.implementation_started_on and req.adaptation
            and req.first_results and req.expected_effects):
        gaps.append("форма результата заполнена не полностью")
    if not req.has_official_letter():
        gaps.append("нет официального письма за подписью руководителя")
    if not req.has_materials():
        gaps.append("реципиент не загрузил дополнительные материалы")
    return gaps


def check_report(req, *, by, accepted, comment=""):
    """The implementation moderator checks the result form, the letter and the additional materials
    (5.3.1.6): accepted → the ASI moderator may set «Внедрено»; otherwise the recipient completes it."""
    if not accepted and not comment.strip():
        raise ValidationError("Напишите реципиенту, что нужно дополнить в отчёте.")
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "check_replication_report", req)
        url = _url(req)
        resolve_action(req, kind="replication_report")
        if accepted:
            gaps = report_gaps(req)
            if gaps:
                raise ValidationError({"decision": "Принять отчёт нельзя: " + "; ".join(gaps) + ". Верните отчёт "
                                       "реципиенту на дополнение (п. 5.3.1.6 Регламента)."})
            req.report_checked_at, req.report_checked_by = timezone.now(), by
            req.save()
            history.record(req, by=by, old=req.state, action="report_checked",
                           comment="Отчёт, официальное письмо и дополнительные материалы проверены."
                                   + (f"\n{comment}" if comment else ""))
            notify(asi_moderators(), kind="replication_report_checked", obj=req, url=url, requires_action=True,
                   title=f"Отчёт о внедрении проверен: {req.recipient_region}, «{req.practice}»",
                   body="Переведите заявку в статус «Внедрено» (п. 5.3.1.6 Регламента).")
        else:
            req.completion_notified_at = None
            req.save()
            history.record(req, by=by, old=req.state, action="report_returned", comment=comment)
            notify(req.recipient, kind="replication_report_returned", obj=req, url=url, requires_action=True,
                   title=f"Дополните отчёт о внедрении практики «{req.practice}»", body=comment)
    return req


def complete_implementation(req, *, by, comment=""):
    """The ASI moderator sets «Внедрено» (5.3.1.6): the recipient region joins the practice's regions."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "complete_implementation", req)
        if req.report_checked_at is None:
            raise ValidationError("Отчёт о внедрении ещё не проверен модератором внедрения.")
        gaps = report_gaps(req)
        if gaps:
            raise ValidationError("Перевести в «Внедрено» нельзя: " + "; ".join(gaps)
                                  + " (п. 5.3.1.5, 5.3.1.6 Регламента).")
        old = req.state
        _transition(req, "complete", by)
        req.done_at = req.closed_at = timezone.now()
        req.save()
        req.practice.implemented_regions.add(req.recipient_region)
        history.record(req, by=by, old=old, action="complete", comment=comment)
        cancel_deadlines(req)
        resolve_action(req)
        notify(participants(req), kind="replication_done", obj=req, url=_url(req),
               title=f"Практика «{req.practice}» внедрена: {req.recipient_region}",
               body="Модератор АСИ перевёл заявку в статус «Внедрено». Регион добавлен в перечень регионов, "
                    "где внедрена практика.")
    return req


# --- closing without implementation (5.3.3, 5.3.4, 5.1.1)


def _close(req, *, by, method, action, reason, fields, label):
    with transaction.atomic():
        req = _locked(req)
        action_rule = {"dismiss": "dismiss_replication", "refuse": "refuse_replication",
                       "decline": "decline_replication"}[method]
        permissions.require(by, action_rule, req)
        old = req.state
        _transition(req, method, by)
        for name, value in fields.items():
            setattr(req, name, value)
        req.closing_reason = reason
        req.closed_at = timezone.now()
        req.save()
        history.record(req, by=by, old=old, action=action, comment=label + (f"\n{reason}" if reason else ""))
        cancel_deadlines(req)
        resolve_action(req)
        people = participants(req) + ([] if method == "refuse" else asi_moderators())
        notify(_others(people, by), kind=f"replication_{action}", obj=req, url=_url(req),
               title=f"Заявка на внедрение практики «{req.practice}» ({req.recipient_region}): "
                     f"{req.get_state_display().lower()}",
               body=label + (f"\n\n{reason}" if reason else ""))
    return req


def decline_request(req, *, by, reason):
    """The recipient informs the moderator of the decision not to implement (5.3.4)."""
    if not reason.strip():
        raise ValidationError("Укажите причину отказа от внедрения.")
    return _close(req, by=by, method="decline", action="decline", reason=reason, fields={},
                  label="Реципиент отказался от внедрения практики (п. 5.3.4 Регламента).")


def refuse_request(req, *, by, ground, reason=""):
    """The Agency refuses on a ground of 5.3.3."""
    if ground not in RefusalGround.values:
        raise ValidationError("Выберите основание отказа из перечня п. 5.3.3 Регламента.")
    return _close(req, by=by, method="refuse", action="refuse", reason=reason, fields={"refusal_ground": ground},
                  label=f"Агентство отказало во внедрении практики в случае {RefusalGround(ground).label} "
                        "(п. 5.3.3 Регламента).")


def propose_refusal(req):
    """F-DL-7 overdue: the recipient has been silent for a month → the ASI moderator is offered the
    refusal on the third ground of 5.3.3 (the system acts, so ``by`` is None)."""
    req = ReplicationRequest.objects.select_related("practice", "recipient_region").get(pk=req.pk)
    if not req.is_open or req.refusal_proposed_at:
        return None
    ReplicationRequest.objects.filter(pk=req.pk).update(refusal_proposed_at=timezone.now())
    history.record(req, by=None, old=req.state, action="refusal_proposed",
                   comment="Реципиент не отвечает модератору внедрения месяц: предложен отказ по основанию "
                           f"«{RefusalGround.IGNORING.label}» (п. 5.3.3 Регламента).")
    notify(asi_moderators(), kind="replication_refusal_proposed", obj=req, url=_url(req), requires_action=True,
           title=f"Предложение отказать во внедрении: {req.recipient_region}, «{req.practice}»",
           body=(f"Реципиент не отвечает модератору внедрения в течение месяца. Основание п. 5.3.3: "
                 f"{RefusalGround.IGNORING.label}."))
    return req


# --- the conversation (F-REP-6)


def post_message(req, *, by, body, attachments=()):
    if not body.strip():
        raise ValidationError("Напишите сообщение.")
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "post_replication_message", req)
        message = Message.objects.create(request=req, author=by, body=body.strip())
        stored = [store_upload(upload, by=by, owner=req, kind="replication_message", kinds=DOCUMENT_KINDS)
                  for upload in attachments]
        if stored:
            message.attachments.add(*stored)
        if by.pk == req.recipient_id:
            _recipient_acted(req)
            req.save(update_fields=["last_recipient_activity_at", "updated_at"])
        elif by.pk == req.implementation_moderator_id and req.is_open and req.contacted_at:
            _start_silence_clock(req)
        notify(_others(participants(req), by), kind="replication_message", obj=req,
               url=_url(req) + "#messages",
               title=f"Новое сообщение по заявке на внедрение «{req.practice}» ({req.recipient_region})",
               body=f"{by}: {message.body[:500]}")
    return message
