"""Services of the practice team (F-ACC-4): one function per user action.

Team membership is the TeamMember row (no django-guardian object grant: Practice declares no custom
permission, and adding one would need a migration); the rules in practices/permissions.py read the rows.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from practices.enums import PUBLIC_STATES, REVISION_RETURN_STATES
from practices.models import TeamMember
from practices.team.completeness import MIN_TEAM, team_people
from smarteka import permissions, usercache
from smarteka.accounts.services import search_users as matching_users
from smarteka.notifications.services import notify
from smarteka.roles.models import Role
from smarteka.roles.services import holders

# under review or published: the team may not drop below three (2.1.5 p.5)
TEAM_KEPT_STATES = (*REVISION_RETURN_STATES, *PUBLIC_STATES)


def _absolute(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def category_experts(practice):
    """Experts of the practice's category: they evaluate it, so they are not on its team (issue 14, item 2)."""
    if not practice.category_id:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(pk__in=[u.pk for u in holders(Role.EXPERT, category=practice.category_id)])


def search_users(practice, query, limit=20):
    """Colleagues the author may add (152-ФЗ: no one's e-mail is shown, no one is listed beyond need): a
    verified user by their exact e-mail; or by ФИО among the verified users of the practice's region whose
    organisation may take part (a regional executive body or its subordinate, 1.9). Never the author, a
    member already, or an expert of the practice's category."""
    verified = get_user_model().objects.filter(is_active=True, email_verified_at__isnull=False)
    query = query.strip()
    if "@" in query:
        users = verified.filter(email__iexact=query)
    else:
        users = matching_users(query, verified.filter(region_id=practice.region_id,
                                                      organisation_type__may_author=True), by_email=False)
    taken = practice.team.filter(user__isnull=False).values_list("user_id", flat=True)
    return (users.exclude(pk=practice.author_id).exclude(pk__in=taken).exclude(pk__in=category_experts(practice))
            .select_related("organisation_type").order_by("last_name", "first_name")[:limit])


def add_member(practice, *, by, user, request=None):
    """Add a registered, verified user to the team; they are notified."""
    permissions.require(by, "change_practice_team", practice)
    if not user.is_active or user.email_verified_at is None:
        raise ValidationError("Добавить можно только пользователя, подтвердившего адрес электронной почты.")
    if user.pk == practice.author_id or practice.team.filter(user=user).exists():
        raise ValidationError(f"{user.full_name or user.email} уже в команде.")
    if category_experts(practice).filter(pk=user.pk).exists():
        raise ValidationError(f"{user.full_name} — эксперт категории «{practice.category}»: эксперт оценивает "
                              "практики своей категории и не может входить в команду одной из них.")
    with transaction.atomic():
        practice.team.filter(user__isnull=True, invited_email__iexact=user.email).delete()
        member = TeamMember.objects.create(practice=practice, user=user, invited_by=by, invited_at=timezone.now(),
                                           joined_at=timezone.now())
        notify(user, kind="practice_team_added", title=f"Вас добавили в команду практики «{practice}»",
               body=f"{by.full_name} добавил(а) вас в команду практики «{practice}».",
               url=reverse("practices:team", args=[practice.pk]), obj=practice)
    return member


def invite(practice, *, by, email, request=None):
    """Invite by e-mail. A verified user with that address is added at once; anyone else gets an
    invitation row and a letter with the registration link, and joins on registration."""
    permissions.require(by, "change_practice_team", practice)
    email = email.strip()
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email, is_active=True, email_verified_at__isnull=False).first()
    if existing is not None:
        return add_member(practice, by=by, user=existing, request=request)
    if practice.team.filter(invited_email__iexact=email).exists():
        raise ValidationError(f"Приглашение на {email} уже отправлено.")
    with transaction.atomic():
        member = TeamMember.objects.create(practice=practice, invited_email=email, invited_by=by,
                                           invited_at=timezone.now())
        link = _absolute(reverse("accounts:register") + "?" + urlencode({"email": email}), request)
        context = {"practice": practice, "by": by, "link": link, "SUPPORT_EMAIL": settings.SUPPORT_EMAIL}
        subject = f"Приглашение в команду практики «{practice}» — Смартека"
        text = render_to_string("practices/team/email_invite.txt", context)
        transaction.on_commit(lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [email]))
    return member


def set_mentor(member, *, by, is_mentor):
    """The author names mentors among the joined members (п. 1.9)."""
    permissions.require(by, "change_practice_team", member.practice)
    if is_mentor and not member.user_id:
        raise ValidationError("Наставником можно назначить только зарегистрированного участника команды.")
    member.is_mentor = bool(is_mentor)
    member.save(update_fields=["is_mentor"])
    return member


def remove_member(member, *, by):
    """Remove a member or withdraw an invitation; the author stays.

    Once submitted — under review or published (2.1.5 p.5) — the team stays at three or more people:
    removing a joined member below ``MIN_TEAM`` is refused (issue 13 item 16). A draft or a practice on
    revision may drop below three; its (re)submission checks the size again."""
    practice = member.practice
    permissions.require(by, "change_practice_team", practice)
    if member.user_id and member.user_id == practice.author_id:
        raise ValidationError("Автор практики не может удалить себя из команды.")
    with transaction.atomic():
        if member.user_id and practice.state in TEAM_KEPT_STATES:
            # lock the team rows so that two removals at once cannot both pass the count
            list(practice.team.select_for_update().values_list("pk", flat=True))
            if len(team_people(practice)) <= MIN_TEAM:
                raise ValidationError(
                    f"Нельзя удалить участника: практика подана (статус «{practice.get_state_display()}»), а команда "
                    f"должна оставаться не менее {MIN_TEAM} человек вместе с автором (п. 2.1.5, подп. 5 "
                    "Регламента). Сначала добавьте в команду другого участника.")
        member.delete()
    if member.user_id:
        usercache.forget([member.user_id])  # «Мои практики» in their start page no longer lists it


def accept_invitations(user):
    """On registration: every invitation to the user's e-mail becomes membership (F-ACC-4)."""
    joined = []
    with transaction.atomic():
        for member in (TeamMember.objects.select_for_update().select_related("practice", "practice__author")
                       .filter(user__isnull=True, invited_email__iexact=user.email)):
            practice = member.practice
            if practice.author_id == user.pk or practice.team.filter(user=user).exists():
                member.delete()
                continue
            member.user = user
            member.joined_at = timezone.now()
            member.save(update_fields=["user", "joined_at"])
            joined.append(member)
            notify(practice.author, kind="practice_team_joined",
                   title=f"{user.full_name or user.email} присоединился(-ась) к команде практики «{practice}»",
                   url=reverse("practices:team", args=[practice.pk]), obj=practice)
    if joined:
        permissions.forget_grants(user)  # «on the team» is known afresh in this request
    return joined
