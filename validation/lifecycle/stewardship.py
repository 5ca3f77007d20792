"""Author replacement (4.1.11) and the recovery of a deleted practice (4.1.13): one service per user action
(issue 21; SPEC F-ARCH-2). Deletion itself is ``validation.services.delete_practice``; contacts (4.1.12) are
in ``validation/lifecycle/contacts.py``.

Choices where the regulation is silent:

* the request is made on the platform by the author or the coordinator themselves (a request that came by
  e-mail to hello@smarteka.ru is answered by asking its sender to file it here, so that it names who asks);
* the new author is a registered, verified user picked by exact e-mail or by ФИО among the verified users of
  the practice's region whose organisation may author (as the team search of practices/team: no e-mails
  shown); a member of the team may become the author;
* on replacement the old author leaves the team and keeps reading the practice and its history (the
  carried-out request is the record, ``practices.permissions.is_former_author``); the new author joins the
  team and finds the practice in «Мои практики»;
* a deleted practice is recovered to the state it was deleted from (the last transition into «Удалена» in
  the history), with a reason, by the ASI moderator who deletes.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, TeamMember
from practices.services import region_coordinators
from practices.team.services import category_experts
from smarteka import permissions
from smarteka.accounts.services import search_users as matching_users
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from validation import services
from validation.lifecycle.permissions_stewardship import replacement_requester_role
from validation.models import AuthorReplacement, ReplacementRequester, ReplacementState

PHONE_RE = re.compile(r"^\+?[\d\s()\-]{10,20}$")


def _required(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- author replacement (4.1.11, F-ARCH-2)


def replacement_candidates(practice, query, limit=20):
    """Who may become the author: a verified user by their exact e-mail, or by ФИО among the verified users of
    the practice's region whose organisation may author (1.9) — as the team search of practices/team, no
    e-mails shown. Never the current author or an expert of the practice's category (an expert evaluates it)."""
    query = (query or "").strip()
    if not query:
        return get_user_model().objects.none()
    verified = get_user_model().objects.filter(is_active=True, email_verified_at__isnull=False)
    if "@" in query:
        users = verified.filter(email__iexact=query)
    else:
        users = matching_users(query, verified.filter(region_id=practice.region_id,
                                                      organisation_type__may_author=True), by_email=False)
    return (users.exclude(pk=practice.author_id).exclude(pk__in=category_experts(practice))
            .select_related("organisation_type").order_by("last_name", "first_name")[:limit])


def _new_author_problem(practice, user):
    if user is None:
        return "Выберите нового автора — зарегистрированного пользователя платформы."
    if not user.is_active or user.email_verified_at is None:
        return "Новым автором может стать только пользователь, подтвердивший адрес электронной почты."
    if user.pk == practice.author_id:
        return "Этот пользователь уже автор практики."
    if category_experts(practice).filter(pk=user.pk).exists():
        return (f"{user.full_name} — эксперт категории «{practice.category}»: эксперт оценивает практики своей "
                "категории и не может быть их автором.")
    return None


def request_author_replacement(practice, *, by, new_author, phone, reason):
    """4.1.11: the author or the region's coordinator asks the ASI moderator to replace the author, naming the
    new author's profile, a contact phone number and the reason (all required; Russian errors at the field).
    The ASI moderators get an action notice."""
    errors = {}
    phone = (phone or "").strip()
    reason = (reason or "").strip()
    problem = _new_author_problem(practice, new_author)
    if problem:
        errors["new_author"] = problem
    if not phone:
        errors["phone"] = "Укажите контактный номер телефона нового автора."
    elif not PHONE_RE.match(phone):
        errors["phone"] = "Номер телефона: не меньше 10 цифр, например +7 900 123-45-67."
    if not reason:
        errors["reason"] = "Укажите причину смены автора."
    with transaction.atomic():
        practice = Practice.objects.select_for_update(of=("self",)).select_related("author", "region").get(
            pk=practice.pk)
        permissions.require(by, "request_author_replacement", practice)
        if errors:
            raise ValidationError(errors)
        role = replacement_requester_role(by, practice)
        try:
            with transaction.atomic():
                replacement = AuthorReplacement.objects.create(
                    practice=practice, requested_by=by, requester_role=role, old_author=practice.author,
                    new_author=new_author, phone=phone, reason=reason)
        except IntegrityError:  # a second tab: one pending request per practice
            raise ValidationError("По этой практике уже есть запрос на замену автора, ожидающий решения "
                                  "модератора АСИ.") from None
        history.record(practice, by=by, old=practice.state, action="author_replacement_requested",
                       comment=(f"Запрошена замена автора ({ReplacementRequester(role).label.lower()}): "
                                f"{practice.author} → {new_author}.\nПричина: {reason}"))
        url = replacement.get_absolute_url()
        notify(holders(Role.ASI_MODERATOR), kind="author_replacement_requested", obj=replacement, url=url,
               requires_action=True, title=f"Запрос на замену автора практики «{practice}»",
               body=(f"{by} просит заменить автора практики «{practice}» ({practice.region}): {practice.author} → "
                     f"{new_author}.\nПричина: {reason}\n\nЗамену осуществляет модератор АСИ (п. 4.1.11 "
                     "Регламента)."))
    return replacement


def _locked_replacement(replacement):
    return (AuthorReplacement.objects.select_for_update(of=("self",))
            .select_related("practice", "old_author", "new_author", "requested_by").get(pk=replacement.pk))


