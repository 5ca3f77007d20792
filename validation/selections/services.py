"""Services of selections (F-TRACK-4) and КСИ sessions (F-TRACK-5): one function per user action,
each checking the role and the object, writing history and notices inside its transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_fsm import can_proceed

from practices.models import Practice, PracticeState, Track
from practices.passport.services import create_practice
from smarteka.files.services import store_upload
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action
from smarteka.permissions import require
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from validation.models import (
    ApplicationStatus,
    KsiDecision,
    KsiOutcome,
    Selection,
    SelectionApplication,
    SelectionState,
)

MANAGE_REFUSED = "Управлять отборами может только модератор АСИ."
MODERATE_REFUSED = ("Модерировать заявки могут только модератор АСИ и эксперты этого отбора, "
                    "пока идёт приём или оценка заявок.")
APPLY_REFUSED = "Подать заявку может автор практики, пока открыт приём заявок на отбор."
NOT_YOUR_PRACTICE = "Подать на отбор можно только собственную практику."
KSI_REFUSED = "Вносить заседания Клуба стратегических инициатив может только модератор АСИ."

SELECTION_DOCUMENT_KINDS = ("pdf", "docx", "doc")

# what the ASI moderator types in (``save_selection``, ``save_ksi_session``; the forms show these fields)
SELECTION_FIELDS = ("title", "slug", "description", "initiator", "launch_requested_on", "intake_from", "intake_to",
                    "results_on", "awards")
KSI_SESSION_FIELDS = ("date", "title", "external_participants", "notes")

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))
RESERVED_SLUGS = {"new", "ksi", "novyy"}


def slug_for(title):
    """A Latin page address from a Russian title, unique among selections."""
    base = slugify("".join(_CYRILLIC.get(ch, ch) for ch in title.lower()))[:100].strip("-") or "otbor"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Selection.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def announcement_recipients():
    """Choice (3.2.6 «информирует пользователей Платформы»): every active user with a verified e-mail
    and a complete profile (F-ACC-2) — the people who could take part or pass the news on."""
    User = get_user_model()
    users = User.objects.filter(is_active=True, email_verified_at__isnull=False, region__isnull=False,
                                organisation_type__isnull=False)
    for name in User.PROFILE_FIELDS:
        field = User._meta.get_field(name)
        if not field.is_relation:
            users = users.exclude(**{name: ""})
    return list(users.order_by("pk"))


def _locked_selection(selection):
    return Selection.objects.select_for_update().get(pk=selection.pk)


# --- the ASI moderator: create, edit, announce, move through stages


def save_selection(selection, data, *, by, regulation_upload=None):
    """Create (``selection`` not saved yet) or edit a selection from cleaned data: the fields named in
    ``SELECTION_FIELDS``, ``criteria`` (the commission's requirements, a list) and ``experts`` (users).
    ``SelectionForm`` has checked them, the two-month rule of 3.2.5 / 4.3.4 included (the model's clean)."""
    require(by, "manage_selections", selection if selection.pk else None, MANAGE_REFUSED)
    with transaction.atomic():
        for name in SELECTION_FIELDS:
            setattr(selection, name, data[name])
        selection.criteria = list(data["criteria"])
        is_new = selection.pk is None
        if not selection.slug:
            selection.slug = slug_for(selection.title)
        if is_new:
            selection.created_by = by
        selection.save()
        selection.experts.set(data["experts"])
        if regulation_upload is not None:
            selection.regulation = store_upload(
                regulation_upload, by=by, owner=selection, kind="selection_regulation", is_public=True,
                kinds=SELECTION_DOCUMENT_KINDS)
            selection.save(update_fields=["regulation"])
        if is_new:
            history.record(selection, by=by, old="", action="create_selection", comment="Отбор создан.")
    return selection


def announce_selection(selection, *, by):
    """Publish the page and notify platform users (3.2.6); refuses while criteria, the regulation or
    the two-month lead (3.2.5, 4.3.4) are missing."""
    with transaction.atomic():
        selection = _locked_selection(selection)
        require(by, "manage_selections", selection, MANAGE_REFUSED)
        if selection.state != SelectionState.DRAFT:
            raise ValidationError("Отбор уже объявлен.")
        problems = selection.announcement_problems()
        if problems:
            raise ValidationError(problems)
        old = selection.state
        selection.announce()
        selection.announced_by, selection.announced_at = by, timezone.now()
        selection.save()
        history.record(selection, by=by, old=old, action="announce_selection")
        url = selection.get_absolute_url()
        notify(announcement_recipients(), kind="selection_announced", obj=selection, url=url,
               title=f"Объявлен отбор практик «{selection.title}»",
               body=(f"На платформе «Смартека» объявлен отбор практик «{selection.title}» "
                     f"(инициатор — {selection.initiator}). Приём заявок: с {selection.intake_from:%d.%m.%Y} "
                     f"по {selection.intake_to:%d.%m.%Y}. Положение об отборе и обязательные требования "
                     "к заявкам — на странице отбора."))
    return selection


STAGE_ACTIONS = {
    "open_intake": ("open_intake", "Приём заявок открыт."),
    "close_intake": ("close_intake", "Приём заявок завершён, заявки переданы на оценку."),
    "finish": ("finish", "Итоги отбора подведены."),
}


def advance_selection(selection, action, *, by):
    """Move an announced selection to its next stage: open intake, close intake, finish."""
    if action not in STAGE_ACTIONS:
        raise ValidationError("Неизвестное действие с отбором.")
    with transaction.atomic():
        selection = _locked_selection(selection)
        require(by, "manage_selections", selection, MANAGE_REFUSED)
        method = getattr(selection, STAGE_ACTIONS[action][0])
        if not can_proceed(method):
            raise ValidationError(f"Сейчас это действие недоступно: отбор в статусе «{selection.get_state_display()}».")
        old = selection.state
        method()
        selection.save()
        history.record(selection, by=by, old=old, action=action, comment=STAGE_ACTIONS[action][1])
        if action == "finish":
            applicants = [a.practice.author for a in selection.applications.select_related("practice__author")]
            notify(applicants, kind="selection_finished", obj=selection, url=selection.get_absolute_url(),
                   title=f"Подведены итоги отбора «{selection.title}»",
                   body="Результаты отбора опубликованы на его странице.")
    return selection


# --- the author: apply


def apply_to_selection(selection, *, by, practice=None, new_title=""):
    """Tag one of the author's practices with the selection, or start a new practice on the
    «Отбор» track (F-TRACK-4, 4.3.4). Only during intake; only the practice's author."""
    with transaction.atomic():
        selection = _locked_selection(selection)
        require(by, "apply_to_selection", selection, APPLY_REFUSED)
        if practice is None:
            if not new_title.strip():
                raise ValidationError({"new_title": "Укажите название новой практики."})
            practice = create_practice(by=by, title=new_title.strip())
            Practice.objects.filter(pk=practice.pk).update(track=Track.SELECTION)
            practice.track = Track.SELECTION
        else:
            practice = Practice.objects.select_for_update().get(pk=practice.pk)
            require(by, "apply_practice_to_selection", practice, NOT_YOUR_PRACTICE)
            if practice.state == PracticeState.DRAFT:  # not yet submitted: it is submitted as an application
                Practice.objects.filter(pk=practice.pk).update(track=Track.SELECTION)
        existing = SelectionApplication.objects.filter(practice=practice).select_related("selection").first()
        if existing is not None:
            raise ValidationError({"practice": f"Практика «{practice}» уже подана на отбор «{existing.selection}»."})
        try:
            with transaction.atomic():
                application = SelectionApplication.objects.create(selection=selection, practice=practice,
                                                                  applied_by=by)
        except IntegrityError:
            raise ValidationError({"practice": f"Практика «{practice}» уже подана на отбор."}) from None
        history.record(application, by=by, old="", action="apply", state_field="status",
                       comment=f"Заявка на отбор «{selection.title}».")
        moderators = holders(Role.ASI_MODERATOR) + list(selection.experts.filter(is_active=True))
        url = reverse("selections:applications", args=[selection.slug])
        notify(moderators, kind="selection_application", obj=application, url=url, requires_action=True,
               title=f"Новая заявка на отбор «{selection.title}»",
               body=f"{by} подал(а) практику «{practice}» ({practice.region.name}). Проверьте заявку.")
        notify(by, kind="selection_applied", obj=application, url=selection.get_absolute_url(),
               title=f"Заявка на отбор «{selection.title}» подана",
               body=f"Практика «{practice}» подана на отбор и ждёт модерации.")
    return application


def withdraw_application(application, *, by):
    """The author takes back an application still awaiting moderation (F-TRACK-4): the practice is
    free again (for this or another selection); the practice's history keeps the record."""
    with transaction.atomic():
        application = _locked_application(application)
        require(by, "withdraw_selection_application", application,
                "Отозвать можно только свою заявку, пока она на модерации и приём заявок открыт.")
        selection, practice = application.selection, application.practice
        resolve_action(application, kind="selection_application")
        if practice.state == PracticeState.DRAFT and practice.track == Track.SELECTION:
            # free again: the author chooses a track at submission
            Practice.objects.filter(pk=practice.pk).update(track=Track.REGIONAL_INITIATIVE)
        history.record(practice, by=by, old=practice.state, new=practice.state, action="selection_withdrawn",
                       comment=f"Заявка на отбор «{selection.title}» отозвана автором.")
        application.delete()
    return practice


# --- the ASI moderator and the selection's experts: moderate, mark winners


def _locked_application(application):
    return (SelectionApplication.objects.select_for_update(of=("self",))
            .select_related("selection", "practice", "practice__author").get(pk=application.pk))


def moderate_application(application, *, by, accept, reason=""):
    """Accept or refuse an application (3.2.6 «осуществляет модерацию»); a refusal needs a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        application = _locked_application(application)
        selection = application.selection
        require(by, "moderate_selection", selection, MODERATE_REFUSED)
        if not accept and not reason:
            raise ValidationError({"reason": "Укажите причину отклонения заявки."})
        old = application.status
        application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REFUSED
        application.refusal_reason = "" if accept else reason
        if not accept:
            application.is_winner, application.award = False, ""
        application.moderated_by, application.moderated_at = by, timezone.now()
        application.save()
        history.record(application, by=by, old=old, action="moderate", state_field="status", comment=reason)
        resolve_action(application, kind="selection_application")
        if accept:
            title = f"Заявка на отбор «{selection.title}» принята"
            body = f"Практика «{application.practice}» допущена к участию в отборе."
        else:
            title = f"Заявка на отбор «{selection.title}» отклонена"
            body = f"Практика «{application.practice}» не допущена к отбору. Причина: {reason}"
        notify(application.practice.author, kind="selection_moderated", obj=application,
               url=selection.get_absolute_url(), title=title, body=body)
    return application


def mark_winner(application, *, by, is_winner=True, award=""):
    """Mark an accepted application a winner (with its award, if any) or unmark it, during evaluation."""
    with transaction.atomic():
        application = _locked_application(application)
        selection = application.selection
        require(by, "moderate_selection", selection, MODERATE_REFUSED)
        if selection.state != SelectionState.EVALUATION:
            raise ValidationError("Победителей отмечают на этапе оценки заявок.")
        if application.status != ApplicationStatus.ACCEPTED:
            raise ValidationError("Победителем может быть только принятая заявка.")
        application.is_winner = bool(is_winner)
        application.award = (award or "").strip()[:300] if is_winner else ""
        application.save(update_fields=["is_winner", "award"])
        comment = ("Отмечена победителем отбора" + (f": {application.award}" if application.award else ".")
                   if is_winner else "Отметка победителя снята.")
        history.record(application, by=by, old=application.status, action="winner", state_field="status",
                       comment=comment)
        if is_winner:
            notify(application.practice.author, kind="selection_winner", obj=application,
                   url=selection.get_absolute_url(),
                   title=f"Практика «{application.practice}» — победитель отбора «{selection.title}»",
                   body=comment)
    return application


# --- КСИ sessions (F-TRACK-5, 4.4.9)


def save_ksi_session(session, data, *, by, protocol_upload=None):
    """Create (``session`` not saved yet) or edit a КСИ session from cleaned data: the fields named in
    ``KSI_SESSION_FIELDS`` and ``participants`` (users); the protocol stays private."""
    require(by, "manage_ksi", session if session.pk else None, KSI_REFUSED)
    with transaction.atomic():
        for name in KSI_SESSION_FIELDS:
            setattr(session, name, data[name])
        if session.pk is None:
            session.created_by = by
        session.save()
        session.participants.set(data["participants"])
        if protocol_upload is not None:
            session.protocol = store_upload(protocol_upload, by=by, owner=session, kind="ksi_protocol",
                                            kinds=SELECTION_DOCUMENT_KINDS)
            session.save(update_fields=["protocol"])
    return session


def record_ksi_decision(session, *, by, practice, outcome, reason=""):
    """One protocol line: the practice recommended or not admitted (a reason is required then).
    The practice's history gets a record (action ``ksi_decision``, state unchanged)."""
    reason = (reason or "").strip()
    require(by, "manage_ksi", session, KSI_REFUSED)
    if outcome not in KsiOutcome.values:
        raise ValidationError({"outcome": "Выберите решение: рекомендована или не допущена."})
    if outcome == KsiOutcome.NOT_ADMITTED and not reason:
        raise ValidationError({"reason": "Укажите причину, по которой практика не допущена."})
    with transaction.atomic():
        practice = Practice.objects.select_for_update().select_related("author").get(pk=practice.pk)
        if KsiDecision.objects.filter(session=session, practice=practice).exists():
            raise ValidationError({"practice": "По этой практике решение заседания уже внесено."})
        decision = KsiDecision.objects.create(session=session, practice=practice, outcome=outcome, reason=reason,
                                              decided_by=by)
        label = KsiOutcome(outcome).label
        comment = f"Заседание Клуба стратегических инициатив {session.date:%d.%m.%Y}: {label.lower()}."
        if reason:
            comment += f" {reason}"
        history.record(practice, by=by, old=practice.state, new=practice.state, action="ksi_decision",
                       comment=comment, files=[session.protocol])
        notify(practice.author, kind="ksi_decision", obj=practice,
               url=reverse("practices:versions", args=[practice.pk]), title=f"Решение Клуба стратегических инициатив по практике «{practice}»", body=comment)
    return decision

