"""Pages of the yearly audit (F-ACT-2) and of archiving (F-ARCH-1, F-DL-9): the expert-moderator's audit
worklist, the proposal lists of the expert-moderator and the ASI moderator, a proposal's page with its actions
(``ActionSpec`` rows), the proposal form and the return from the knowledge base. Views only parse forms and
call the services of ``validation/lifecycle``."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from practices.models import Practice, PracticeState
from smarteka import permissions
from smarteka.actions import ActionSpec, actions_by_name, run_action, submit_form
from smarteka.forms import add_service_errors, post_data
from smarteka.roles.models import Role
from validation.lifecycle import archiving, audit
from validation.lifecycle import forms_archiving as forms
from validation.lifecycle.models_archiving import ArchiveProposal, AuditOutcome, ProposalState

PROPOSAL_ACTIONS = actions_by_name(
    ActionSpec("confirm", "confirm_archive_proposal", forms.ProposalForm,
               lambda p, u, d: archiving.confirm_proposal(p, by=u, ground=d["ground"],
                                                          justification=d["justification"]),
               "Предложение об архивировании направлено модератору АСИ.",
               label="Поддержать и направить модератору АСИ", style="primary",
               help="Проверьте основание и напишите обоснование: оно уйдёт письмом модератору АСИ "
                    "(п. 4.2.1.4–4.2.1.5 Регламента).",
               form_kwargs=lambda p, u: {"initial": {"ground": p.ground, "justification": p.finding}}),
    ActionSpec("dismiss", "dismiss_archive_proposal", forms.ReasonForm,
               lambda p, u, d: archiving.dismiss_proposal(p, by=u, reason=d["reason"]),
               "Предложение отклонено: практика остаётся в каталоге.",
               label="Не поддерживать: практика актуальна", style="outline-secondary",
               help="Ежедневная проверка снова предложит архивирование не раньше чем через год без заявок.",
               form_kwargs=lambda p, u: {"label": "Почему практику не нужно архивировать",
                                         "required_message": "Напишите, почему практику не нужно архивировать."}),
    ActionSpec("archive", "accept_archive_proposal", forms.ArchiveForm,
               lambda p, u, d: archiving.archive(p, by=u, comment=d["comment"]),
               "Практика переведена в Базу знаний; автор, команда и координатор получили уведомление.",
               label="Перевести практику в Базу знаний", style="danger",
               confirm="Перевести практику «{obj.practice}» в Базу знаний? Она уйдёт из основного каталога, новые "
                       "заявки на внедрение приниматься не будут; автор, команда и координатор региона получат "
                       "уведомление.",
               help="Основание будет показано на странице практики в Базе знаний (п. 4.6.1 Регламента)."),
    ActionSpec("decline", "decline_archive_proposal", forms.ReasonForm,
               lambda p, u, d: archiving.decline(p, by=u, reason=d["reason"]),
               "Предложение отклонено; эксперт-модератор получил уведомление.",
               label="Отклонить предложение", style="outline-secondary",
               form_kwargs=lambda p, u: {"label": "Причина отказа",
                                         "required_message": "Укажите причину отказа."}),
)

RESTORE = ActionSpec(
    "restore", "restore_from_archive", forms.ReasonForm,
    lambda p, u, d: archiving.restore(p, by=u, reason=d["reason"]),
    "Практика возвращена в каталог; автор, команда и координатор получили уведомление.",
    label="Вернуть практику в каталог", style="outline-primary",
    confirm="Вернуть практику «{obj}» из Базы знаний в основной каталог? Она снова будет доступна для тиражирования.",
    help="Регламент об этом молчит; практику возвращают после актуализации — укажите, что изменилось.",
    form_kwargs=lambda p, u: {"label": "Причина возвращения",
                              "required_message": "Укажите причину возвращения практики в каталог."})


def _practice(request, pk, action):
    return permissions.get_object_for(request.user, Practice.objects.select_related("category", "region"),
                                      action, view_action="view_practice", pk=pk)


def _proposal(request, pk):
    return permissions.get_object_for(
        request.user, ArchiveProposal.objects.select_related("practice__category", "practice__region",
                                                             "proposed_by", "decided_by"),
        view_action="view_archive_proposal", pk=pk)


# --- the yearly audit (F-ACT-2)


@login_required
def audit_worklist(request, bound=None, status=200):
    permissions.require(request.user, "view_audit_worklist")
    rows = list(audit.worklist(request.user))
    if bound and not any(row.pk == bound[0] for row in rows):  # refused for a practice no longer due
        messages.error(request, " ".join(e for errors in bound[1].errors.values() for e in errors))
    for row in rows:
        row.may_audit = permissions.can(request.user, "audit_practice", row)
        row.form = bound[1] if bound and bound[0] == row.pk else forms.AuditForm(prefix=f"p{row.pk}")
    return render(request, "validation/lifecycle/audit.html", {
        "rows": rows, "audited": audit.audited_this_year(request.user)[:50],
        "is_asi": permissions.has_role(request.user, Role.ASI_MODERATOR), "outcomes": AuditOutcome,
    }, status=status)


@login_required
def audit_practice(request, pk):
    """Record the outcome; «предложить архивирование» opens the proposal form prefilled with the comment."""
    practice = _practice(request, pk, "audit_practice")
    if request.method != "POST":
        return redirect("archiving:audit")
    form = forms.AuditForm(request.POST, prefix=f"p{practice.pk}")
    if form.is_valid() and form.cleaned_data["outcome"] == AuditOutcome.PROPOSE_ARCHIVING:
        query = urlencode({"audit": "1", "justification": form.cleaned_data["comment"]})
        return redirect(f"{reverse('archiving:propose', args=[practice.pk])}?{query}")
    done = submit_form(request, form, lambda f: audit.record_outcome(
        practice, by=request.user, outcome=f.cleaned_data["outcome"], comment=f.cleaned_data["comment"]),
        lambda record: f"Аудит практики «{practice}» записан: {record.get_outcome_display().lower()}.",
        success_url=reverse("archiving:audit"))
    if done is not None:
        return done
    return audit_worklist(request, bound=(practice.pk, form), status=400)


# --- proposals (F-ARCH-1)


@login_required
def propose(request, pk):
    """4.2.1.4–4.2.1.5: the expert-moderator's proposal form (from the audit: prefilled, recorded as its outcome)."""
    practice = _practice(request, pk, "propose_archiving")
    from_audit = (request.POST or request.GET).get("audit") == "1"
    initial = {"justification": request.GET.get("justification", "")}
    form = forms.ProposalForm(post_data(request), initial=initial)
    if request.method == "POST":
        service = audit.propose_from_audit if from_audit else archiving.propose_archiving
        done = submit_form(request, form, lambda f: service(practice, by=request.user, ground=f.cleaned_data["ground"],
                                                            justification=f.cleaned_data["justification"]),
                           "Предложение об архивировании направлено модератору АСИ.",
                           success_url=lambda proposal: proposal.get_absolute_url())
        if done is not None:
            return done
    return render(request, "validation/lifecycle/propose.html", {
        "practice": practice, "form": form, "from_audit": from_audit, "refusal": archiving.refusal(practice),
    }, status=400 if form.is_bound else 200)


