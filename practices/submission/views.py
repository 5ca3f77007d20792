"""Submission with the track choice (F-PASS-4, F-TRACK-1…3) and the versions page (F-PASS-5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from practices.models import Practice, PracticeState, PracticeVersion
from practices.revision import services as revision
from practices.services import resubmit_practice, submit_practice, tracks_for
from practices.submission import versions
from practices.submission.completeness import linked, submission_notes, submission_problems
from practices.submission.forms import TRACK_HELP, TrackForm
from smarteka import permissions


def _practice(request, pk, action=None):
    """The practice: 404 for a user who may not know it exists (F-ROLE-1), 403 without ``action``."""
    return permissions.get_object_for(request.user, Practice.objects.select_related("author", "region", "category"),
                                      action, view_action="view_practice", pk=pk)


@login_required
def submit(request, pk):
    practice = _practice(request, pk)
    if (practice.author_id == request.user.pk
            and practice.state not in (PracticeState.DRAFT, PracticeState.REVISION)):
        messages.info(request, f"Практика уже подана: {practice.get_state_display().lower()}.")
        return redirect("practices:versions", pk=practice.pk)
    permissions.require(request.user, "submit_practice", practice)
    is_resubmission = practice.state == PracticeState.REVISION
    refused = []

    if request.method == "POST":
        form = TrackForm(request.POST, tracks=tracks_for(practice))
        comment = request.POST.get("comment", "").strip()
        if is_resubmission:
            try:
                resubmit_practice(practice, by=request.user, comment=comment)
            except ValidationError as exc:
                refused = exc.messages
            else:
                messages.success(request, "Доработанная практика отправлена на повторное рассмотрение.")
                return redirect("practices:versions", pk=practice.pk)
        elif form.is_valid():
            try:
                submit_practice(practice, by=request.user, track=form.cleaned_data["track"])
            except ValidationError as exc:
                refused = exc.messages
            else:
                messages.success(request, "Практика подана и передана региональному координатору на подтверждение.")
                return redirect("practices:versions", pk=practice.pk)
    else:
        comment = ""
        track = request.GET.get("track") or practice.track
        if track not in tracks_for(practice):
            track = tracks_for(practice)[0]
        form = TrackForm(initial={"track": track}, tracks=tracks_for(practice))

    chosen = form.data.get("track") if form.is_bound else form.initial.get("track")
    if not is_resubmission and chosen in tracks_for(practice):
        practice.track = chosen  # unsaved: the checks below follow the track being chosen
    today = timezone.localdate()
    points = revision.unanswered_problems(practice) if is_resubmission else []  # F-PLUS-8
    problems = (linked(refused, practice, today=today, window=not is_resubmission, extra=points) if refused
                else submission_problems(practice, today=today, window=not is_resubmission) + points)
    tracks = [{"value": t.value, "label": t.label, "help": TRACK_HELP[t], "checked": t.value == chosen}
              for t in tracks_for(practice)]
    return render(request, "practices/submission/submit.html", {
        "practice": practice, "form": form, "tracks": tracks, "problems": problems, "refused": bool(refused),
        "notes": submission_notes(practice, today=today), "is_resubmission": is_resubmission,
        "comment": comment, "year": today.year, "region_is_leader": practice.region.is_leader(today.year),
    })


@login_required
def version_list(request, pk):
    practice = _practice(request, pk, "view_practice_versions")
    since = versions.diff_since_last_seen(practice, request.user)
    all_versions = PracticeVersion.objects.filter(practice=practice).select_related("created_by")
    response = render(request, "practices/submission/versions.html", {
        "practice": practice, "since": since, "versions": all_versions,
    })
    if since.latest is not None:
        versions.mark_seen(practice, request.user, since.latest)
    return response
