"""F-ROLE-2: the ASI moderator's pages for roles. Views only parse forms and call the services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from smarteka.accounts import lockout
from smarteka.accounts.models import LoginUnlock
from smarteka.accounts.services import search_users
from smarteka.forms import add_service_errors, post_data
from smarteka.permissions import get_object_for, permission_required
from smarteka.roles import services
from smarteka.roles.forms import GrantFilterForm, GrantRoleForm, HistoryFilterForm, RevokeRoleForm
from smarteka.roles.models import SCOPE_FIELD, RoleGrant

PAGE_SIZE = 50
# what the 403 page says to someone else (issue 14, item 8)
ROLES_ONLY = "Управлять ролями пользователей может только модератор АСИ."
HISTORY_ONLY = "Историю назначения ролей видит только модератор АСИ."
UNLOCK_ONLY = "Блокировки входа видит и снимает только модератор АСИ."


def _grants():
    return RoleGrant.objects.select_related("user", "region", "category", "federal_district", "granted_by",
                                            "revoked_by")


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()



@permission_required("grant_roles", message=ROLES_ONLY)
def grant_list(request):
    filters = GrantFilterForm(request.GET or None)
    grants = filters.filter(_grants().active()).order_by("user__last_name", "user__first_name", "role")
    return render(request, "roles/list.html", {
        "filters": filters, "page": _page(request, grants), "query": _query_without_page(request),
    })


@permission_required("grant_roles", message=ROLES_ONLY)
def grant_create(request):
    if request.method == "POST":
        form = GrantRoleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                grant = services.grant_role(data["user"], data["role"], by=request.user,
                                            comment=data["comment"], **form.scope_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                who = grant.user
                messages.success(request, f"Роль «{grant}» назначена: {who.full_name or who.email} ({who.email}).")
                return redirect("roles:list")
    else:
        form = GrantRoleForm(initial={"user": request.GET.get("user", ""), "role": request.GET.get("role", "")})
    return render(request, "roles/grant.html", {"form": form, "scope_field": SCOPE_FIELD})


@permission_required("grant_roles", message=ROLES_ONLY)
def grant_revoke(request, pk):
    grant = get_object_for(request.user, _grants(), "grant_roles", pk=pk)
    form = RevokeRoleForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_role(grant, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Роль «{grant}» снята: {grant.user.full_name or grant.user.email}.")
            return redirect("roles:list")
    return render(request, "roles/revoke.html", {"grant": grant, "form": form})


@permission_required("view_role_history", message=HISTORY_ONLY)
def history(request):
    filters = HistoryFilterForm(request.GET or None)
    grants = filters.filter(_grants()).order_by(Coalesce(F("revoked_at"), F("granted_at")).desc(), "-pk")
    return render(request, "roles/history.html", {
        "filters": filters, "page": _page(request, grants), "query": _query_without_page(request),
    })


@require_GET
@permission_required("grant_roles", message=ROLES_ONLY)
def user_search(request):
    """htmx: <option>s for the grant form's user field (value: the e-mail)."""
    query = request.GET.get("user", "").strip()
    users = search_users(query).select_related("region")[:10] if len(query) >= 2 else []
    return render(request, "roles/_user_options.html", {"users": users})


# --- login lockouts (issue 15 item 3): the ASI moderator lists them and lifts one


@permission_required("unlock_logins", message=UNLOCK_ONLY)
def lockouts(request):
    return render(request, "roles/lockouts.html", {
        "lockouts": lockout.current_lockouts(),
        "unlocks": LoginUnlock.objects.select_related("by", "account")[:20],
        "limits": lockout.limits(), "cool_off_minutes": int(lockout.cool_off().total_seconds() // 60),
    })


@require_POST
@permission_required("unlock_logins", message=UNLOCK_ONLY)
def lockout_unlock(request):
    kind = request.POST.get("kind", "")
    if kind not in lockout.KIND_FIELDS:
        messages.error(request, "Не удалось понять, какую блокировку снять: обновите страницу.")
        return redirect("roles:lockouts")
    entry = lockout.unlock(kind, by=request.user, username=request.POST.get("username") or None,
                           ip_address=request.POST.get("ip_address") or None)
    if entry is None:
        messages.info(request, "Эта блокировка уже снята: истекло время ожидания или её снял другой модератор.")
    else:
        messages.success(request, f"Блокировка входа снята: {entry.username or entry.ip_address}.")
    return redirect("roles:lockouts")
