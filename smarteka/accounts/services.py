"""One function per user action of the accounts app (F-ACC-1, F-ACC-2, F-ACC-3).

Mail leaves through ``send_notice`` only, so that the notifications service (F-NOTE-1) can take
it over by changing one function.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from smarteka import permissions
from smarteka.accounts.models import (
    OPEN_ACCESS_STATUSES,
    AccessRequest,
    Consent,
    ConsentKind,
    ConsentText,
)
from smarteka.accounts.signals import user_registered
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role, RoleGrant
from smarteka.roles.services import holders
from smarteka.text import missing_list

log = logging.getLogger(__name__)

EMAIL_VERIFICATION_SALT = "smarteka.accounts.verify-email"
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600  # the link works for three days
PENDING_PHOTO_SALT = "smarteka.accounts.pending-photo"


# --- mail


def absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def send_notice(recipients, subject, template, context=None, *, obj=None, url="", requires_action=False):
    """Send a Russian e-mail (text + HTML) after the transaction commits.

    ``template`` names ``accounts/email/<template>.txt`` and ``.html``. The one place to switch to
    the notifications service later. With ``obj`` the recipients also get an in-app notice (F-NOTE-1),
    marked «ожидает действий» when ``requires_action``; the e-mail is this richer letter, not a second one."""
    if obj is not None:


        notify(recipients, kind=f"accounts.{template}", title=subject.removesuffix(" — Смартека"),
               url=url, obj=obj, requires_action=requires_action, email=False)
    emails = sorted({getattr(r, "email", r) for r in recipients if getattr(r, "email", r)})
    if not emails:
        return
    context = {"SUPPORT_EMAIL": settings.SUPPORT_EMAIL, "SITE_URL": settings.SITE_URL, **(context or {})}
    text = render_to_string(f"accounts/email/{template}.txt", context)
    html = render_to_string(f"accounts/email/{template}.html", context)

    def send():
        for email in emails:
            message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [email])
            message.attach_alternative(html, "text/html")
            message.send()

    transaction.on_commit(send)


def _queue_url():
    return reverse("accounts:access_queue")


def _access_url():
    return reverse("accounts:access")


# --- finding a user (F-ROLE-2 grant form, F-ACC-4 team)


def search_users(query, queryset=None, *, by_email=True):
    """Users of ``queryset`` (default: every active user) matching every word of ``query`` in the
    ФИО — and in the e-mail unless ``by_email=False`` — case-insensitive, by ФИО then e-mail."""
    queryset = get_user_model().objects.filter(is_active=True) if queryset is None else queryset
    for word in query.split():
        match = Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(middle_name__icontains=word)
        queryset = queryset.filter(match | Q(email__icontains=word) if by_email else match)
    return queryset.order_by("last_name", "first_name", "email")


# --- registration (F-ACC-1)


def register_user(*, email, password, last_name, first_name, middle_name="", ip=None, request=None):
    """Create an inactive account with the three consents of 4.1.2 and mail the confirmation link."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, last_name=last_name, first_name=first_name,
            middle_name=middle_name, is_active=False,
        )
        now = timezone.now()
        for kind in ConsentKind.values:
            text = ConsentText.current(kind)
            Consent.objects.create(user=user, kind=kind, text=text, text_version=text.version,
                                   accepted_at=now, ip=ip)
        send_verification_email(user, request=request)
    return user


def verification_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_VERIFICATION_SALT)


