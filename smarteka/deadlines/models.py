from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from smarteka.deadlines.registry import get_kind


class Deadline(models.Model):
    """A clock on an object (F-DL-1 … F-DL-11): due in working days of the production calendar."""

    class State(models.TextChoices):
        OPEN = "open", "Идёт"
        MET = "met", "Выполнен"
        OVERDUE = "overdue", "Просрочен"
        CANCELLED = "cancelled", "Отменён"

    kind = models.CharField("вид срока", max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    starts_on = models.DateField("начало")
    due_on = models.DateField("срок")
    state = models.CharField("состояние", max_length=16, choices=State.choices, default=State.OPEN)
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="deadlines", blank=True,
                                       verbose_name="кому напоминать")
    escalate_to = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="escalated_deadlines",
                                         blank=True, verbose_name="кому сообщить о просрочке")
    created_at = models.DateTimeField("создан", auto_now_add=True)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)

    class Meta:
        verbose_name = "срок"
        verbose_name_plural = "сроки"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="deadline_object"),
            models.Index(fields=["state", "due_on"], name="deadline_state_due"),
        ]

    def __str__(self):
        return f"{self.kind_label}: до {self.due_on:%d.%m.%Y}"

    @property
    def kind_label(self):
        try:
            return get_kind(self.kind).label
        except LookupError:
            return self.kind


class Reminder(models.Model):
    """One reminder stage sent for a deadline; the unique constraint makes a rerun or a second worker
    unable to send it twice (F-DL-11)."""

    class Stage(models.TextChoices):
        BEFORE = "before", "Заранее"
        DUE_TODAY = "due_today", "В день срока"
        OVERDUE = "overdue", "Просрочен"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField("этап", max_length=16, choices=Stage.choices)
    sent_at = models.DateTimeField("отправлено", auto_now_add=True)

    class Meta:
        verbose_name = "напоминание"
        verbose_name_plural = "напоминания"
        constraints = [models.UniqueConstraint(fields=["deadline", "stage"], name="reminder_once_per_stage")]

    def __str__(self):
        return f"{self.deadline} — {self.get_stage_display()}"
