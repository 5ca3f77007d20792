from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Transition(models.Model):
    """One state change of any workflow object (F-VAL-8, STYLE 4): who, when, from, to, comment,
    attachments. Russian state names are captured at write time, so the log reads the same after
    the choices are renamed."""

    content_type = models.ForeignKey(ContentType, verbose_name="Тип объекта", on_delete=models.CASCADE,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField("Объект (id)")
    content_object = GenericForeignKey("content_type", "object_id")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("Когда", default=timezone.now)
    from_state = models.CharField("Из состояния", max_length=60, blank=True)
    to_state = models.CharField("В состояние", max_length=60)
    from_label = models.CharField("Из состояния (название)", max_length=200, blank=True)
    to_label = models.CharField("В состояние (название)", max_length=200, blank=True)
    action = models.CharField("Действие", max_length=60, blank=True, help_text="Код действия, например submit")
    comment = models.TextField("Комментарий", blank=True)
    files = models.ManyToManyField("files.StoredFile", verbose_name="Вложения", blank=True,
                                   related_name="transitions")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "переход"
        verbose_name_plural = "история переходов"
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="history_object_at_idx")]

    def __str__(self):
        return f"{self.from_label or self.from_state or '—'} → {self.to_label or self.to_state}"
