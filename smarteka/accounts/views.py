from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from smarteka import permissions, ratelimit
from smarteka.accounts import backends, services
from smarteka.accounts.forms import (
    EmailAuthenticationForm,
    ProfileForm,
    RegistrationForm,
    ResendVerificationForm,
    RussianPasswordResetForm,
    RussianSetPasswordForm,
)
from smarteka.accounts.models import OPEN_ACCESS_STATUSES, AccessRequest, AccessRequestStatus
from smarteka.files.responses import attachment_response, content_type_for_name
from smarteka.forms import post_data, posted
from smarteka.roles.models import Role

User = get_user_model()


def _client_ip(request):
    return ratelimit.client_ip(request)


# --- registration and e-mail confirmation (F-ACC-1)


def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    initial = {}
    invited = request.GET.get("email", "").strip()
    if invited:
        try:  # F-ACC-4: the invitation link carries the invited address; prefill only a valid one
            validate_email(invited)
            initial["email"] = invited
        except ValidationError:
            pass
    form = RegistrationForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        wait = ratelimit.hit(request, "register", ratelimit.REGISTRATION)
        if wait is not None:  # a flood of accounts from one address (issue 15 item 3)
            form.add_error(None, ratelimit.flood_message(
                "С вашего адреса зарегистрировано слишком много учётных записей", wait,
                kept="введённые данные, кроме пароля, остались в форме"))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        data = form.cleaned_data
        user = services.register_user(
            email=data["email"], password=data["password1"], last_name=data["last_name"],
            first_name=data["first_name"], middle_name=data["middle_name"], ip=_client_ip(request),
            request=request,
        )
        request.session["registered_email"] = user.email
        return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request):
    return render(request, "accounts/register_done.html", {"email": request.session.get("registered_email")})


def verify_email(request, token):
    try:
        user, newly = services.verify_email(token, request=request)
    except ValidationError as error:
        return render(request, "accounts/verify_failed.html", {"error": error.messages[0]}, status=400)
    if not newly:
        messages.info(request, "Адрес электронной почты уже подтверждён.")
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    login(request, user, backend=backends.PATH)
    messages.success(request, "Адрес электронной почты подтверждён, добро пожаловать на «Смартеку»! "
                              "Заполните профиль, чтобы пользоваться всеми сервисами платформы.")
    return redirect("accounts:profile")


