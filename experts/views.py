"""Expert pools and their activity (F-VAL-9), invitations and the expert's evaluation (F-VAL-3), the
evaluation protocol, offline pool meetings (F-VAL-4). Thin: forms in, services called, pages out.

Closing a vote and applying a meeting's outcome move the practice: those views are the validation
app's (``validation/views_vote.py``); the pages here post to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from experts import services
from experts.criteria import CRITERIA, CRITERIA_INTRO, DECISION_SHORT, INCLUSION_INTRO, Decision
from experts.forms import (
    DeclineForm,
    EvaluationForm,
    InviteForm,
    MeetingForm,
    MeetingMembersForm,
    MeetingOutcomeForm,
    MeetingPracticeForm,
    MembershipForm,
    ProtocolUploadForm,
)
from experts.models import (
    Evaluation,
    ExpertInvitation,
    ExpertPool,
    ExpertReview,
    MeetingPractice,
    OfflineMeeting,
    PoolMembership,
)
from experts.permissions import protocol_is_anonymous
from smarteka import permissions
from smarteka.forms import add_service_errors
from smarteka.permissions import can, require
from smarteka.workcalendar.services import working_days_between


def _practice(pk):
    from django.apps import apps

    Practice = apps.get_model("practices", "Practice")
    return get_object_or_404(Practice.objects.select_related("category", "region", "author"), pk=pk)


# --- pools (F-VAL-9)


def pool_activity(pool, today=None):
    """Per current (and pending) member: invitations, evaluations given, pending, overdue, declined."""
    today = today or timezone.localdate()
    memberships = (pool.memberships.filter(ended_at__isnull=True, year__gte=today.year)
                   .select_related("user", "added_by", "confirmed_by").order_by("year", "user__last_name"))
    users = {m.user_id for m in memberships}
    open_q = Q(declined_at__isnull=True, evaluation__isnull=True, review__closed_at__isnull=True)
    stats = {row["expert_id"]: row for row in (
        ExpertInvitation.objects.filter(practice__category=pool.category, expert_id__in=users)
        .values("expert_id")
        .annotate(invited=Count("pk"), given=Count("evaluation"),
                  pending=Count("pk", filter=open_q),
                  overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
                  declined=Count("pk", filter=Q(declined_at__isnull=False))))}
    empty = {"invited": 0, "given": 0, "pending": 0, "overdue": 0, "declined": 0}
    return [{"membership": m, **empty, **{k: v for k, v in stats.get(m.user_id, {}).items() if k in empty}}
            for m in memberships]


@login_required
def pool_list(request):
    require(request.user, "view_expert_pools")
    from django.apps import apps

    Category = apps.get_model("practices", "Category")
    for category in Category.objects.filter(category_set__is_current=True, is_unknown=False):
        services.pool_for(category)
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


def _pool_page(request, pool, form=None, meeting_form=None, status=200):
    from django.apps import apps

    today = timezone.localdate()
    in_review = (apps.get_model("practices", "Practice").objects
                 .filter(category=pool.category, state="expert_review").select_related("region", "expert_moderator")
                 .annotate(given=Count("expert_invitations__evaluation",
                                       filter=Q(expert_invitations__review__closed_at__isnull=True)))
                 .order_by("updated_at"))
    return render(request, "experts/pool_detail.html", {
        "in_review": in_review,
        "pool": pool, "activity": pool_activity(pool, today), "year": today.year,
        "form": form or MembershipForm(), "meeting_form": meeting_form or MeetingForm(),
        "meetings": pool.meetings.all()[:20], "inclusion_intro": INCLUSION_INTRO,
        "may_manage": can(request.user, "manage_expert_pool", pool),
        "may_confirm": can(request.user, "confirm_pool_members", pool),
        "past": pool.memberships.filter(year__lt=today.year).select_related("user")[:50],
    }, status=status)


@login_required
def pool_detail(request, pk):
    pool = get_object_or_404(ExpertPool.objects.select_related("category"), pk=pk)
    require(request.user, "view_expert_pool", pool)
    return _pool_page(request, pool)


@login_required
@require_POST
def member_add(request, pk):
    pool = get_object_or_404(ExpertPool.objects.select_related("category"), pk=pk)
    require(request.user, "manage_expert_pool", pool)
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
    return _pool_page(request, pool, form=form, status=400)


@login_required
@require_POST
def member_renew(request, pk):
    membership = get_object_or_404(PoolMembership.objects.select_related("pool__category", "user"), pk=pk)
    require(request.user, "manage_expert_pool", membership.pool)
    try:
        renewed = services.renew_member(membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{renewed.user} включён(а) в пул на {renewed.year} год.")
    return redirect("experts:pool", pk=membership.pool_id)


@login_required
@require_POST
def member_end(request, pk):
    membership = get_object_or_404(PoolMembership.objects.select_related("pool__category", "user"), pk=pk)
    require(request.user, "manage_expert_pool", membership.pool)
    services.end_member(membership, by=request.user)
    messages.success(request, f"{membership.user} исключён(а) из пула на {membership.year} год.")
    return redirect("experts:pool", pk=membership.pool_id)


@login_required
@require_POST
def pool_confirm(request, pk):
    pool = get_object_or_404(ExpertPool.objects.select_related("category"), pk=pk)
    confirmed = services.confirm_pending(pool, by=request.user)
    messages.success(request, f"Роль «Эксперт» назначена по списку: {len(confirmed)}.")
    return redirect("experts:pool", pk=pool.pk)


# --- a practice's stage 3 for its expert-moderator (F-VAL-3)


def _review_rows(review):
    rows = []
    for inv in review.invitations.select_related("expert", "evaluation").order_by("invited_at", "pk"):
        evaluation = inv.evaluation_or_none
        rows.append({"invitation": inv, "evaluation": evaluation,
                     "overdue": inv.is_overdue(),
                     "decision": DECISION_SHORT.get(evaluation.decision) if evaluation else ""})
    return rows


def _review_page(request, practice, form=None, status=200):
    review = services.open_review(practice)
    tally = None
    if review is not None:
        evaluations = list(Evaluation.objects.filter(invitation__review=review))
        tally = {"given": len(evaluations),
                 "approve": sum(e.decision == Decision.APPROVE for e in evaluations),
                 "revision": sum(e.decision == Decision.REVISION for e in evaluations),
                 "reject": sum(e.decision == Decision.REJECT for e in evaluations)}
    may_invite = can(request.user, "invite_experts", practice)
    if form is None and may_invite:
        form = InviteForm(experts=services.invitable_experts(practice))
    closed = practice.expert_reviews.filter(closed_at__isnull=False).order_by("-closed_at")
    return render(request, "experts/review.html", {
        "practice": practice, "review": review, "rows": _review_rows(review) if review else [],
        "tally": tally, "form": form, "may_invite": may_invite, "closed_reviews": closed,
        "may_close": permissions.can(request.user, "close_expert_vote", practice)
        if "close_expert_vote" in permissions.registered_actions() else False,
    }, status=status)


@login_required
def review(request, pk):
    practice = _practice(pk)
    require(request.user, "view_expert_review", practice)
    return _review_page(request, practice)


@login_required
@require_POST
def invite(request, pk):
    practice = _practice(pk)
    require(request.user, "invite_experts", practice)
    experts = services.invitable_experts(practice)
    form = InviteForm(request.POST, experts=experts)
    if form.is_valid():
        try:
            invitation = services.invite_expert(practice, form.cleaned_data["expert"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{invitation.expert} приглашён(а) оценить практику до "
                                      f"{invitation.due_on:%d.%m.%Y}.")
            return redirect("experts:review", pk=practice.pk)
    return _review_page(request, practice, form=form, status=400)


# --- the expert's side (F-VAL-3)


@login_required
def my_queue(request):
    require(request.user, "view_my_evaluations")
    today = timezone.localdate()
    base = (ExpertInvitation.objects.filter(expert=request.user)
            .select_related("practice__category", "practice__region", "review", "invited_by"))
    waiting = []
    for inv in base.filter(declined_at__isnull=True, evaluation__isnull=True, review__closed_at__isnull=True,
                           practice__state="expert_review").order_by("invited_at", "pk"):
        waiting.append({"invitation": inv, "since": working_days_between(timezone.localdate(inv.invited_at), today),
                        "left": working_days_between(today, inv.due_on), "overdue": inv.due_on < today})
    done = base.filter(evaluation__isnull=False).select_related("evaluation").order_by("-evaluation__submitted_at")
    return render(request, "experts/my_queue.html", {"waiting": waiting, "done": done[:50],
                                                     "decision_short": DECISION_SHORT})


def _invitation(request, pk):
    invitation = get_object_or_404(
        ExpertInvitation.objects.select_related("practice__category", "practice__region", "practice__author",
                                                "review", "expert", "invited_by"), pk=pk)
    if invitation.expert_id != request.user.pk and not can(request.user, "view_evaluation", invitation):
        raise PermissionDenied("Это приглашение адресовано другому эксперту.")
    return invitation


def _evaluation_page(request, invitation, form=None, status=200):
    evaluation = invitation.evaluation_or_none
    may_evaluate = can(request.user, "evaluate_practice", invitation)
    if form is None and may_evaluate:
        form = EvaluationForm()
    closed_review = invitation.review if invitation.review.closed_at else None
    return render(request, "experts/evaluate.html", {
        "invitation": invitation, "practice": invitation.practice, "evaluation": evaluation,
        "form": form, "may_evaluate": may_evaluate, "criteria_intro": CRITERIA_INTRO, "criteria": CRITERIA,
        "may_decline": can(request.user, "decline_invitation", invitation), "decline_form": DeclineForm(),
        "closed_review": closed_review,
    }, status=status)


@login_required
def evaluate(request, pk):
    """The evaluation form; once given, the expert sees only their own evaluation until the stage closes."""
    invitation = _invitation(request, pk)
    if request.method == "POST":
        require(request.user, "evaluate_practice", invitation,
                message="Оценить практику может только приглашённый эксперт, один раз, пока идёт экспертная оценка.")
        form = EvaluationForm(request.POST)
        if form.is_valid():
            try:
                services.submit_evaluation(invitation, by=request.user, answers=form.answers(),
                                           decision=form.cleaned_data["decision"],
                                           revision_points=form.cleaned_data["revision_points"],
                                           comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Спасибо, ваша оценка сохранена. Оценки других экспертов будут видны "
                                          "после завершения экспертизы.")
                return redirect("experts:evaluate", pk=invitation.pk)
        return _evaluation_page(request, invitation, form=form, status=400)
    return _evaluation_page(request, invitation)


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


# --- the evaluation protocol (F-VAL-3, Прил.3 «Протокол оценки практики формируется на платформе»)


def protocol_context(review, user):
    anonymous = protocol_is_anonymous(user, review)
    rows = []
    invitations = list(review.invitations.select_related("expert", "evaluation").order_by("invited_at", "pk"))
    for n, inv in enumerate(invitations, start=1):
        evaluation = inv.evaluation_or_none
        if evaluation is None:
            continue
        rows.append({"number": n, "expert": None if anonymous else inv.expert,
                     "position": "" if anonymous else inv.expert.position,
                     "invitation": inv, "evaluation": evaluation, "answers": evaluation.answer_rows(),
                     "decision": evaluation.get_decision_display(),
                     "decision_short": DECISION_SHORT.get(evaluation.decision),
                     "points": evaluation.revision_point_list()})
    for i, row in enumerate(rows, start=1):
        row["number"] = i
    not_given = [] if anonymous else [inv for inv in invitations if inv.evaluation_or_none is None]
    counts = {d: sum(r["evaluation"].decision == d for r in rows) for d in Decision.values}
    return {"review": review, "practice": review.practice, "rows": rows, "anonymous": anonymous,
            "not_given": not_given, "counts": counts, "criteria": CRITERIA, "decision_short": DECISION_SHORT,
            "meeting": review.meeting}


@login_required
def protocol(request, pk):
    review = get_object_or_404(ExpertReview.objects.select_related("practice__category", "practice__region",
                                                                   "closed_by", "meeting"), pk=pk)
    if review.closed_at is None:
        raise Http404("Протокол формируется после завершения экспертной оценки.")
    require(request.user, "view_evaluation_protocol", review)
    template = "experts/protocol_print.html" if request.GET.get("print") else "experts/protocol.html"
    return render(request, template, protocol_context(review, request.user))


# --- offline pool meetings (F-VAL-4)


@login_required
@require_POST
def meeting_create(request, pk):
    pool = get_object_or_404(ExpertPool.objects.select_related("category"), pk=pk)
    require(request.user, "manage_expert_pool", pool)
    form = MeetingForm(request.POST)
    if form.is_valid():
        meeting = services.create_meeting(pool, by=request.user, held_on=form.cleaned_data["held_on"],
                                          place=form.cleaned_data["place"])
        messages.success(request, "Заседание экспертного пула создано: добавьте членов заседания и практики.")
        return redirect("experts:meeting", pk=meeting.pk)
    return _pool_page(request, pool, meeting_form=form, status=400)


def _meeting_page(request, meeting, forms=None, status=200):
    from django.apps import apps

    Practice = apps.get_model("practices", "Practice")
    forms = forms or {}
    candidates = (services.PoolMembership.objects.current(meeting.held_on).filter(pool=meeting.pool)
                  .exclude(user__in=meeting.members.all()).values("user_id"))
    from django.contrib.auth import get_user_model

    candidate_users = get_user_model().objects.filter(pk__in=candidates).order_by("last_name")
    on_agenda = meeting.items.values("practice_id")
    practices = (Practice.objects.filter(category=meeting.pool.category, state="expert_review")
                 .exclude(pk__in=on_agenda).order_by("pk"))
    items = list(meeting.items.select_related("practice", "applied_by"))
    for item in items:
        item.form = forms.get(f"item{item.pk}") or MeetingOutcomeForm(
            initial={"outcome": item.outcome, "revision_points": item.revision_points}, prefix=f"item{item.pk}")
    return render(request, "experts/meeting.html", {
        "meeting": meeting, "items": items, "members": meeting.members.order_by("last_name"),
        "members_form": forms.get("members") or MeetingMembersForm(candidates=candidate_users),
        "practice_form": forms.get("practice") or MeetingPracticeForm(practices=practices),
        "protocol_form": forms.get("protocol") or ProtocolUploadForm(),
        "may_manage": can(request.user, "manage_pool_meeting", meeting),
        "may_apply": "apply_meeting_outcome" in permissions.registered_actions(),
        "candidates": candidate_users, "practices": practices,
    }, status=status)


def _meeting(pk):
    return get_object_or_404(OfflineMeeting.objects.select_related("pool__category", "protocol"), pk=pk)


@login_required
def meeting(request, pk):
    meeting = _meeting(pk)
    require(request.user, "view_pool_meeting", meeting)
    return _meeting_page(request, meeting)


@login_required
@require_POST
def meeting_members(request, pk):
    meeting = _meeting(pk)
    require(request.user, "manage_pool_meeting", meeting)
    candidates = services.PoolMembership.objects.current(meeting.held_on).filter(pool=meeting.pool).values("user_id")
    from django.contrib.auth import get_user_model

    form = MeetingMembersForm(request.POST, candidates=get_user_model().objects.filter(pk__in=candidates))
    if form.is_valid():
        try:
            services.add_meeting_members(meeting, list(form.cleaned_data["members"]), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Члены заседания добавлены.")
            return redirect("experts:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, forms={"members": form}, status=400)


@login_required
@require_POST
def meeting_practice(request, pk):
    from django.apps import apps

    meeting = _meeting(pk)
    require(request.user, "manage_pool_meeting", meeting)
    Practice = apps.get_model("practices", "Practice")
    form = MeetingPracticeForm(request.POST, practices=Practice.objects.filter(category=meeting.pool.category))
    if form.is_valid():
        try:
            services.add_meeting_practice(meeting, form.cleaned_data["practice"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Практика включена в повестку заседания.")
            return redirect("experts:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, forms={"practice": form}, status=400)


@login_required
@require_POST
def meeting_protocol(request, pk):
    meeting = _meeting(pk)
    require(request.user, "manage_pool_meeting", meeting)
    form = ProtocolUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_meeting_protocol(meeting, form.cleaned_data["protocol"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Скан-копия протокола загружена.")
            return redirect("experts:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, forms={"protocol": form}, status=400)


@login_required
@require_POST
def meeting_outcome(request, pk):
    item = get_object_or_404(MeetingPractice.objects.select_related("meeting__pool__category", "practice"), pk=pk)
    require(request.user, "manage_pool_meeting", item.meeting)
    form = MeetingOutcomeForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.set_meeting_outcome(item, by=request.user, outcome=form.cleaned_data["outcome"],
                                         revision_points=form.cleaned_data["revision_points"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Решение по практике «{item.practice}» записано.")
            return redirect("experts:meeting", pk=item.meeting_id)
    return _meeting_page(request, item.meeting, forms={f"item{item.pk}": form}, status=400)
