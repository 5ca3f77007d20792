"""The expert-moderator closes the online vote or applies an offline meeting's outcome (F-VAL-3, F-VAL-4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from experts.models import MeetingPractice
from practices.models import Practice
from smarteka.permissions import require
from validation import services_vote


@login_required
@require_POST
def close(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    require(request.user, "close_expert_vote", practice)
    try:
        review = services_vote.close_expert_vote(practice, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("experts:review", pk=practice.pk)
    messages.success(request, f"Экспертная оценка завершена: {review.get_outcome_display()}.")
    return redirect("experts:protocol", pk=review.pk)


@login_required
@require_POST
def apply_meeting(request, pk):
    item = get_object_or_404(MeetingPractice.objects.select_related("meeting__pool", "practice"), pk=pk)
    require(request.user, "apply_meeting_outcome", item)
    try:
        review = services_vote.apply_meeting_outcome(item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Решение по практике «{item.practice}» применено: "
                                  f"{review.get_outcome_display()}.")
    return redirect("experts:meeting", pk=item.meeting_id)
