"""The expert's part of «Мой кабинет» (issue 14, item 4): the invitations to evaluate a practice not yet
answered, with the working days left until the evaluation's due day (4.4.6, F-VAL-3); the pools for the
expert-moderator. Registered in ``ExpertsConfig.ready``."""

from experts.models import ExpertInvitation
from smarteka.cabinet import LISTS, Item, Section, key_of
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import can, has_role
from smarteka.roles.models import Role

LIMIT = 50


def awaiting(user):
    if not has_role(user, Role.EXPERT):
        return []
    waiting = (ExpertInvitation.objects.filter(expert=user, declined_at__isnull=True, evaluation__isnull=True,
                                               review__closed_at__isnull=True, practice__state="expert_review")
               .select_related("practice__region")
               .only("due_on", "practice__title", "practice__state", "practice__region__name")  # issue 17
               .order_by("due_on", "pk")[:LIMIT])
    return [Section("expert-evaluations", "Ожидают моей оценки", order=18,
                    url=reverse("experts:my_queue"), url_label="Все мои оценки",
                    items=[Item(str(inv.practice), inv.get_absolute_url(),
                                note=f"{inv.practice.region} · оцените практику", due_on=inv.due_on,
                                key=key_of(inv)) for inv in waiting])]


def overview(user):
    items = []
    if can(user, "view_my_evaluations"):
        items.append(Item("Ожидают моей оценки", reverse("experts:my_queue")))
    if can(user, "view_expert_pools"):
        items.append(Item("Экспертные пулы", reverse("experts:pools")))
    return [Section("expert-lists", "Экспертиза", kind=LISTS, order=35, items=items)] if items else []
