"""The reviewers' part of «Мой кабинет» (issue 14, item 4): the practices waiting for the coordinator's
regional confirmation (4.2), for the ASI moderator's decision, for the expert-moderator's packaging and
expert review (4.3–4.4), for the rating committee — the same selections as the review queues
(``validation/queues.py``), each with its link to the review page. Registered in ``ValidationConfig.ready``."""

from django.db.models import Q

from practices.models import Practice, PracticeState
from smarteka.cabinet import LISTS, Item, Section, key_of
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import can, has_role, role_categories, role_regions
from smarteka.roles.models import Role

LIMIT = 50


def _items(queryset, note):
    # issue 17: only what an item shows (the notes read the state and the expert-moderator)
    rows = (queryset.select_related("region").only("title", "state", "expert_moderator", "region__name")
            .order_by("updated_at", "pk")[:LIMIT])
    return [Item(str(p), reverse("validation:review", args=[p.pk]), note=f"{p.region} · {note(p)}", key=key_of(p))
            for p in rows]


def awaiting(user):
    sections = []
    live = Practice.objects.exclude(state=PracticeState.DELETED)
    regions = role_regions(user, Role.COORDINATOR)
    if regions:
        sections.append(Section(
            "coordinator-waiting", "Ждут подтверждения региона", order=11,
            url=reverse("validation:queue"), url_label="Проверка практик",
            items=_items(live.filter(region__in=regions, state=PracticeState.REGIONAL_REVIEW),
                         lambda p: "подтвердите, верните на доработку или отклоните")))
    if has_role(user, Role.ASI_MODERATOR):
        waiting = live.filter(Q(state=PracticeState.PACKAGING, expert_moderator__isnull=True)
                              | Q(state=PracticeState.PACKAGING, packaged_at__isnull=False)
                              | Q(state=PracticeState.READY_TO_PUBLISH))

        def asi_note(p):
            if p.state == PracticeState.READY_TO_PUBLISH:
                return "готова к публикации: опубликуйте"
            if p.expert_moderator_id is None:
                return "назначьте эксперта-модератора"
            return "упакована: направьте на экспертную оценку"

        sections.append(Section("asi-waiting", "Ждут решения модератора АСИ", order=12,
                                url=reverse("validation:queue"), url_label="Проверка практик",
                                items=_items(waiting, asi_note)))
    categories = role_categories(user, Role.EXPERT_MODERATOR)
    if categories:
        mine = live.filter(category__in=categories).filter(
            Q(state=PracticeState.PACKAGING, expert_moderator=user, packaged_at__isnull=True)
            | Q(state=PracticeState.EXPERT_REVIEW, expert_moderator=user)
            | Q(state=PracticeState.EXPERT_REVIEW, expert_moderator__isnull=True))
        sections.append(Section(
            "expert-moderator", "Упаковка и экспертная оценка", order=13,
            url=reverse("validation:queue"), url_label="Проверка практик",
            items=_items(mine, lambda p: "упакуйте практику" if p.state == PracticeState.PACKAGING
                         else "проведите экспертную оценку")))
    if has_role(user, Role.RATING_COMMITTEE):
        sections.append(Section(
            "rating-committee", "Верификация рейтинговым комитетом", order=14,
            url=reverse("validation:queue"), url_label="Проверка практик",
            items=_items(live.filter(state=PracticeState.RATING_COMMITTEE), lambda p: "подтвердите показатели")))
    return sections


def overview(user):
    items = []
    if can(user, "view_review_queue"):
        items.append(Item("Проверка практик", reverse("validation:queue")))
    if can(user, "view_partner_recommendations"):
        items.append(Item("Рекомендации практик", reverse("validation:recommendations")))
    if can(user, "view_ksi"):
        items.append(Item("Заседания КСИ", reverse("selections:ksi_list")))
    return [Section("review-lists", "Валидация", kind=LISTS, order=30, items=items)] if items else []
