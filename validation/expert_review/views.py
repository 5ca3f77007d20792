"""Pages of the review round (F-VAL-3, F-VAL-4): the practice's expert evaluation for its expert-moderator
(invitations, who evaluated, the tally, closing), the evaluation protocol, offline pool meetings (members,
the signed protocol, the practices on the agenda, their outcomes, applying them). Thin: forms in,
services called, pages out.

The sections this app adds to the experts' pages (the pool's practices in evaluation and its meetings,
the protocol link on an expert's evaluation) are registered in ``ValidationConfig.ready()``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from experts import services as expert_services
from experts.criteria import CRITERIA, DECISION_SHORT, Decision
from experts.models import (
    ExpertInvitation,
    ExpertPool,
    ExpertReview,
    MeetingPractice,
    OfflineMeeting,
    PoolMembership,
)
from experts.views import pool_page
from practices.models import Practice, PracticeState
from smarteka.actions import ActionSpec, actions_by_name, run_action, run_button, submit_form
from smarteka.forms import add_service_errors
from smarteka.permissions import can, get_object_for, require
from smarteka.workcalendar.services import due_text
from validation.expert_review import services
from validation.expert_review.forms import (
    InviteForm,
    MeetingForm,
    MeetingMembersForm,
    MeetingOutcomeForm,
    MeetingPracticeForm,
    ProtocolUploadForm,
    ReplaceExpertForm,
)
from validation.permissions import protocol_is_anonymous


def _practice(request, pk, action):
    """The practice: 404 for a user who may not know it exists (F-ROLE-1), 403 without ``action``."""
    return get_object_for(request.user, Practice.objects.select_related("category", "region", "author"), action,
                          view_action="view_practice", pk=pk)


# --- sections of the experts' pages (registered in ValidationConfig.ready)


def pool_in_review(request, pool, **kwargs):
    """The pool page: the category's practices in expert evaluation, with the evaluations given."""
    in_review = (Practice.objects.filter(category=pool.category, state=PracticeState.EXPERT_REVIEW)
                 .select_related("region", "expert_moderator")
                 .annotate(given=Count("expert_invitations__evaluation",
                                       filter=Q(expert_invitations__review__closed_at__isnull=True)))
                 .order_by("updated_at"))
    return {"in_review": in_review}


def pool_meetings(request, pool, meeting_form=None, **kwargs):
    """The pool page, for those who manage it: the offline meetings and the form creating one."""
    return {"meetings": pool.meetings.all()[:20], "meeting_form": meeting_form or MeetingForm()}


# --- a practice's stage 3 for its expert-moderator (F-VAL-3)


# F-PLUS-7: an expert who declined or let the term pass is replaced from the pool in one click
REPLACE = ActionSpec("replace", "replace_expert", ReplaceExpertForm,
                     lambda inv, u, d: services.replace_expert(inv, by=u),
                     "Эксперт заменён: приглашение отправлено следующему эксперту пула.",
                     label="Заменить из пула", style="outline-primary",
                     confirm="Заменить эксперта ({obj.expert}) в оценке практики «{obj.practice}»? Его приглашение "
                             "закроется, а следующий эксперт пула получит приглашение с новым сроком.")


def _review_rows(review, user):
    rows = []
    for inv in review.invitations.select_related("expert", "evaluation", "review", "practice").order_by("invited_at",
                                                                                                         "pk"):
        evaluation = inv.evaluation_or_none
        rows.append({"invitation": inv, "evaluation": evaluation,
                     "overdue": inv.is_overdue(),
                     "may_replace": can(user, REPLACE.rule, inv), "replace_confirm": REPLACE.confirm_for(inv),
                     "decision": DECISION_SHORT.get(evaluation.decision) if evaluation else ""})
    return rows


def _review_page(request, practice, form=None, status=200):
    review = services.open_review(practice)
    tally = services.review_tally(review) if review is not None else None
    may_invite = can(request.user, "invite_experts", practice)
    if form is None and may_invite:
        form = InviteForm(experts=services.invitable_experts(practice))
    closed = practice.expert_reviews.filter(closed_at__isnull=False).order_by("-closed_at")
    return render(request, "validation/expert_review/review.html", {
        "practice": practice, "review": review, "rows": _review_rows(review, request.user) if review else [],
        "tally": tally, "form": form, "may_invite": may_invite, "closed_reviews": closed,
        "may_close": can(request.user, "close_expert_review", practice),
    }, status=status)


