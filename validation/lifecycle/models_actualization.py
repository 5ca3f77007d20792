"""Requests to actualize a published practice (4.5.4–4.5.6, F-ACT-1, F-DL-2); imported by validation/models.py.

Side effects (the edit copy, clocks, history, notices) live in ``validation/lifecycle/actualization.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RequesterRole(models.TextChoices):
    """Who may ask for actualization: 4.5.4 (the Agency's and the region's reviewers) and 4.5.5 (the author)."""

    ASI_MODERATOR = "asi_moderator", "Модератор АСИ"
    EXPERT_MODERATOR = "expert_moderator", "Эксперт-модератор"
    COORDINATOR = "coordinator", "Региональный координатор"
    AUTHOR = "author", "Автор практики (команда)"


class ActualizationState(models.TextChoices):
    REQUESTED = "requested", "Ожидает предоставления доступа"
    GRANTED = "granted", "Доступ к редактированию предоставлен"
    ACCEPTED = "accepted", "Актуализация принята"
    CANCELLED = "cancelled", "Отменён"


OPEN_ACTUALIZATION_STATES = (ActualizationState.REQUESTED, ActualizationState.GRANTED)


class ActualizationRequest(models.Model):
    """A request to actualize a published practice, with its reason (4.5.4, 4.5.5).

    choice: a request of the ASI moderator grants the edit access at once (4.5.6 makes them the one who
    grants it); a request of an expert-moderator, a coordinator or the author waits for the ASI moderator's
    grant (they are notified). The author's 5 working days (F-DL-2) count from the grant, when the author
    can edit. One open request per practice (a constraint, and a Russian refusal in the service)."""

    practice = models.ForeignKey("practices.Practice", verbose_name="Практика", on_delete=models.CASCADE,
                                 related_name="actualization_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Кто запросил", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requester_role = models.CharField("В качестве", max_length=30, choices=RequesterRole.choices)
    reason = models.TextField("Причина запроса")
    created_at = models.DateTimeField("Запрошена", default=timezone.now)
    state = models.CharField("Состояние", max_length=20, choices=ActualizationState.choices,
                             default=ActualizationState.REQUESTED, db_index=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="Доступ предоставил", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField("Доступ предоставлен", null=True, blank=True)
    edit = models.ForeignKey("practices.Practice", verbose_name="Редакция практики", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="actualization_request_of_edit",
                             help_text="Копия практики, которую редактирует автор (состояние «Актуализация»)")
    closed_at = models.DateTimeField("Закрыт", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "запрос на актуализацию"
        verbose_name_plural = "запросы на актуализацию"
        constraints = [
            models.UniqueConstraint(fields=["practice"], condition=Q(state__in=OPEN_ACTUALIZATION_STATES),
                                    name="actualization_one_open_request"),
        ]

    def __str__(self):
        return f"Актуализация «{self.practice}» ({self.get_state_display().lower()})"

    @property
    def is_open(self):
        return self.state in OPEN_ACTUALIZATION_STATES
