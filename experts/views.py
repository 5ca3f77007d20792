"""Expert pools and their activity (F-VAL-9), the expert's queue and evaluation form (F-VAL-3). Thin:
forms in, services called, pages out.

The review round's pages (the practice's expert evaluation, invitations, the protocol, offline meetings,
closing) belong to the app above experts; it adds its sections to the pages here through ``experts.sections``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from experts import sections, services
from experts.criteria import CRITERIA, CRITERIA_INTRO, DECISION_SHORT, INCLUSION_INTRO
from experts.forms import DeclineForm, EvaluationForm, InterestsForm, MembershipForm
from experts.models import ExpertInvitation, ExpertPool, Interests, PoolMembership
from smarteka.actions import run_button, submit_form
from smarteka.forms import add_service_errors
from smarteka.permissions import can, get_object_for, require
from smarteka.workcalendar.services import working_days_between

# --- pools (F-VAL-9)


def pool_activity(pool, today=None):
    """Per current (and pending) member: invitations, evaluations given, pending, overdue, declined."""
    today = today or timezone.localdate()
    memberships = (pool.memberships.filter(ended_at__isnull=True, year__gte=today.year)
                   .select_related("user", "added_by", "confirmed_by").order_by("year", "user__last_name"))
    users = {m.user_id for m in memberships}
    open_q = Q(declined_at__isnull=True, replaced_at__isnull=True, evaluation__isnull=True,
               review__closed_at__isnull=True)
    stats = {row["expert_id"]: row for row in (
        ExpertInvitation.objects.filter(practice__category=pool.category, expert_id__in=users)
        .values("expert_id")
        .annotate(invited=Count("pk"), given=Count("evaluation"),
                  pending=Count("pk", filter=open_q),
                  overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
                  declined=Count("pk", filter=Q(declined_at__isnull=False)),
                  replaced=Count("pk", filter=Q(replaced_at__isnull=False))))}
    empty = {"invited": 0, "given": 0, "pending": 0, "overdue": 0, "declined": 0, "replaced": 0}
    return [{"membership": m, **empty, **{k: v for k, v in stats.get(m.user_id, {}).items() if k in empty}}
            for m in memberships]


@login_required
def pool_list(request):
    require(request.user, "view_expert_pools")
    today = timezone.localdate()
    pools = [p for p in ExpertPool.objects.select_related("category").filter(category__category_set__is_current=True)
             if can(request.user, "view_expert_pool", p)]
    rows = []
    for pool in pools:
        activity = pool_activity(pool, today)
        current = [a for a in activity if a["membership"].year == today.year and a["membership"].is_confirmed]
        rows.append({"pool": pool, "members": len(current),
                     "pending_list": sum(1 for a in activity if not a["membership"].is_confirmed),
                     "given": sum(a["given"] for a in current), "pending": sum(a["pending"] for a in current),
                     "overdue": sum(a["overdue"] for a in current)})
    return render(request, "experts/pool_list.html", {"rows": rows, "year": today.year})


def pool_page(request, pool, form=None, status=200, **section_kwargs):
    """The pool page; ``section_kwargs`` go to the sections a higher app adds (e.g. a bound meeting form)."""
    today = timezone.localdate()
    may_manage = can(request.user, "manage_expert_pool", pool)
    return render(request, "experts/pool_detail.html", {
        "pool": pool, "activity": pool_activity(pool, today), "year": today.year,
        "form": form or MembershipForm(), "inclusion_intro": INCLUSION_INTRO,
        "may_manage": may_manage,
        "may_confirm": can(request.user, "confirm_pool_members", pool),
        "past": pool.memberships.filter(year__lt=today.year).select_related("user")[:50],
        "sections": {"top": sections.for_page("pool", request, pool, **section_kwargs),
                     "manage": sections.for_page("pool_manage", request, pool, **section_kwargs)
                     if may_manage else []},
    }, status=status)


def _pool(request, pk, action=None):
    """The pool: 404 for a user who may not see it (F-ROLE-1), 403 without ``action``."""
    return get_object_for(request.user, ExpertPool.objects.select_related("category"), action,
                          view_action="view_expert_pool", pk=pk)


def _membership(request, pk):
    """A membership, seen through its pool (404 for those who may not see the pool); managing it is asked
    of the pool (403)."""
    membership = get_object_for(request.user, PoolMembership.objects.select_related("pool__category", "user"), None,
                                view_action="view_expert_pool", view_of=lambda m: m.pool, pk=pk)
    require(request.user, "manage_expert_pool", membership.pool)
    return membership


@login_required
def pool_detail(request, pk):
    return pool_page(request, _pool(request, pk))


@login_required
@require_POST
def member_add(request, pk):
    pool = _pool(request, pk, "manage_expert_pool")
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_member(pool, form.user, by=request.user, year=form.cleaned_data["year"],
                                             criteria=form.cleaned_data["criteria"],
                                             basis=form.cleaned_data["basis"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if membership.is_confirmed:
                messages.success(request, f"{membership.user} включён(а) в пул на {membership.year} год.")
            else:
                messages.info(request, f"{membership.user} включён(а) в список пула на {membership.year} год; "
                                       "роль «Эксперт» назначит модератор АСИ.")
            return redirect("experts:pool", pk=pool.pk)
    return pool_page(request, pool, form=form, status=400)


@login_required
@require_POST
def member_renew(request, pk):
    membership = _membership(request, pk)
    return run_button(request, lambda: services.renew_member(membership, by=request.user),
                      lambda renewed: f"{renewed.user} включён(а) в пул на {renewed.year} год.",
                      success_url=reverse("experts:pool", args=[membership.pool_id]))


@login_required
@require_POST
def member_end(request, pk):
    membership = _membership(request, pk)
    services.end_member(membership, by=request.user)
    messages.success(request, f"{membership.user} исключён(а) из пула на {membership.year} год.")
    return redirect("experts:pool", pk=membership.pool_id)


@login_required
@require_POST
def pool_confirm(request, pk):
    pool = _pool(request, pk)  # the service asks confirm_pool_members (403 with its message)
    confirmed = services.confirm_pending(pool, by=request.user)
    messages.success(request, f"Роль «Эксперт» назначена по списку: {len(confirmed)}.")
    return redirect("experts:pool", pk=pool.pk)


# --- the expert's side (F-VAL-3)


# what a row of the expert's queue shows (issue 17); the practice's state is read by django-fsm on load
ROW_FIELDS = ("invited_at", "due_on", "review__closed_at", "practice__title", "practice__state",
              "practice__category__name", "practice__region__name")


@login_required
def my_queue(request):
    require(request.user, "view_my_evaluations")
    today = timezone.localdate()
    # issue 17: only the columns the rows show are read (every column of five models cost a third of the page)
    base = (ExpertInvitation.objects.filter(expert=request.user)
            .select_related("practice__category", "practice__region", "review")
            .only(*ROW_FIELDS))
    waiting = []
    for inv in base.filter(declined_at__isnull=True, replaced_at__isnull=True, evaluation__isnull=True,
                           review__closed_at__isnull=True,
                           practice__state="expert_review").order_by("invited_at", "pk"):
        waiting.append({"invitation": inv, "since": working_days_between(timezone.localdate(inv.invited_at), today),
                        "left": working_days_between(today, inv.due_on), "overdue": inv.due_on < today})
    done = (base.filter(evaluation__isnull=False).select_related("evaluation")
            .only(*ROW_FIELDS, "evaluation__decision", "evaluation__submitted_at").order_by("-evaluation__submitted_at"))
    return render(request, "experts/my_queue.html", {"waiting": waiting, "done": done[:50],
                                                     "decision_short": DECISION_SHORT})


def _invitation(request, pk):
    """The invitation: its expert's and its overseers' (``view_evaluation``); 404 for anyone else — another
    expert learns nothing of whom the practice was given to (F-ROLE-1)."""
    return get_object_for(
        request.user, ExpertInvitation.objects.select_related("practice__category", "practice__region",
                                                              "practice__author", "review", "expert", "invited_by"),
        None, view_action="view_evaluation", pk=pk)


def _declaration_page(request, invitation, form=None, status=200):
    """F-PLUS-7: what the invited expert sees until they declare competing interests — the declaration
    form and the practice's title only, never the passport."""
    return render(request, "experts/declare.html", {
        "invitation": invitation, "practice": invitation.practice, "form": form or InterestsForm(),
        "may_declare": can(request.user, "declare_interests", invitation),
    }, status=status)