def _visible_proposals(user):
    proposals = ArchiveProposal.objects.select_related("practice__category", "practice__region", "proposed_by")
    if permissions.has_role(user, Role.ASI_MODERATOR):
        return proposals
    return proposals.filter(practice__category_id__in=permissions.role_categories(user, Role.EXPERT_MODERATOR))


@login_required
def proposals(request):
    """The expert-moderator's and the ASI moderator's lists, each with its count: what awaits the user first."""
    permissions.require(request.user, "view_archive_proposals")
    visible = _visible_proposals(request.user)
    is_asi = permissions.has_role(request.user, Role.ASI_MODERATOR)
    counts = visible.aggregate(**{state: Count("pk", filter=Q(state=state)) for state in ProposalState.values})
    awaiting = visible.filter(state=ProposalState.AWAITING_EXPERT).order_by("created_at", "pk")
    proposed = visible.filter(state=ProposalState.PROPOSED).order_by("proposed_at", "pk")
    sections = [
        {"key": "proposed", "title": "Ждут решения модератора АСИ", "rows": proposed,
         "count": counts[ProposalState.PROPOSED], "empty": "Предложений, ожидающих решения модератора АСИ, нет."},
        {"key": "awaiting", "title": "Ждут решения эксперта-модератора", "rows": awaiting,
         "count": counts[ProposalState.AWAITING_EXPERT],
         "empty": "Предложений, ожидающих решения эксперта-модератора, нет."},
    ]
    if not is_asi:
        sections.reverse()
    closed = visible.exclude(state__in=[ProposalState.AWAITING_EXPERT, ProposalState.PROPOSED]) \
        .select_related("decided_by").order_by("-decided_at", "-pk")[:30]
    return render(request, "validation/lifecycle/proposals.html", {
        "sections": sections, "closed": closed, "is_asi": is_asi,
        "closed_count": sum(counts[s] for s in (ProposalState.ARCHIVED, ProposalState.DECLINED,
                                                ProposalState.DISMISSED)),
    })


