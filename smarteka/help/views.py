"""Help pages (issue 14 item 13): open to everyone, anonymous visitors included — a person reads how the
platform works before registering."""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from smarteka.accounts.models import ConsentKind, ConsentText
from smarteka.help import services
from smarteka.help.forms import FeedbackForm
from smarteka.help.roles import ROLES

log = logging.getLogger(__name__)


def index(request):
    return render(request, "help/index.html", {"roles": ROLES})


def role(request, slug):
    if slug not in ROLES:
        raise Http404
    title, summary = ROLES[slug]
    return render(request, f"help/roles/{slug}.html", {
        "roles": ROLES, "slug": slug, "role_title": title, "role_summary": summary,
    })


def terms(request):
    return render(request, "help/terms.html", {"consent": ConsentText.current(ConsentKind.TERMS)})


def privacy(request):
    return render(request, "help/privacy.html", {
        "consent": ConsentText.current(ConsentKind.PERSONAL_DATA),
        "distribution": ConsentText.current(ConsentKind.DISTRIBUTION),
    })


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


@require_http_methods(["GET", "POST"])
def feedback(request):
    """The feedback form: the name and e-mail of a logged-in user are filled in (they can be changed), the
    message goes to the support address with Reply-To set to the sender (1.5, F-REF-7)."""
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.send_feedback(name=data["name"], email=data["email"], topic=form.topic_label(),
                                       message=data["message"], by=user, ip=_client_ip(request),
                                       page=request.POST.get("page", "")[:500])
            except services.TooOften as refused:
                form.add_error(None, str(refused))
            except OSError:  # the mail server is out of reach: say so, keep what was typed
                log.exception("feedback mail not sent")
                form.add_error(None, "Не удалось отправить сообщение: почтовый сервер недоступен. Попробуйте "
                                     f"позже или напишите на {settings.SUPPORT_EMAIL}.")
            else:
                messages.success(request, f"Спасибо! Ваше сообщение отправлено в службу поддержки. Ответ придёт "
                                          f"на адрес {data['email']}.")
                return redirect("help:feedback")
    else:
        initial = {"topic": request.GET.get("topic", "")}
        if user is not None:
            initial.update(name=user.full_name, email=user.email)
        form = FeedbackForm(initial=initial)
    return render(request, "help/feedback.html", {"form": form, "roles": ROLES,
                                                  "page": request.GET.get("page", "")})