def carry_out_replacement(replacement, *, by, comment=""):
    """4.1.11: the ASI moderator replaces the author. The practice's author changes; the new author joins the
    team (and sees the practice in «Мои практики»); the old one leaves the team and keeps reading the practice
    and its history. Recorded in the practice's history; the old and new author, the region's coordinators
    and whoever asked are notified."""
    with transaction.atomic():
        replacement = _locked_replacement(replacement)
        permissions.require(by, "decide_author_replacement", replacement)
        practice = Practice.objects.select_for_update(of=("self",)).select_related("region").get(
            pk=replacement.practice_id)
        if practice.author_id != replacement.old_author_id:
            raise ValidationError("Автор практики уже изменился после запроса: отклоните запрос.")
        problem = _new_author_problem(practice, replacement.new_author)
        if problem:
            raise ValidationError(problem)
        old_author, new_author = replacement.old_author, replacement.new_author
        practice.author = new_author
        practice.save(update_fields=["author", "updated_at"])
        practice.team.filter(user=old_author).delete()
        practice.team.filter(user__isnull=True, invited_email__iexact=new_author.email).delete()
        now = timezone.now()
        TeamMember.objects.get_or_create(practice=practice, user=new_author,
                                         defaults={"invited_by": by, "invited_at": now, "joined_at": now})
        replacement.state = ReplacementState.DONE
        replacement.decided_by, replacement.decided_at = by, now
        replacement.decision_comment = (comment or "").strip()
        replacement.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
        history.record(practice, by=by, old=practice.state, action="replace_author",
                       comment=(f"Автор практики заменён (п. 4.1.11 Регламента): {old_author} → {new_author}.\n"
                                f"Запрос: {replacement.get_requester_role_display().lower()} "
                                f"{replacement.requested_by}. Причина: {replacement.reason}"
                                + (f"\n{replacement.decision_comment}" if replacement.decision_comment else "")))
        resolve_action(replacement)
        url = reverse("practices:detail", args=[practice.pk])
        notify(new_author, kind="author_replacement_new", obj=practice, url=reverse("practices:my"),
               title=f"Вы стали автором практики «{practice}»",
               body=(f"Модератор АСИ назначил вас автором практики «{practice}» вместо {old_author}. Практика "
                     "появилась в разделе «Мои практики»."))
        notify(old_author, kind="author_replacement_old", obj=practice, url=url,
               title=f"Автор практики «{practice}» заменён",
               body=(f"Модератор АСИ назначил автором практики «{practice}» пользователя {new_author}. Практика и "
                     f"её история остаются доступны вам для просмотра.\nПричина: {replacement.reason}"))
        others = [u for u in [*region_coordinators(practice.region), replacement.requested_by]
                  if u.pk not in (old_author.pk, new_author.pk)]
        notify(others, kind="author_replacement_done", obj=practice, url=url,
               title=f"Автор практики «{practice}» заменён",
               body=f"Новый автор практики «{practice}» ({practice.region}): {new_author} (прежний — {old_author}).")
    return replacement


def decline_replacement(replacement, *, by, comment):
    """The ASI moderator declines the request with a reason (required); recorded, whoever asked is told."""
    comment = _required(comment, "comment", "Укажите причину отказа в замене автора.")
    with transaction.atomic():
        replacement = _locked_replacement(replacement)
        permissions.require(by, "decide_author_replacement", replacement)
        replacement.state = ReplacementState.DECLINED
        replacement.decided_by, replacement.decided_at = by, timezone.now()
        replacement.decision_comment = comment
        replacement.save(update_fields=["state", "decided_by", "decided_at", "decision_comment"])
        practice = replacement.practice
        history.record(practice, by=by, old=practice.state, action="author_replacement_declined",
                       comment=f"Отказано в замене автора на {replacement.new_author}.\nПричина: {comment}")
        resolve_action(replacement)
        notify([replacement.requested_by, replacement.old_author], kind="author_replacement_declined",
               obj=replacement, url=replacement.get_absolute_url(),
               title=f"Отказано в замене автора практики «{practice}»", body=f"Причина: {comment}")
    return replacement


def pending_replacements():
    return (AuthorReplacement.objects.filter(state=ReplacementState.PENDING)
            .select_related("practice__region", "old_author", "new_author", "requested_by").order_by("created_at"))


# --- recovery of a deleted practice (4.1.13)


def _notice_restored(practice, *, old, by, comment, transition):
    people = [*services.notices.author_and_team(practice), *region_coordinators(practice.region)]
    notify([u for u in people if u.pk != by.pk], kind="practice_restored", obj=practice,
           url=reverse("practices:detail", args=[practice.pk]),
           title=f"Практика «{practice}» восстановлена",
           body=f"Модератор АСИ восстановил удалённую практику в статусе «{practice.get_state_display()}».\n{comment}")


def restore_deleted(practice, *, by, comment):
    """4.1.13: the ASI moderator recovers a deleted practice to the state it was deleted from (reason
    required, recorded in the history; the author, team and coordinators told)."""
    comment = _required(comment, "comment", "Укажите причину восстановления практики.")
    return services.move(practice, "restore_deleted", by=by, comment=f"Практика восстановлена. {comment}",
                         notify=_notice_restored)


def deleted_rows():
    """Deleted practices, newest deletion first, each with its deletion record (who, when, why, from what)."""
    rows = [{"practice": practice, "deletion": history.last_transition(practice, "deleted")}
            for practice in Practice.objects.filter(state="deleted").select_related("region", "author")]
    rows.sort(key=lambda r: r["deletion"].at if r["deletion"] else r["practice"].updated_at, reverse=True)
    return rows
