"""Pages of selections («Отборы», F-TRACK-4) and КСИ sessions (F-TRACK-5). Thin: forms in,
services do the work; every page asks smarteka.permissions (403 for others)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from smarteka.actions import submit_form
from smarteka.forms import add_service_errors
from smarteka.history.services import history_for
from smarteka.permissions import allowed, can, get_object_for, require
from validation.models import (
    PUBLIC_SELECTION_STATES,
    ApplicationStatus,
    KsiSession,
    Selection,
    SelectionApplication,
    SelectionState,
)
from validation.selections import services
from validation.selections.forms import (
    ApplicationForm,
    KsiDecisionForm,
    KsiSessionForm,
    ModerationForm,
    SelectionForm,
    WinnerForm,
)


def _selection(request, slug):
    selection = get_object_or_404(Selection, slug=slug)
    if not can(request.user, "view_selection", selection):
        raise Http404
    return selection


def _edit_page(request, obj, form_class, template, name, *, save, done, cancel_url):
    """The create/edit page of a selection or a КСИ session: GET shows the form; a valid POST saves
    through ``save(form)`` (the service) and goes to the saved object's page; otherwise the form again,
    with the service's errors. ``cancel_url`` (a URL name) is where «Отмена» leads for a new object.

    The form is bound to a copy (FSM states cannot be copied by assignment, so read again): a ModelForm writes what was typed onto its instance even when invalid, and
    the page (breadcrumbs, «Отмена») must still name the object as saved — an emptied slug was a 500
    (issue 15 item 1, found by the URL matrix)."""
    if request.method == "POST":
        bound_to = type(obj)._default_manager.get(pk=obj.pk) if obj.pk else type(obj)()
        form = form_class(request.POST, request.FILES, instance=bound_to)
        if (response := submit_form(request, form, save, done, success_url=lambda saved: saved)) is not None:
            return response
    else:
        form = form_class(instance=obj)
    return render(request, template, {
        "form": form, name: obj, "cancel_url": obj.get_absolute_url() if obj.pk else reverse(cancel_url)})


# --- public pages


def selection_list(request):
    manage = can(request.user, "manage_selections")
    selections = Selection.objects.all() if manage else Selection.objects.filter(state__in=PUBLIC_SELECTION_STATES)
    return render(request, "validation/selections/list.html", {
        "selections": selections, "manage": manage,
    })


def selection_detail(request, slug):
    selection = _selection(request, slug)
    applications = selection.applications.select_related("practice", "practice__region")
    mine = []
    if request.user.is_authenticated:
        mine = [a for a in applications if a.practice.author_id == request.user.pk]
    acts = allowed(request.user, ["manage_selections", "announce_selection", "apply_to_selection",
                                  "view_selection_applications", "moderate_selection"], selection)
    stage_actions = []
    if acts["manage_selections"]:
        stage_actions = {
            SelectionState.ANNOUNCED: [("open_intake", "Открыть приём заявок")],
            SelectionState.INTAKE: [("close_intake", "Завершить приём заявок")],
            SelectionState.EVALUATION: [("finish", "Подвести итоги")],
        }.get(selection.state, [])
    return render(request, "validation/selections/detail.html", {
        "selection": selection,
        "accepted": [a for a in applications if a.status == ApplicationStatus.ACCEPTED],
        "mine": mine,
        "allowed": acts,
        "stage_actions": stage_actions,
        "announcement_problems": selection.announcement_problems() if acts["announce_selection"] else [],
        "history": history_for(selection) if acts["manage_selections"] else [],
    })


# --- the ASI moderator


@login_required
def selection_create(request):
    require(request.user, "manage_selections", None, services.MANAGE_REFUSED)
    return _selection_form(request, Selection())


@login_required
def selection_edit(request, slug):
    selection = _selection(request, slug)
    require(request.user, "manage_selections", selection, services.MANAGE_REFUSED)
    return _selection_form(request, selection)


def _selection_form(request, selection):
    return _edit_page(request, selection, SelectionForm, "validation/selections/form.html", "selection",
                      save=lambda form: services.save_selection(
                          selection, form.selection_data(), by=request.user,
                          regulation_upload=form.cleaned_data.get("regulation_file")),
                      done="Отбор сохранён.", cancel_url="selections:list")


@login_required
@require_POST
def selection_announce(request, slug):
    return _manage_selection(request, slug, services.announce_selection,
                             "Отбор объявлен: страница опубликована, пользователи платформы уведомлены.")


@login_required
@require_POST
def selection_advance(request, slug, action):
    done = services.STAGE_ACTIONS.get(action, (None, ""))[1]  # an unknown action: the service refuses it
    return _manage_selection(request, slug, lambda selection, by: services.advance_selection(selection, action, by=by),
                             done)


def _manage_selection(request, slug, run, done):
    """A button of the selection's page for its manager: ``run(selection, by=user)`` (the service), then
    the page again with ``done`` or the service's refusals."""
    selection = _selection(request, slug)
    require(request.user, "manage_selections", selection, services.MANAGE_REFUSED)
    try:
        run(selection, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("selections:detail", slug=selection.slug)


# --- the author


@login_required
def selection_apply(request, slug):
    selection = _selection(request, slug)
    require(request.user, "apply_to_selection", selection, services.APPLY_REFUSED)
    if request.method == "POST":
        form = ApplicationForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                application = services.apply_to_selection(
                    selection, by=request.user, practice=form.chosen_practice(),
                    new_title=form.cleaned_data.get("new_title", ""))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Заявка подана: практика «{application.practice}» ждёт модерации.")
                if form.chosen_practice() is None:  # a new practice: its passport comes next
                    messages.info(request, "Заполните паспорт практики — модераторы отбора увидят его.")
                    return redirect("practices:edit", application.practice.pk)
                return redirect(selection)
    else:
        form = ApplicationForm(user=request.user)
    return render(request, "validation/selections/apply.html", {"selection": selection, "form": form})


# --- the ASI moderator and the selection's experts


@login_required
def application_list(request, slug):
    selection = _selection(request, slug)
    require(request.user, "view_selection_applications", selection)
    applications = selection.applications.select_related("practice", "practice__region", "practice__author",
                                                         "moderated_by")
    return render(request, "validation/selections/applications.html", {
        "selection": selection, "applications": applications,
        "can_moderate": can(request.user, "moderate_selection", selection),
    })


@login_required
def application_detail(request, slug, pk):
    selection = _selection(request, slug)
    application = get_object_for(
        request.user, SelectionApplication.objects.select_related("practice", "practice__region", "practice__author",
                                                                  "selection"),
        None, view_action="view_selection_application", pk=pk, selection=selection)
    require(request.user, "view_selection_applications", selection)
    moderation_form = ModerationForm(initial={
        "decision": {"accepted": "accept", "refused": "refuse"}.get(application.status),
        "reason": application.refusal_reason})
    winner_form = WinnerForm(initial={"is_winner": application.is_winner, "award": application.award})
    if request.method == "POST":
        require(request.user, "moderate_selection", selection, services.MODERATE_REFUSED)
        if "winner" in request.POST:
            winner_form = WinnerForm(request.POST)
            response = submit_form(request, winner_form,
                               lambda form: services.mark_winner(application, by=request.user, **form.cleaned_data),
                               "Отметка победителя сохранена.",
                               success_url=reverse("selections:application", args=[slug, pk]))
        else:
            moderation_form = ModerationForm(request.POST)
            response = submit_form(request, moderation_form,
                               lambda form: services.moderate_application(
                                   application, by=request.user, accept=form.cleaned_data["decision"] == "accept",
                                   reason=form.cleaned_data["reason"]),
                               "Решение по заявке сохранено, автор уведомлён.",
                               success_url=reverse("selections:applications", args=[slug]))
        if response is not None:
            return response
    return render(request, "validation/selections/application.html", {
        "selection": selection, "application": application,
        "moderation_form": moderation_form, "winner_form": winner_form,
        "can_moderate": can(request.user, "moderate_selection", selection),
        "history": history_for(application),
    })


@login_required
@require_POST
def application_withdraw(request, slug, pk):
    selection = _selection(request, slug)
    application = get_object_for(request.user, SelectionApplication.objects.select_related("practice", "selection"),
                                 None, view_action="view_selection_application", pk=pk, selection=selection)
    require(request.user, "withdraw_selection_application", application,
            "Отозвать можно только свою заявку, пока она на модерации и приём заявок открыт.")
    services.withdraw_application(application, by=request.user)
    messages.success(request, f"Заявка «{application.practice}» отозвана.")
    return redirect(selection)


# --- КСИ sessions (F-TRACK-5)


@login_required
def ksi_list(request):
    require(request.user, "view_ksi")
    return render(request, "validation/selections/ksi_list.html", {
        "sessions": KsiSession.objects.prefetch_related("decisions"),
        "manage": can(request.user, "manage_ksi"),
    })


@login_required
def ksi_create(request):
    require(request.user, "manage_ksi", None, services.KSI_REFUSED)
    return _ksi_form(request, KsiSession())


@login_required
def ksi_edit(request, pk):
    session = get_object_for(request.user, KsiSession.objects.all(), "manage_ksi", view_action="view_ksi",
                             message=services.KSI_REFUSED, pk=pk)
    return _ksi_form(request, session)


def _ksi_form(request, session):
    return _edit_page(request, session, KsiSessionForm, "validation/selections/ksi_form.html", "session",
                      save=lambda form: services.save_ksi_session(
                          session, form.session_data(), by=request.user,
                          protocol_upload=form.cleaned_data.get("protocol_file")),
                      done="Заседание сохранено.", cancel_url="selections:ksi_list")


@login_required
def ksi_detail(request, pk):
    session = get_object_for(request.user, KsiSession.objects.prefetch_related("participants"), None,
                             view_action="view_ksi", pk=pk)
    manage = can(request.user, "manage_ksi", session)
    form = KsiDecisionForm(session=session) if manage else None
    if request.method == "POST":
        require(request.user, "manage_ksi", session, services.KSI_REFUSED)
        form = KsiDecisionForm(request.POST, session=session)
        response = submit_form(request, form,
                           lambda form: services.record_ksi_decision(session, by=request.user, **form.cleaned_data),
                           "Решение внесено в протокол и в историю практики.", success_url=session)
        if response is not None:
            return response
    return render(request, "validation/selections/ksi_detail.html", {
        "session": session, "form": form, "manage": manage,
        "decisions": session.decisions.select_related("practice", "practice__region"),
    })
