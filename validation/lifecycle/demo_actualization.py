"""Demo of actualization (F-ACT-1, F-DL-2, F-DL-8), called by validation/demo.py after the demo practices exist.
Idempotent: a practice that already has an actualization request, or a yearly clock already overdue, is left.

- «Школьные технопарки в сельских районах»: published 400 days ago, its yearly clock (F-DL-8) overdue —
  due for actualization;
- «Единый центр поддержки семей участников СВО»: the coordinator asked for actualization, waiting for the ASI
  moderator's grant (4.5.4, 4.5.6);
- «Платформа обратной связи «Решаем вместе»»: an actualization under review — the author updated the results,
  the expert-moderator sees the diff and accepts or returns it.
"""

import datetime

from django.utils import timezone

from practices.models import Practice, PracticeState
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadlines_for
from validation.lifecycle import actualization
from validation.lifecycle.clocks import open_yearly_clock
from validation.lifecycle.kinds import ACTUALIZATION_YEARLY
from validation.models import ActualizationRequest

DUE = "Школьные технопарки в сельских районах"
REQUESTED = "Единый центр поддержки семей участников СВО"
UNDER_REVIEW = "Платформа обратной связи «Решаем вместе»"


def _published(author, title):
    return Practice.objects.filter(author=author, title=title, state=PracticeState.PUBLISHED,
                                   actualization_of__isnull=True).first()


def _due(practice):
    """Published 400 days ago; the yearly clock ran out a month ago."""
    clock = open_deadlines_for(practice, ACTUALIZATION_YEARLY).first() or open_yearly_clock(practice)
    today = timezone.localdate()
    if clock.due_on < today:
        return
    published = timezone.now() - datetime.timedelta(days=400)
    Practice.objects.filter(pk=practice.pk).update(published_at=published)
    Deadline.objects.filter(pk=clock.pk).update(starts_on=timezone.localdate(published),
                                                due_on=today - datetime.timedelta(days=35))


def load(ctx):
    users = ctx.get("users", {})
    author, coordinator, asi = users.get("author"), users.get("coordinator"), users.get("asi")
    if None in (author, coordinator, asi):
        return
    practice = _published(author, DUE)
    if practice is not None:
        _due(practice)
    practice = _published(author, REQUESTED)
    if practice is not None and not ActualizationRequest.objects.filter(practice=practice).exists():
        actualization.request_actualization(
            practice, by=coordinator, reason="Изменился порядок обращения семей: добавлен приём через Госуслуги. "
                                             "Обновите описание и результаты практики.")
    practice = _published(author, UNDER_REVIEW)
    if practice is not None and not ActualizationRequest.objects.filter(practice=practice).exists():
        request = actualization.request_actualization(
            practice, by=asi, reason="Ежегодная актуализация: обновите результаты за прошедший год.")
        edit = request.edit
        Practice.objects.filter(pk=edit.pk).update(
            results_main="Доля обращений с ответом в срок выросла с 62 до 99 %; среднее время ответа — 2 дня",
            specifics="Нужна поддержка глав муниципальных образований и единый регламент ответов ведомств.")
        actualization.submit_actualization(edit, by=author)