def _hides_passport(user, invitation):
    """The expert of the invitation sees the passport only once they declared no conflict (or were invited
    before declarations existed); their overseers always see it."""
    return invitation.expert_id == user.pk and not invitation.interests_cleared


def _evaluation_page(request, invitation, form=None, status=200):
    if invitation.expert_id == request.user.pk and invitation.interests == Interests.PENDING:
        return _declaration_page(request, invitation, status=status)
    evaluation = invitation.evaluation_or_none
    may_evaluate = can(request.user, "evaluate_practice", invitation)
    if form is None and may_evaluate:
        form = EvaluationForm()
    closed_review = invitation.review if invitation.review.closed_at else None
    return render(request, "experts/evaluate.html", {
        "invitation": invitation, "practice": invitation.practice, "evaluation": evaluation,
        "form": form, "may_evaluate": may_evaluate, "criteria_intro": CRITERIA_INTRO, "criteria": CRITERIA,
        "may_decline": can(request.user, "decline_invitation", invitation), "decline_form": DeclineForm(),
        "closed_review": closed_review, "show_passport": not _hides_passport(request.user, invitation),
        "closed_sections": sections.for_page("evaluation_closed", request, invitation) if closed_review else [],
    }, status=status)


@login_required
def evaluate(request, pk):
    """The evaluation form; once given, the expert sees only their own evaluation until the stage closes."""
    invitation = _invitation(request, pk)
    if request.method == "POST":
        if invitation.expert_id == request.user.pk and invitation.interests == Interests.PENDING:
            return _declaration_page(request, invitation, status=403)
        require(request.user, "evaluate_practice", invitation,
                message="Оценить практику может только приглашённый эксперт, один раз, пока идёт экспертная оценка.")
        form = EvaluationForm(request.POST)
        saved = submit_form(request, form, lambda form: services.submit_evaluation(
            invitation, by=request.user, answers=form.answers(), decision=form.cleaned_data["decision"],
            revision_points=form.cleaned_data["revision_points"], comment=form.cleaned_data["comment"]),
            "Спасибо, ваша оценка сохранена. Оценки других экспертов будут видны после завершения экспертизы.",
            success_url=reverse("experts:evaluate", args=[invitation.pk]))
        return saved or _evaluation_page(request, invitation, form=form, status=400)
    return _evaluation_page(request, invitation)


