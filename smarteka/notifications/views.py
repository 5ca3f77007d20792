from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from smarteka.forms import post_data
from smarteka.notifications import preferences, services
from smarteka.notifications.forms import NoticeSettingsForm
from smarteka.notifications.models import EmailMode, Notice


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


@login_required
def notice_list(request):
    notices = Notice.objects.filter(recipient=request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-id")
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page,
        "unread": services.unread_count(request.user),
        "actions_waiting": Notice.objects.filter(recipient=request.user, requires_action=True,
                                                 action_done_at__isnull=True).count(),
    })


@login_required
def action_list(request):
    mine = Notice.objects.filter(recipient=request.user, requires_action=True)
    return render(request, "notifications/actions.html", {
        "waiting": mine.filter(action_done_at__isnull=True).order_by("created_at", "id"),
        "done": mine.filter(action_done_at__isnull=False).order_by("-action_done_at")[:20],
    })


@login_required
@require_POST
def mark_read(request, pk):
    try:
        notice = services.mark_read(pk, by=request.user)
    except Notice.DoesNotExist:
        raise Http404
    if _is_htmx(request):
        response = render(request, "notifications/_notice.html", {"notice": notice})
        response["HX-Trigger"] = "notices-changed"
        return response
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(by=request.user)
    return redirect("notifications:list")


@login_required
def bell(request):
    """The bell alone, for htmx refreshes after a notice is read."""
    return render(request, "includes/bell.html")


@login_required
def notice_settings(request):
    """F-PLUS-9: the user's delivery choice per group of notices; the mandatory e-mails are listed, not offered."""
    form = NoticeSettingsForm(post_data(request), initial=preferences.user_modes(request.user))
    if request.method == "POST" and form.is_valid():
        preferences.set_modes(request.user, form.cleaned_data)
        messages.success(request, "Настройки уведомлений сохранены.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # RFC 8058: the mail client POSTs «List-Unsubscribe=One-Click» with no session or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """F-PLUS-9: the signed link of an optional e-mail sets its group(s) to «только на платформе», without
    login; a tampered or malformed link is refused (400). Choice: the GET (a click in the letter) acts at
    once, like the one-click POST — setting a group to in-app only is harmless and can be undone on the
    settings page."""
    try:
        user_id, groups = preferences.read_unsubscribe_token(token)
        user = get_user_model().objects.get(pk=user_id)
    except (signing.BadSignature, get_user_model().DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    preferences.set_modes(user, {group: EmailMode.IN_APP for group in groups})
    return render(request, "notifications/unsubscribed.html", {
        "groups": [preferences.GROUP_LABELS[g] for g in groups]})
