"""The team's revision page (F-PLUS-8, 4.1.9): each point of the reviewer's return with the team's answer,
beside the passport fields changed since the returned version; the author sends the revised practice from
here. Views only parse the form and call the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from practices.models import Practice, PracticeState
from practices.models_revision import PointStatus
from practices.passport.views import _revision_notice
from practices.revision import services
from practices.services import resubmit_practice
from practices.submission import versions
from practices.submission.completeness import linked
from smarteka import permissions
from smarteka.history.services import history_for


def _answers_from(post, points):
    """``{point pk: text}`` for the points awaiting the team's answer, as typed (a field not sent: unchanged)."""
    return {p.pk: post[f"answer-{p.pk}"] for p in points
            if p.status != PointStatus.RESOLVED and f"answer-{p.pk}" in post}


def changes_since_return(practice):
    """The passport fields changed since the version the reviewer returned (F-PASS-5 diff against the
    passport as it is now): ``(returned version or None, [(label, old, new)])``."""
    latest = versions.latest_version(practice)
    if latest is None:
        return None, []
    return latest, versions.diff(latest.data, versions.snapshot(practice))


@login_required
def revision(request, pk):
    practice = permissions.get_object_for(
        request.user, Practice.objects.select_related("author", "region", "category"), "view_practice_versions",
        view_action="view_practice", pk=pk)
    user = request.user
    may_answer = permissions.can(user, "answer_revision_points", practice)
    points = services.points_of(practice)
    typed, errors, problems = {}, {}, []
    status = 200
    if request.method == "POST":
        permissions.require(user, "answer_revision_points", practice,
                            "Отвечать на замечания может команда практики, пока практика на доработке.")
        typed = _answers_from(request.POST, points)
        try:
            saved = services.save_answers(practice, typed, by=user)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            status = 400
        else:
            if "send" not in request.POST:
                messages.success(request, f"Ответы сохранены: {saved}." if saved else "Ответы не изменились.")
                return redirect("practices:revision", pk=practice.pk)
            try:
                resubmit_practice(practice, by=user, comment=request.POST.get("comment", "").strip())
            except ValidationError as exc:
                problems = linked(exc.messages, practice, window=False,
                                  extra=services.unanswered_problems(practice))
                status = 400
            else:
                messages.success(request, "Доработанная практика отправлена на повторное рассмотрение.")
                return redirect("practices:versions", pk=practice.pk)
        points = services.points_of(practice)
    returned_version, changes = changes_since_return(practice) if practice.state == PracticeState.REVISION else (
        None, [])
    rows = [{"point": p, "answer": typed.get(p.pk, p.answer), "error": errors.get(f"answer-{p.pk}", "")}
            for p in points]
    awaiting = [p for p in points if p.awaits_answer]
    return render(request, "practices/revision/revision.html", {
        "practice": practice, "rows": [r for r in rows if r["point"].status != PointStatus.RESOLVED],
        "resolved": [r for r in rows if r["point"].status == PointStatus.RESOLVED],
        "awaiting": len(awaiting), "may_answer": may_answer,
        "may_send": permissions.can(user, "submit_practice", practice),
        "returned_version": returned_version, "changes": changes, "problems": problems,
        "general_errors": errors.get("__all__", []), "comment": request.POST.get("comment", ""),
        "revision": _revision_notice(practice),
        "transitions": history_for(practice) if permissions.can(user, "view_history", practice) else None,
    }, status=status)