@login_required
def review(request, pk):
    practice = _practice(request, pk, "view_expert_review")
    return _review_page(request, practice)


@login_required
@require_POST
def invite(request, pk):
    practice = _practice(request, pk, "invite_experts")
    experts = services.invitable_experts(practice)
    form = InviteForm(request.POST, experts=experts)
    invited = submit_form(request, form,
                          lambda form: services.invite_expert(practice, form.cleaned_data["expert"], by=request.user),
                          lambda inv: f"Приглашение оценить практику отправлено. Эксперт: {inv.expert}; срок оценки — до "
                                      f"{due_text(inv.due_on)}.",
                          success_url=reverse("expert_review:review", args=[practice.pk]))
    return invited or _review_page(request, practice, form=form, status=400)


@login_required
@require_POST
def close(request, pk):
    """The expert-moderator closes the online vote (F-VAL-3)."""
    practice = _practice(request, pk, "close_expert_review")
    return run_button(request, lambda: services.close_expert_vote(practice, by=request.user),
                      lambda review: f"Экспертная оценка завершена: {review.get_outcome_display()}.",
                      success_url=lambda review: reverse("expert_review:protocol", args=[review.pk]),
                      failure_url=reverse("expert_review:review", args=[practice.pk]))


@login_required
@require_POST
def replace(request, pk):
    """F-PLUS-7: the practice's expert-moderator replaces a declined or overdue expert from the pool."""
    invitation = get_object_for(
        request.user, ExpertInvitation.objects.select_related("practice__category", "practice__author", "review",
                                                              "expert"),
        None, view_action="view_evaluation", pk=pk)
    url = reverse("expert_review:review", args=[invitation.practice_id])

    def render_failed(form, error):
        messages.error(request, " ".join(error.messages) if error is not None else "Замена не выполнена.")
        return redirect(url)

    return run_action(request, REPLACE, invitation, success_url=url, render_failed=render_failed)


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
    # F-PLUS-7: every invited expert's declaration of competing interests; the team reads the states only
    # (choice: a conflict's text could name the expert)
    numbers = {row["invitation"].pk: row["number"] for row in rows}
    declarations = [{"expert": None if anonymous else inv.expert,
                     "number": numbers.get(inv.pk), "state": inv.get_interests_display(),
                     "code": inv.interests, "text": "" if anonymous else inv.interests_text,
                     "declared_at": inv.interests_declared_at}
                    for inv in invitations if not anonymous or inv.pk in numbers]
    return {"declarations": declarations, "review": review, "practice": review.practice, "rows": rows, "anonymous": anonymous,
            "not_given": not_given, "counts": counts, "criteria": CRITERIA, "decision_short": DECISION_SHORT,
            "meeting": review.meeting}


@login_required
def protocol(request, pk):
    review = get_object_for(request.user, ExpertReview.objects.select_related(
        "practice__category", "practice__region", "closed_by", "meeting"), None,
        view_action="view_practice", view_of=lambda r: r.practice, pk=pk)
    if review.closed_at is None:
        raise Http404("Протокол формируется после завершения экспертной оценки.")
    require(request.user, "view_evaluation_protocol", review)
    template = ("validation/expert_review/protocol_print.html" if request.GET.get("print")
                else "validation/expert_review/protocol.html")
    return render(request, template, protocol_context(review, request.user))


# --- offline pool meetings (F-VAL-4)


@login_required
@require_POST
def meeting_create(request, pk):
    pool = get_object_for(request.user, ExpertPool.objects.select_related("category"), "manage_expert_pool",
                          view_action="view_expert_pool", pk=pk)
    form = MeetingForm(request.POST)
    created = submit_form(request, form, lambda form: expert_services.create_meeting(
        pool, by=request.user, held_on=form.cleaned_data["held_on"], place=form.cleaned_data["place"]),
        "Заседание экспертного пула создано: добавьте членов заседания и практики.",
        success_url=lambda meeting: reverse("expert_review:meeting", args=[meeting.pk]))
    return created or pool_page(request, pool, meeting_form=form, status=400)


def _meeting_candidates(meeting):
    """Users with a membership of the meeting's pool for the meeting's date."""
    members = PoolMembership.objects.current(meeting.held_on).filter(pool=meeting.pool).values("user_id")
    return get_user_model().objects.filter(pk__in=members)


