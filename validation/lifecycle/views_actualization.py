"""Pages of actualization (4.5.4–4.5.6, F-ACT-1): the practice's actualization page (the request form with its
reason, the ASI moderator's grant, where the edit stands), the author's «Отправить на проверку» and the
reviewers' actions on the review page of the edit (``REVIEW_ACTIONS``, shown by validation/views.py with the
field diff against the published version). Views only parse forms and call the services."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from practices.models import Practice
from practices.submission import versions
from smarteka import permissions
from smarteka.actions import ActionSpec, run_button, submit_form
from smarteka.forms import post_data
from smarteka.history.services import history_for
from validation import forms as validation_forms
from validation.lifecycle import actualization as services
from validation.models import ActualizationRequest

REVIEW_ACTIONS = (
    ActionSpec("accept-actualization",
               "review_actualization",
               validation_forms.CommentForm,
               lambda p, u, d: services.accept_actualization(p, by=u, comment=d["comment"]),
               "Актуализация принята: изменения опубликованы на странице практики и в каталоге.",
               label="Принять актуализацию",
               style="success",
               confirm="Принять актуализацию практики «{obj}»? Изменения сразу появятся на странице практики и в "
                       "каталоге; автор, команда и координатор получат уведомление.",
               help="Сравните изменения с опубликованной версией (таблица слева)."),
    ActionSpec("return-actualization",
               "review_actualization",
               validation_forms.RequiredCommentForm,
               lambda p, u, d: services.return_actualization(p, by=u, comment=d["comment"]),
               "Актуализация возвращена автору на доработку.",
               label="Вернуть на доработку",
               style="warning",
               help="Опубликованная версия остаётся в каталоге; автор получит ваш комментарий.",
               form_kwargs=lambda p, u: {"with_file": False}),
)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Причина запроса", widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": services.REASON_REQUIRED},
                             help_text="Что устарело в паспорте практики и что нужно обновить.")


def review_context(practice):
    """For the review page of an edit: the published version and the field diff against it."""
    if practice.actualization_of_id is None:
        return None
    original = practice.actualization_of
    return {"original": original, "changes": versions.diff(versions.snapshot(original), versions.snapshot(practice)),
            "request": ActualizationRequest.objects.filter(edit=practice).select_related("requested_by").first()}


def _original(request, pk, action):
    return permissions.get_object_for(request.user, Practice.objects.select_related("author", "region", "category")
                                      .filter(actualization_of__isnull=True), action, view_action="view_practice",
                                      pk=pk)


@login_required
def actualization(request, pk):
    """The practice's actualization page: the open request (who asked, why, when granted), the edit's
    state, the request form (4.5.4, 4.5.5) and past requests."""
    practice = _original(request, pk, "view_actualization")
    may_request = permissions.can(request.user, "request_actualization", practice)
    form = ReasonForm(post_data(request)) if may_request else None
    if request.method == "POST":
        permissions.require(request.user, "request_actualization", practice)
        done = submit_form(request, form, lambda f: services.request_actualization(
            practice, by=request.user, reason=f.cleaned_data["reason"]),
            lambda req: ("Доступ к редактированию предоставлен автору; срок актуализации — 5 рабочих дней."
                         if req.state == "granted" else
                         "Запрос на актуализацию отправлен модератору АСИ."),
            success_url=reverse("validation:actualization", args=[practice.pk]))
        if done is not None:
            return done
    open_request = services.open_request(practice)
    return render(request, "validation/lifecycle/actualization.html", {
        "practice": practice, "form": form if open_request is None else None, "open_request": open_request,
        "edit": open_request.edit if open_request else None,
        "requests": practice.actualization_requests.select_related("requested_by", "granted_by"),
        "transitions": history_for(practice),
    }, status=400 if form is not None and form.is_bound else 200)


@login_required
@require_POST
def grant(request, pk):
    """4.5.6: the ASI moderator grants edit access on the open request."""
    practice = _original(request, pk, None)
    open_request = get_object_or_404(ActualizationRequest, practice=practice, state="requested")
    permissions.require(request.user, "grant_actualization", open_request)
    url = reverse("validation:actualization", args=[practice.pk])
    return run_button(request, lambda: services.grant_actualization(open_request, by=request.user),
                      "Доступ к редактированию предоставлен; автор получил уведомление (срок — 5 рабочих дней).",
                      success_url=url)


@login_required
@require_POST
def submit(request, pk):
    """The author sends the edit for review."""
    edit = permissions.get_object_for(request.user, Practice.objects.filter(actualization_of__isnull=False),
                                      "submit_actualization", view_action="view_practice", pk=pk)
    return run_button(request, lambda: services.submit_actualization(edit, by=request.user),
                      "Актуализация отправлена на проверку эксперту-модератору. До её принятия в каталоге остаётся "
                      "опубликованная версия.",
                      success_url=reverse("practices:my"),
                      failure_url=reverse("practices:edit", args=[edit.pk]))
