"""Point-by-point revision (F-PLUS-8, 4.1.9): each remark a reviewer returns a practice with is a numbered
point; the practice's team answers each one on revision, the reviewer then resolves or reopens it."""

from django.conf import settings
from django.db import models

from practices.enums import PracticeState


class PointStatus(models.TextChoices):
    OPEN = "open", "Ждёт ответа"
    RESOLVED = "resolved", "Снято"
    REOPENED = "reopened", "Открыто повторно"


class RevisionPoint(models.Model):
    """One numbered point of a return for revision. ``number`` runs through the practice's rounds
    (round 1: № 1–3, round 2: № 4–5), so a point keeps its number in every letter and history record.
    ``resolved_by``/``resolved_at`` are the reviewer's last decision (resolved or reopened)."""

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="revision_points")
    round = models.PositiveSmallIntegerField("Возврат на доработку (по счёту)")
    returned = models.ForeignKey("history.Transition", verbose_name="Запись истории о возврате", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField("Этап, с которого возвращена", max_length=40, blank=True)
    number = models.PositiveSmallIntegerField("Номер")
    text = models.TextField("Замечание")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто сделал замечание", null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Создано", auto_now_add=True)
    answer = models.TextField("Ответ команды", blank=True)
    answered_at = models.DateTimeField("Ответ дан", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто ответил", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("Статус", max_length=10, choices=PointStatus.choices, default=PointStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Решение проверяющего", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField("Решение принято", null=True, blank=True)

    class Meta:
        ordering = ["practice", "number"]
        verbose_name = "замечание к доработке"
        verbose_name_plural = "замечания к доработке"
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="revisionpoint_number_once"),
        ]

    def __str__(self):
        return f"№ {self.number}. {self.text}"

    @property
    def stage_label(self):
        return PracticeState(self.stage).label if self.stage in PracticeState.values else ""

    @property
    def awaits_answer(self):
        return self.status != PointStatus.RESOLVED and not self.answer.strip()

    @property
    def awaits_decision(self):
        return self.status != PointStatus.RESOLVED and bool(self.answer.strip())
