"""Point-by-point revision (F-PLUS-8, 4.1.9): one service per action.

* ``raise_points`` — called by ``validation.services.move`` when a reviewer (coordinator, expert-moderator,
  ASI moderator, rating committee) or the experts' vote returns a practice: one numbered point per remark;
* ``save_answers`` — the practice's team answers the points on revision (kept as typed);
* ``unanswered_problems`` — what ``resubmit_practice`` refuses on: every point still without an answer;
* ``decide_points`` — the reviewer, once the practice is back, resolves or reopens each answered point.

Each writes a history record of the practice (F-VAL-8): the return's own record (by ``move``) numbers the
points; answers and decisions get a record each (state unchanged).

Choices (the regulation is silent on points):
* one point per non-empty line of the return's comment; list marks («-», «•», «1.», «2)») are dropped;
* a point the reviewer reopens loses its answer (the answer stays in the history): the team answers it again
  in the next round;
* when a reviewer returns the practice again, the earlier answered points they left undecided are reopened
  too (the reviewer did not accept them), so nothing the reviewer raised slips through unanswered.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice
from practices.models_revision import PointStatus, RevisionPoint
from practices.submission.completeness import Problem
from smarteka import permissions
from smarteka.history import services as history

MAX_ANSWER = 5000
_MARK = re.compile(r"^\s*(?:[-–—•*]|\d{1,3}[.)])\s*")


def split_points(text):
    """The comment's non-empty lines, without list marks: one point each."""
    points = []
    for line in (text or "").splitlines():
        line = _MARK.sub("", line).strip()
        if line:
            points.append(line)
    return points


def next_number(practice):
    return (RevisionPoint.objects.filter(practice=practice).aggregate(m=Max("number"))["m"] or 0) + 1


def numbered(texts, start=1):
    return "\n".join(f"{start + i}. {text}" for i, text in enumerate(texts))


def _reopen_undecided(practice, *, by, now):
    """The answered points of earlier rounds the reviewer left undecided: reopened (choice, module doc)."""
    undecided = [p for p in RevisionPoint.objects.filter(practice=practice).exclude(status=PointStatus.RESOLVED)
                 if p.answer.strip()]
    for point in undecided:
        _decide(point, PointStatus.REOPENED, by=by, now=now)
    return undecided


def _decide(point, status, *, by, now):
    """Record the reviewer's ``status`` on ``point``; a reopened point loses its answer (module doc)."""
    point.status, point.resolved_by, point.resolved_at = status, by, now
    fields = ["status", "resolved_by", "resolved_at"]
    if status == PointStatus.REOPENED:
        point.answer, point.answered_at, point.answered_by = "", None, None
        fields += ["answer", "answered_at", "answered_by"]
    point.save(update_fields=fields)


def raise_points(practice, texts, *, by, stage, returned=None):
    """Store ``texts`` as the numbered points of a new return of ``practice`` (inside ``move``'s
    transaction, after its permission check). Returns the new points."""
    now = timezone.now()
    reopened = _reopen_undecided(practice, by=by, now=now)
    rounds = RevisionPoint.objects.filter(practice=practice).aggregate(m=Max("round"))["m"] or 0
    start = next_number(practice)
    points = RevisionPoint.objects.bulk_create([
        RevisionPoint(practice=practice, round=rounds + 1, returned=returned, stage=stage or "", number=start + i,
                      text=text, author=by) for i, text in enumerate(texts)])
    if reopened and returned is not None:
        returned.comment += ("\n\nЗамечания прошлой доработки без решения открыты повторно: "
                             + ", ".join(f"№ {p.number}" for p in reopened) + ".")
        returned.save(update_fields=["comment"])
    return points


def points_of(practice):
    return list(RevisionPoint.objects.filter(practice=practice).select_related("author", "answered_by",
                                                                               "resolved_by"))


def revision_url(practice, point=None):
    url = reverse("practices:revision", args=[practice.pk])
    return f"{url}#point-{point.number}" if point is not None else url