def _proposal_page(request, proposal, *, bound=None, status=200):
    user = request.user
    action_forms = []
    for spec in PROPOSAL_ACTIONS.values():
        if not permissions.can(user, spec.rule, proposal):
            continue
        form = bound[1] if bound and bound[0] == spec.name else spec.make_form(proposal, user)
        action_forms.append({"action": spec, "form": form, "confirm": spec.confirm_for(proposal),
                             "url": reverse("archiving:act", args=[proposal.pk, spec.name]),
                             "open": bool(bound and bound[0] == spec.name)})
    practice = proposal.practice
    if (proposal.state == ProposalState.ARCHIVED and practice.state == PracticeState.ARCHIVED
            and permissions.can(user, RESTORE.rule, practice)):
        form = bound[1] if bound and bound[0] == RESTORE.name else RESTORE.make_form(practice, user)
        action_forms.append({"action": RESTORE, "form": form, "confirm": RESTORE.confirm_for(practice),
                             "url": reverse("archiving:restore", args=[practice.pk]),
                             "open": bool(bound and bound[0] == RESTORE.name)})
    return render(request, "validation/lifecycle/proposal.html", {
        "proposal": proposal, "practice": practice, "action_forms": action_forms,
        "others": practice.archive_proposals.exclude(pk=proposal.pk).order_by("-created_at"),
    }, status=status)


@login_required
def proposal(request, pk):
    return _proposal_page(request, _proposal(request, pk))


def _failed(request, proposal, name):
    def render_failed(form, error):
        if error is not None:
            add_service_errors(form, error)
        fresh = _proposal(request, proposal.pk)  # the state may have changed meanwhile (protected field)
        return _proposal_page(request, fresh, bound=(name, form), status=400)
    return render_failed


@login_required
def act(request, pk, action):
    proposal = _proposal(request, pk)
    spec = PROPOSAL_ACTIONS.get(action)
    if spec is None:
        raise Http404
    return run_action(request, spec, proposal, success_url=lambda p: reverse("archiving:proposal", args=[p.pk]),
                      render_failed=_failed(request, proposal, spec.name),
                      stale_message=archiving.STALE_MESSAGE)


@login_required
def restore(request, pk):
    """Issue 21 item 4: back from the knowledge base (posted from the page of the proposal that archived it; a GET
    leads there)."""
    practice = _practice(request, pk, None)
    proposal = practice.archive_proposals.filter(state=ProposalState.ARCHIVED).order_by("-decided_at").first()
    if proposal is None:
        raise Http404
    if request.method == "GET":  # the review page's link: the form lives on the proposal's page
        return redirect(reverse("archiving:proposal", args=[proposal.pk]) + "#action-restore")
    return run_action(request, RESTORE, practice, success_url=lambda p: p.get_absolute_url(),
                      render_failed=_failed(request, proposal, RESTORE.name))
