from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from smarteka.notifications import services
from smarteka.notifications.models import Notice


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
