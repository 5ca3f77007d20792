"""The reviewer's side of point-by-point revision (F-PLUS-8): the points of the practice's returns with
the team's answers, beside what changed in the passport; the reviewer of the stage resolves or reopens each
answered point. Views only parse the form and call practices.revision.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from practices.models import Practice, PracticeVersion
from practices.models_revision import PointStatus
from practices.revision import services as revision
from practices.submission import versions
from smarteka import permissions


def last_changes(practice):
    """``(older, newer, [(label, old, new)])``: the last two submitted versions and their diff (the passport
    the reviewer returned against the one the team sent back), or Nones when there is no earlier version."""
    newer, older = (list(PracticeVersion.objects.filter(practice=practice).order_by("-number")[:2]) + [None, None])[:2]
    if newer is None or older is None:
        return older, newer, []
    return older, newer, versions.diff(older.data, newer.data)


@login_required
def points(request, pk):
    practice = permissions.get_object_for(
        request.user, Practice.objects.select_related("author", "region", "category", "expert_moderator"),
        "review_practice", view_action="view_practice", pk=pk)
    may_decide = permissions.can(request.user, "resolve_revision_points", practice)
    chosen, error, status = {}, "", 200
    all_points = revision.points_of(practice)
    if request.method == "POST":
        permissions.require(request.user, "resolve_revision_points", practice,
                            "Снять или открыть замечания может проверяющий этапа, на котором практика сейчас.")
        chosen = {p.pk: request.POST.get(f"decision-{p.pk}", "") for p in all_points}
        try:
            decided = revision.decide_points(practice, {k: v for k, v in chosen.items() if v}, by=request.user)
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            resolved = sum(p.status == PointStatus.RESOLVED for p in decided)
            messages.success(request, f"Решение по замечаниям записано: снято — {resolved}, "
                                      f"открыто повторно — {len(decided) - resolved}.")
            return redirect("validation:revision_points", pk=practice.pk)
    older, newer, changes = last_changes(practice)
    rows = [{"point": p, "decision": chosen.get(p.pk, ""), "decidable": may_decide and p.awaits_decision}
            for p in all_points]
    return render(request, "validation/revision_points.html", {
        "practice": practice, "rows": rows, "may_decide": may_decide, "error": error,
        "decidable": sum(r["decidable"] for r in rows), "older": older, "newer": newer, "changes": changes,
    }, status=status)