def send_verification_email(user, request=None):
    link = absolute_url(reverse("accounts:verify_email", args=[verification_token(user)]), request)
    send_notice([user], "Подтвердите адрес электронной почты — Смартека", "verify_email",
                {"user": user, "link": link, "days": EMAIL_VERIFICATION_MAX_AGE // 86400})


def resend_verification_email(email, request=None):
    """Send a new link to an account still waiting for confirmation; silent otherwise (no account
    enumeration)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email.strip(), email_verified_at__isnull=True).first()
    if user is not None:
        send_verification_email(user, request=request)
    return user


def verify_email(token, request=None):
    """Follow the link: activate the account, record the time, send ``user_registered``.

    Returns ``(user, newly_verified)``; raises ValidationError for a broken or expired link."""
    User = get_user_model()
    try:
        data = signing.loads(token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("Срок действия ссылки истёк. Запросите новое письмо.", code="expired")
    except signing.BadSignature:
        raise ValidationError("Ссылка повреждена или недействительна. Запросите новое письмо.", code="bad")
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
        if user is None:
            raise ValidationError("Ссылка недействительна. Запросите новое письмо.", code="bad")
        if user.email_verified_at is not None:
            return user, False
        user.is_active = True
        user.email_verified_at = timezone.now()
        user.save(update_fields=["is_active", "email_verified_at"])
        user_registered.send(sender=User, user=user, request=request)
    return user, True


# --- profile (F-ACC-2)


def stash_pending_photo(user, upload, extension):
    """Keep a valid photo uploaded with an otherwise refused form; returns a signed reference."""
    name = default_storage.save(f"profiles/pending/{user.pk}-photo.{extension}", upload)
    return signing.dumps({"u": user.pk, "n": name}, salt=PENDING_PHOTO_SALT)


def pending_photo_name(user, token):
    """The stored name behind a pending-photo reference of this user, or None."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=PENDING_PHOTO_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    name = data.get("n", "")
    if data.get("u") != user.pk or not name.startswith("profiles/pending/") or not default_storage.exists(name):
        return None
    return name


def update_profile(user, *, by, form, pending_photo=None):
    """Save the profile form; a photo kept from a refused attempt is moved into place."""
    permissions.require(by, "edit_profile", user)
    with transaction.atomic():
        profile = form.save(commit=False)
        if pending_photo and not form.cleaned_data.get("photo_uploaded"):
            extension = pending_photo.rsplit(".", 1)[-1]
            with default_storage.open(pending_photo, "rb") as source:
                final = default_storage.save(f"profiles/{user.pk}-photo.{extension}", source)
            default_storage.delete(pending_photo)
            profile.photo.name = final
        profile.save()
    return profile


# --- passport access (F-ACC-3, 4.1.3)


def access_obstacles(user):
    """Why this user may not ask for passport access now (Russian, for the page); [] when they may."""
    reasons = []
    missing = user.profile_missing()
    if missing:
        reasons.append("Профиль не заполнен: не хватает сведений — " + missing_list(missing) + ".")
    if user.region_id is None and "Регион" not in ", ".join(missing):
        reasons.append("В профиле не указан регион.")
    if AccessRequest.objects.filter(user=user, status__in=OPEN_ACCESS_STATUSES).exists():
        reasons.append("У вас уже есть заявка на рассмотрении. Дождитесь решения по ней.")
    if user.region_id and RoleGrant.objects.active().filter(user=user, role=Role.AUTHOR,
                                                            region_id=user.region_id).exists():
        reasons.append("Доступ к заполнению паспорта практики у вас уже есть.")
    return reasons


def _access_context(req, **extra):
    return {"req": req, "applicant": req.user, "queue_link": absolute_url(reverse("accounts:access_queue")),
            "access_link": absolute_url(reverse("accounts:access")), **extra}


def request_access(user, *, by, comment=""):
    """The user asks for access to passport filling; the region's coordinator is told."""
    permissions.require(by, "request_access", user)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        reasons = access_obstacles(user)
        if reasons:
            raise ValidationError(reasons)
        try:
            with transaction.atomic():
                req = AccessRequest.objects.create(
                    user=user, region=user.region, organisation_type=user.organisation_type,
                    organisation_name=user.organisation_name, position=user.position, comment=comment,
                )
        except IntegrityError:
            raise ValidationError("У вас уже есть заявка на рассмотрении. Дождитесь решения по ней.")
        coordinators = holders(Role.COORDINATOR, region=req.region)
        ctx = _access_context(req, no_coordinator=not coordinators)
        send_notice(coordinators or holders(Role.ASI_MODERATOR),
                    "Новая заявка на доступ к паспорту практики — Смартека", "access_requested", ctx,
                    obj=req, url=_queue_url(), requires_action=True)
        send_notice([user], "Заявка на доступ к паспорту практики принята — Смартека",
                    "access_requested_user", ctx, obj=req, url=_access_url())
    return req


def _locked(req):
    return AccessRequest.objects.select_for_update().select_related("user", "region").get(pk=req.pk)


def verify_access(req, *, by, comment=""):
    """The coordinator of the user's region confirms the user represents a regional body (4.1.3)."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "verify_access", req,
                            "Проверять заявку может только региональный координатор региона заявителя, "
                            "пока заявка ожидает проверки.")
        req.verify()
        req.verified_by, req.verified_at = by, timezone.now()
        req.save()
        ctx = _access_context(req, comment=comment)
        resolve_action(req)
        send_notice(holders(Role.ASI_MODERATOR),
                    "Заявка на доступ к паспорту проверена координатором — Смартека", "access_verified", ctx,
                    obj=req, url=_queue_url(), requires_action=True)
        send_notice([req.user], "Заявка на доступ к паспорту проверена координатором — Смартека",
                    "access_verified_user", ctx, obj=req, url=_access_url())
    return req


def region_moved(req):
    """Why the Author role may not be given for this request any more: the applicant's profile region
    is no longer the region the coordinator verified (4.1.3); None when it is the same."""
    if req.user.region_id == req.region_id:
        return None
    now = f"«{req.user.region}»" if req.user.region_id else "регион не указан"
    return (f"Заявитель сменил регион в профиле после подачи заявки: координатор проверял его как представителя "
            f"региона «{req.region}», а сейчас в профиле — {now}. Роль автора предоставляется только в регионе, "
            "который проверил региональный координатор (п. 4.1.3 Регламента). Отклоните заявку: заявитель подаст "
            "новую, и её проверит координатор его нового региона.")


def grant_access(req, *, by):
    """The ASI moderator gives the Author role in the region the coordinator verified — the region of
    the request, not the profile's, which the user may have changed meanwhile (4.1.3)."""
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "grant_access", req,
                            "Предоставить доступ может только модератор АСИ после проверки координатором.")
        moved = region_moved(req)
        if moved:
            raise ValidationError(moved, code="region_moved")
        req.grant()
        now = timezone.now()
        req.granted_by, req.granted_at = by, now
        region = req.region
        grant = RoleGrant.objects.active().filter(user=req.user, role=Role.AUTHOR, region=region,
                                                  category=None, federal_district=None).first()
        if grant is None:
            grant = RoleGrant.objects.create(user=req.user, role=Role.AUTHOR, region=region, granted_by=by,
                                             comment=f"Заявка на доступ к паспорту № {req.pk}")
        req.role_grant = grant
        req.save()
        permissions.forget_grants(req.user)
        ctx = _access_context(req)
        resolve_action(req)
        recipients = [req.user]
        send_notice(recipients, "Доступ к заполнению паспорта практики предоставлен — Смартека",
                    "access_granted", ctx, obj=req, url=_access_url())
        if req.verified_by_id:
            send_notice([req.verified_by], "Доступ к паспорту предоставлен заявителю — Смартека",
                        "access_granted_coordinator", ctx)
    return req


def refuse_access(req, *, by, reason):
    """The coordinator (first step) or the ASI moderator (second step) refuses, with a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        req = _locked(req)
        permissions.require(by, "refuse_access", req, "Отклонить эту заявку вы не можете.")
        if not reason:
            raise ValidationError({"reason": "Укажите причину отказа."})
        if req.status == req.S.REQUESTED:
            req.refuse_by_coordinator()
        else:
            req.refuse_by_asi()
        req.refused_by, req.refused_at, req.refusal_reason = by, timezone.now(), reason
        req.save()
        ctx = _access_context(req)
        resolve_action(req)
        send_notice([req.user], "Заявка на доступ к паспорту практики отклонена — Смартека",
                    "access_refused", ctx, obj=req, url=_access_url())
        if req.verified_by_id and req.verified_by_id != by.pk:
            send_notice([req.verified_by], "Заявка на доступ к паспорту отклонена модератором АСИ — Смартека",
                        "access_refused", ctx)
    return req


def leader_entries(region, year=None):
    """The region's entries in the leader registry for the year (3.1.1; checked at access, F-PASS-4)."""
    year = year or timezone.localdate().year
    return list(region.leader_entries.filter(year=year))
