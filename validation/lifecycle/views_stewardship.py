"""Pages of author replacement (4.1.11), recovery (4.1.13) and contacts (4.1.12); the review page's actions
of this part (``STEWARDSHIP_ACTIONS``, added to ``validation.views.ACTIONS``). Views only parse forms and call
the services of ``validation/lifecycle``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from smarteka import permissions
from smarteka.actions import ActionSpec, submit_form
from smarteka.forms import post_data
from validation.lifecycle import contacts, stewardship
from validation.lifecycle import forms_stewardship as forms
from validation.models import AuthorReplacement, ContactUpdateRequest

STEWARDSHIP_ACTIONS = (
    ActionSpec("restore",
               "restore_deleted",
               forms.RestoreForm,
               lambda p, u, d: stewardship.restore_deleted(p, by=u, comment=d["comment"]),
               "Практика восстановлена в статусе, из которого была удалена.",
               label="Восстановить практику",
               style="success",
               help="Практика вернётся в статус, из которого была удалена (п. 4.1.13 Регламента); восстановление "
                    "записывается в историю, автор и команда получат уведомление.",
               confirm="Восстановить практику «{obj}»? Она вернётся в статус, из которого была удалена."),
    ActionSpec("author-silent",
               "record_author_silence",
               forms.SilenceForm,
               lambda p, u, d: contacts.record_author_silence(p, by=u, since=d["since"], comment=d["comment"]),
               "Записано: автор не отвечает. Через 14 рабочих дней без ответа координатор региона получит запрос "
               "на актуализацию контактов.",
               label="Автор не отвечает на обращение",
               style="outline-warning",
               help="Если автор не ответит в течение 14 рабочих дней с даты обращения, региональному координатору "
                    "автоматически уйдёт запрос на актуализацию контактов (п. 4.1.12 Регламента).",
               form_kwargs=lambda p, u: {"initial": {"since": timezone.localdate()}}),
    ActionSpec("author-answered",
               "mark_author_answered",
               forms.AnsweredForm,
               lambda p, u, d: contacts.mark_author_answered(p, by=u, comment=d["comment"]),
               "Отмечено: автор ответил.",
               label="Автор ответил",
               style="outline-success"),
)


# --- author replacement (4.1.11)


@login_required
def replace_author(request, pk):
    """The author's or the coordinator's request: search the new author, then phone and reason."""
    practice = permissions.get_object_for(request.user, Practice.objects.select_related("author", "region"),
                                          "request_author_replacement", view_action="view_practice", pk=pk)
    form = forms.ReplacementRequestForm(post_data(request), initial={"q": request.GET.get("q", "")})
    query = (request.POST.get("q") if request.method == "POST" else request.GET.get("q", "")) or ""
    if request.method == "POST":
        done = submit_form(request, form, lambda f: stewardship.request_author_replacement(
            practice, by=request.user, new_author=f.cleaned_data["new_author"], phone=f.cleaned_data["phone"],
            reason=f.cleaned_data["reason"]),
            "Запрос на замену автора отправлен модератору АСИ.",
            success_url=reverse("practices:detail", args=[practice.pk]))
        if done is not None:
            return done
    candidates = list(stewardship.replacement_candidates(practice, query))
    chosen = form["new_author"].value() if form.is_bound else None
    return render(request, "validation/lifecycle/replace_author.html", {
        "practice": practice, "form": form, "query": query, "candidates": candidates,
        "chosen": str(chosen or ""),
    }, status=400 if form.is_bound else 200)


@login_required
def replacements(request):
    """The ASI moderator's requests awaiting a decision (4.1.11)."""
    permissions.require(request.user, "view_author_replacements")
    done = (AuthorReplacement.objects.exclude(state="pending")
            .select_related("practice", "old_author", "new_author", "decided_by").order_by("-decided_at")[:20])
    return render(request, "validation/lifecycle/replacements.html", {
        "pending": stewardship.pending_replacements(), "done": done})