@login_required
@require_POST
def declare(request, pk):
    """F-PLUS-7: the invited expert declares competing interests («нет» opens the passport and the form;
    «есть: …» ends the invitation and tells the expert-moderator to replace them)."""
    invitation = _invitation(request, pk)
    require(request.user, "declare_interests", invitation,
            message="Заявление о конфликте интересов уже сделано или приглашение закрыто.")
    form = InterestsForm(request.POST)

    def done(inv):
        if inv.interests == Interests.CONFLICT:
            return ("Конфликт интересов заявлен: приглашение закрыто, паспорт практики вам не показывается. "
                    "Эксперт-модератор пригласит другого эксперта пула.")
        return "Спасибо: вы заявили об отсутствии конфликта интересов. Паспорт практики и форма оценки открыты."

    saved = submit_form(request, form, lambda form: services.declare_interests(
        invitation, by=request.user, conflict=form.cleaned_data["conflict"], text=form.cleaned_data["text"]), done,
        success_url=lambda inv: reverse("experts:evaluate", args=[inv.pk]) if inv.interests_cleared
        else reverse("experts:my_queue"))
    return saved or _declaration_page(request, invitation, form=form, status=400)


@login_required
@require_POST
def decline(request, pk):
    invitation = _invitation(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.decline_invitation(invitation, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.info(request, "Вы отказались от оценки; эксперт-модератор пригласит другого эксперта.")
            return redirect("experts:my_queue")
    messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("experts:evaluate", pk=invitation.pk)