def _meeting_page(request, meeting, forms=None, status=200):
    forms = forms or {}
    candidate_users = _meeting_candidates(meeting).exclude(pk__in=meeting.members.all()).order_by("last_name")
    on_agenda = meeting.items.values("practice_id")
    practices = (Practice.objects.filter(category=meeting.pool.category, state=PracticeState.EXPERT_REVIEW)
                 .exclude(pk__in=on_agenda).order_by("pk"))
    items = list(meeting.items.select_related("practice", "applied_by"))
    for item in items:
        item.form = forms.get(f"item{item.pk}") or MeetingOutcomeForm(
            initial={"outcome": item.outcome, "revision_points": item.revision_points}, prefix=f"item{item.pk}")
    return render(request, "validation/expert_review/meeting.html", {
        "meeting": meeting, "items": items, "members": meeting.members.order_by("last_name"),
        "members_form": forms.get("members") or MeetingMembersForm(candidates=candidate_users),
        "practice_form": forms.get("practice") or MeetingPracticeForm(practices=practices),
        "protocol_form": forms.get("protocol") or ProtocolUploadForm(),
        "may_manage": can(request.user, "manage_pool_meeting", meeting),
        "candidates": candidate_users, "practices": practices,
    }, status=status)


def _meeting(request, pk, action=None):
    """The meeting: 404 for a user who may not see it (F-ROLE-1), 403 without ``action``."""
    return get_object_for(request.user, OfflineMeeting.objects.select_related("pool__category", "protocol"), action,
                          view_action="view_pool_meeting", pk=pk)


@login_required
def meeting(request, pk):
    meeting = _meeting(request, pk)
    return _meeting_page(request, meeting)


MEETING_ACTIONS = actions_by_name(
    ActionSpec("members", "manage_pool_meeting", MeetingMembersForm,
               lambda m, u, d: expert_services.add_meeting_members(m, list(d["members"]), by=u),
               "Члены заседания добавлены.",
               form_kwargs=lambda m, u: {"candidates": _meeting_candidates(m)}),
    ActionSpec("practice", "manage_pool_meeting", MeetingPracticeForm,
               lambda m, u, d: services.add_meeting_practice(m, d["practice"], by=u),
               "Практика включена в повестку заседания.",
               form_kwargs=lambda m, u: {"practices": Practice.objects.filter(category=m.pool.category)}),
    ActionSpec("protocol", "manage_pool_meeting", ProtocolUploadForm,
               lambda m, u, d: expert_services.upload_meeting_protocol(m, d["protocol"], by=u),
               "Скан-копия протокола загружена."),
)


@login_required
@require_POST
def meeting_act(request, pk, action):
    """One of the meeting's ``MEETING_ACTIONS`` (its URL names the action); the meeting page again, with
    the bound form, when it fails."""
    meeting = _meeting(request, pk)

    def render_failed(form, error):
        if error is not None:
            add_service_errors(form, error)
        return _meeting_page(request, meeting, forms={action: form}, status=400)

    return run_action(request, MEETING_ACTIONS[action], meeting,
                      success_url=reverse("expert_review:meeting", args=[meeting.pk]), render_failed=render_failed)


@login_required
@require_POST
def meeting_outcome(request, pk):
    item = get_object_for(request.user, MeetingPractice.objects.select_related("meeting__pool__category", "practice"),
                          None, view_action="view_pool_meeting", view_of=lambda i: i.meeting, pk=pk)
    require(request.user, "manage_pool_meeting", item.meeting)
    form = MeetingOutcomeForm(request.POST, prefix=f"item{item.pk}")
    recorded = submit_form(request, form, lambda form: services.set_meeting_outcome(
        item, by=request.user, outcome=form.cleaned_data["outcome"], revision_points=form.cleaned_data["revision_points"]),
        f"Решение по практике «{item.practice}» записано.",
        success_url=reverse("expert_review:meeting", args=[item.meeting_id]))
    return recorded or _meeting_page(request, item.meeting, forms={f"item{item.pk}": form}, status=400)


@login_required
@require_POST
def apply_meeting(request, pk):
    """The expert-moderator moves the practice per the meeting's signed protocol (F-VAL-4)."""
    item = get_object_for(request.user, MeetingPractice.objects.select_related("meeting__pool__category", "practice"),
                          "apply_meeting_outcome", view_action="view_pool_meeting", view_of=lambda i: i.meeting, pk=pk)
    return run_button(request, lambda: services.apply_meeting_outcome(item, by=request.user),
                      lambda review: f"Решение по практике «{item.practice}» применено: {review.get_outcome_display()}.",
                      success_url=reverse("expert_review:meeting", args=[item.meeting_id]))