def unanswered_problems(practice):
    """A refusal sentence with a link per point still awaiting the team's answer (empty: none)."""
    return [Problem(f"Нет ответа на замечание № {p.number}: «{_short(p.text)}».", revision_url(practice, p),
                    f"Ответить на замечание № {p.number}")
            for p in RevisionPoint.objects.filter(practice=practice).exclude(status=PointStatus.RESOLVED)
            if not p.answer.strip()]


def _short(text, limit=80):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def save_answers(practice, answers, *, by):
    """The team's answers ``{point pk: text}`` to the points awaiting them, while the practice is on
    revision (F-PLUS-8). Only changed answers are written; one history record lists them. Returns the
    number of answers saved. An answer may be cleared (the point awaits an answer again)."""
    with transaction.atomic():
        practice = Practice.objects.select_for_update(of=("self",)).get(pk=practice.pk)
        permissions.require(by, "answer_revision_points", practice,
                            message="Отвечать на замечания может команда практики, пока практика на доработке.")
        errors = {}
        changed = []
        now = timezone.now()
        for point in RevisionPoint.objects.filter(practice=practice).exclude(status=PointStatus.RESOLVED):
            if point.pk not in answers:
                continue
            text = (answers[point.pk] or "").strip()
            if len(text) > MAX_ANSWER:
                errors[f"answer-{point.pk}"] = f"Ответ длиннее {MAX_ANSWER} символов: сократите его."
                continue
            if text == point.answer:
                continue
            point.answer, point.answered_at, point.answered_by = text, (now if text else None), (by if text else None)
            point.save(update_fields=["answer", "answered_at", "answered_by"])
            changed.append(point)
        if errors:
            raise ValidationError(errors)
        if changed:
            lines = [f"№ {p.number}: {p.answer}" if p.answer else f"№ {p.number}: ответ удалён" for p in changed]
            history.record(practice, by=by, old=practice.state, action="answer_revision_points",
                           comment="Ответы на замечания:\n" + "\n".join(lines))
    return len(changed)


DECISIONS = {"resolved": PointStatus.RESOLVED, "reopened": PointStatus.REOPENED}


def decide_points(practice, decisions, *, by):
    """The reviewer's decision ``{point pk: "resolved" | "reopened"}`` on answered points once the practice
    is back at the stage (F-PLUS-8). A reopened point loses its answer and awaits a new one in the next round
    of revision. One history record lists the decisions. Returns the points decided."""
    with transaction.atomic():
        practice = Practice.objects.select_for_update(of=("self",)).select_related("region", "category").get(
            pk=practice.pk)
        permissions.require(by, "resolve_revision_points", practice,
                            message="Снять или открыть замечания может проверяющий этапа, на котором практика "
                                    "сейчас.")
        now = timezone.now()
        decided = []
        for point in RevisionPoint.objects.filter(practice=practice, pk__in=list(decisions)):
            status = DECISIONS.get(decisions[point.pk])
            if status is None or not point.answer.strip() or (status == point.status == PointStatus.RESOLVED):
                continue
            _decide(point, status, by=by, now=now)
            decided.append(point)
        if not decided:
            raise ValidationError("Отметьте хотя бы одно замечание: снято или открыто повторно.")
        resolved = [f"№ {p.number}" for p in decided if p.status == PointStatus.RESOLVED]
        reopened = [f"№ {p.number}" for p in decided if p.status == PointStatus.REOPENED]
        parts = []
        if resolved:
            parts.append("Замечания сняты: " + ", ".join(resolved) + ".")
        if reopened:
            parts.append("Открыты повторно (ответить при следующей доработке): " + ", ".join(reopened) + ".")
        history.record(practice, by=by, old=practice.state, action="resolve_revision_points",
                       comment="\n".join(parts))
    return decided


def summary(practice):
    """``{"total", "awaiting_answer", "awaiting_decision"}`` of the practice's points, in one query."""
    open_ = ~Q(status=PointStatus.RESOLVED)
    return RevisionPoint.objects.filter(practice=practice).aggregate(
        total=Count("pk"), awaiting_answer=Count("pk", filter=open_ & Q(answer="")),
        awaiting_decision=Count("pk", filter=open_ & ~Q(answer="")))