def resend_verification(request):
    form = ResendVerificationForm(post_data(request), initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        services.resend_verification_email(form.cleaned_data["email"], request=request)
        messages.success(request, "Если этот адрес зарегистрирован и ещё не подтверждён, мы отправили на него "
                                  "новое письмо со ссылкой для подтверждения.")
        return redirect("accounts:login")
    return render(request, "accounts/resend_verification.html", {"form": form})


# --- login, logout, password reset (F-ACC-1)


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logout is a POST; a GET (a bookmarked or typed link) shows «Выйти из Смартеки?» with the button
    instead of a bare 405 (issue 14, item 8)."""

    next_page = "home"
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(self.next_page)
        return render(request, "accounts/logout_confirm.html")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = RussianPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        """Flood limit per e-mail and per address (issue 15 item 3). The e-mail is counted whether or not
        an account has it, so the answer never tells whether it exists."""
        wait = ratelimit.hit(self.request, "password_reset", ratelimit.PASSWORD_RESET)
        if wait is not None:
            form.add_error(None, ratelimit.flood_message(
                "Ссылку для восстановления пароля запрашивали слишком часто. Если письмо уже пришло, "
                "воспользуйтесь им (проверьте и папку «Спам»)", wait, kept=""))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = RussianSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- profile (F-ACC-2)


def _latest_access_request(user):
    return AccessRequest.objects.filter(user=user).select_related("region").order_by("-created_at").first()


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {
        "profile_user": request.user,
        "access_request": _latest_access_request(request.user),
        "is_author": permissions.has_role(request.user, Role.AUTHOR),
    })


@login_required
def profile_edit(request):
    user = User.objects.get(pk=request.user.pk)  # the form may change this copy; the header keeps the real one
    permissions.require(request.user, "edit_profile", user)
    form = ProfileForm(*posted(request), instance=user)
    pending = None
    if request.method == "POST":
        pending = services.pending_photo_name(user, request.POST.get("pending_photo"))
        if form.is_valid():
            services.update_profile(user, by=request.user, form=form,
                                    pending_photo=None if form.new_photo else pending)
            messages.success(request, "Профиль сохранён.")
            return redirect("accounts:profile")
        if form.new_photo is not None:
            # A valid photo is kept while the rest of the form is corrected.
            token = services.stash_pending_photo(user, form.new_photo, form.new_photo.name.rsplit(".", 1)[-1])
            form.data = form.data.copy()
            form.data["pending_photo"] = token
            pending = services.pending_photo_name(user, token)
    return render(request, "accounts/profile_edit.html", {"form": form, "profile_user": request.user,
                                                          "pending_photo": pending})


@login_required
def photo(request, pk):
    user = get_object_or_404(User, pk=pk)
    permissions.require(request.user, "view_profile_photo", user)
    if not user.photo:
        raise Http404
    # issue 15 item 4: a download with the type its checked extension says, nosniff (an <img> shows it)
    return attachment_response(user.photo.open("rb"), name=f"photo{PurePath(user.photo.name).suffix.lower()}",
                               content_type=content_type_for_name(user.photo.name))


# --- passport access (F-ACC-3)


@login_required
def access(request):
    obstacles = services.access_obstacles(request.user)
    if request.method == "POST":
        try:
            services.request_access(request.user, by=request.user, comment=request.POST.get("comment", ""))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, "Заявка на доступ к заполнению паспорта практики отправлена "
                                      "региональному координатору.")
        return redirect("accounts:access")
    return render(request, "accounts/access.html", {
        "obstacles": obstacles,
        "requests": AccessRequest.objects.filter(user=request.user).select_related(
            "region", "verified_by", "granted_by", "refused_by").order_by("-created_at"),
        "open_request": AccessRequest.objects.filter(user=request.user, status__in=OPEN_ACCESS_STATUSES).first(),
        "is_author": permissions.has_role(request.user, Role.AUTHOR, region=request.user.region_id)
        if request.user.region_id else False,
    })


def _queue_rows(requests, year):
    rows = []
    for req in requests:
        entries = [e for e in req.region.leader_entries.all() if e.year == year]
        rows.append({"req": req, "leader_entries": entries,
                     "may_author": bool(req.user.organisation_type and req.user.organisation_type.may_author)})
    return rows


@login_required
def access_queue(request):
    """«Заявки на доступ к паспорту»: the coordinator's step and the ASI moderator's step."""
    permissions.require(request.user, "review_access_requests")
    base = AccessRequest.objects.select_related("user", "user__organisation_type", "user__region", "region",
                                                "verified_by").prefetch_related("region__leader_entries")
    regions = permissions.role_regions(request.user, Role.COORDINATOR)
    year = timezone.localdate().year
    context = {"year": year, "is_asi": permissions.has_role(request.user, Role.ASI_MODERATOR),
               "is_coordinator": bool(regions)}
    if regions:
        context["coordinator_rows"] = _queue_rows(
            base.filter(region__in=regions, status=AccessRequestStatus.REQUESTED).order_by("created_at"), year)
        context["coordinator_done"] = base.filter(region__in=regions).exclude(
            status=AccessRequestStatus.REQUESTED).order_by("-created_at")[:20]
    if context["is_asi"]:
        context["asi_rows"] = _queue_rows(
            base.filter(status=AccessRequestStatus.VERIFIED).order_by("verified_at"), year)
        context["asi_waiting_coordinator"] = base.filter(status=AccessRequestStatus.REQUESTED).count()
    return render(request, "accounts/access_queue.html", context)


def _request_for(request, pk):
    """The access request: 404 to whoever may not see it (another region's coordinator, F-ROLE-1); the
    decisions ask their own rules (403)."""
    return permissions.get_object_for(request.user, AccessRequest.objects.select_related(
        "user", "user__organisation_type", "region", "verified_by", "granted_by", "refused_by"),
        view_action="view_access_request", pk=pk)


@login_required
def access_detail(request, pk):
    req = _request_for(request, pk)
    year = timezone.localdate().year
    return render(request, "accounts/access_detail.html", {
        "req": req, "row": _queue_rows([req], year)[0], "year": year,
        "region_moved": services.region_moved(req) if req.is_open else None,
    })


ACTIONS = {
    "verify": (services.verify_access, "Заявка подтверждена и передана модератору АСИ."),
    "grant": (services.grant_access, "Доступ к заполнению паспорта практики предоставлен."),
    "refuse": (services.refuse_access, "Заявка отклонена, заявитель получит письмо с причиной."),
}


@login_required
@require_POST
def access_decide(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    req = _request_for(request, pk)
    if req.user_id == request.user.pk and not permissions.can(request.user, f"{action}_access", req):
        raise PermissionDenied("Решение по собственной заявке принимают координатор и модератор АСИ.")
    if not permissions.can(request.user, f"{action}_access", req):
        coordinates = permissions.can(request.user, "coordinate_access_request", req)
        is_asi = permissions.has_role(request.user, Role.ASI_MODERATOR)
        in_scope = {"verify": coordinates, "grant": is_asi, "refuse": coordinates or is_asi}[action]
        if in_scope:  # the right person, but the request has moved on (a double click, a colleague)
            messages.info(request, f"Заявка уже рассмотрена на этом шаге. Статус: {req.get_status_display().lower()}.")
            return redirect("accounts:access_queue")
        raise PermissionDenied("Это решение по заявке принимает другой участник.")
    service, done = ACTIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")} if action == "refuse" else {}
    if action == "verify":
        kwargs["comment"] = request.POST.get("comment", "")
    try:
        service(req, by=request.user, **kwargs)
    except ValidationError as error:
        year = timezone.localdate().year
        return render(request, "accounts/access_detail.html", {
            "req": req, "row": _queue_rows([req], year)[0], "year": year,
            f"{action}_error": " ".join(error.messages), "reason": request.POST.get("reason", ""),
        }, status=400)
    messages.success(request, done)
    return redirect(reverse("accounts:access_queue"))