@login_required
def replacement(request, pk):
    """One request: the ASI moderator carries it out or declines it with a reason."""
    item = permissions.get_object_for(
        request.user, AuthorReplacement.objects.select_related("practice__region", "old_author", "new_author",
                                                               "requested_by", "decided_by"),
        None, view_action="view_author_replacement", pk=pk)
    carry_form = forms.DecisionForm(request.POST if request.POST.get("decision") == "carry" else None)
    decline_form = forms.DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    if request.method == "POST":
        permissions.require(request.user, "decide_author_replacement", item)
        if request.POST.get("decision") == "carry":
            done = submit_form(request, carry_form, lambda f: stewardship.carry_out_replacement(
                item, by=request.user, comment=f.cleaned_data["comment"]),
                f"Автор практики «{item.practice}» заменён.", success_url=reverse("validation:replacements"))
        else:
            done = submit_form(request, decline_form, lambda f: stewardship.decline_replacement(
                item, by=request.user, comment=f.cleaned_data["comment"]),
                "В замене автора отказано.", success_url=reverse("validation:replacements"))
        if done is not None:
            return done
    return render(request, "validation/lifecycle/replacement.html", {
        "item": item, "carry_form": carry_form, "decline_form": decline_form,
    }, status=400 if request.method == "POST" else 200)


# --- contacts (4.1.12)


@login_required
def contact_campaign(request):
    """The ASI moderator's page (F-ACC-5, F-DL-10): which regions have not confirmed the year's campaign, the
    open requests (overdue first) and the form to ask a region's coordinator."""
    permissions.require(request.user, "view_contact_campaign")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    form = forms.ContactRequestForm(post_data(request))
    if request.method == "POST":
        permissions.require(request.user, "request_contact_update")
        done = submit_form(request, form, lambda f: contacts.request_contact_update(
            f.cleaned_data["region"], by=request.user, reason=f.cleaned_data["reason"],
            practice=f.cleaned_data["practice"], comment=f.cleaned_data["comment"]),
            lambda r: f"Запрос направлен координатору региона «{r.region}»: срок — 14 рабочих дней.",
            success_url=reverse("validation:contacts"))
        if done is not None:
            return done
    return render(request, "validation/lifecycle/contacts_campaign.html", {
        "form": form, "due_on": contacts.campaign_due_on(year), **contacts.campaign_overview(year),
        "pending_replacements": stewardship.pending_replacements().count(),
    }, status=400 if form.is_bound else 200)


@login_required
def my_contact_requests(request):
    """The coordinator's contact update requests (4.1.12), open first."""
    permissions.require(request.user, "view_contact_requests")
    return render(request, "validation/lifecycle/contacts_mine.html",
                  {"requests": contacts.coordinator_requests(request.user)})


@login_required
def contact_request(request, pk):
    """One request: the region's authors and teams with the contacts to check, and «контакты обновлены»."""
    item = permissions.get_object_for(
        request.user, ContactUpdateRequest.objects.select_related("region", "practice", "requested_by",
                                                                  "confirmed_by"),
        None, view_action="view_contact_request", pk=pk)
    form = forms.ConfirmContactsForm(post_data(request))
    if request.method == "POST":
        permissions.require(request.user, "confirm_contact_update", item)
        done = submit_form(request, form, lambda f: contacts.confirm_contact_update(
            item, by=request.user, comment=f.cleaned_data["comment"]),
            "Спасибо: отмечено, что контакты обновлены.", success_url=reverse("validation:contact_request",
                                                                             args=[item.pk]))
        if done is not None:
            return done
    [item] = contacts.with_deadlines([item])
    return render(request, "validation/lifecycle/contact_request.html", {
        "item": item, "form": form, "rows": contacts.people_to_check(item),
    }, status=400 if form.is_bound else 200)


@login_required
def deleted_practices(request):
    """The ASI moderator's list of deleted practices (4.1.13) with who deleted them and when: each opens the
    review page, where «Восстановить практику» is offered."""
    permissions.require(request.user, "view_deleted_practices")
    return render(request, "validation/lifecycle/deleted.html",
                  {"rows": stewardship.deleted_rows()})
