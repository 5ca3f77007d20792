"""The replication part of «Мой кабинет» (issue 14, item 4): the implementation moderator's open requests
(5.3.1.3–5.3.1.6), the ASI moderator's requests waiting for a decision (5.3.1, 5.3.2), the recipient's
steps (5.3.1.4–5.3.1.5); the working days left come from the open deadlines assigned to the user
(``smarteka.cabinet_providers.deadlines`` merges them by object). Registered in ``ReplicationConfig.ready``."""

from django.db.models import Q

from practices.models import Practice
from replication.models import OPEN_STATES, ReplicationRequest, RequestState
from smarteka import usercache
from smarteka.cabinet import LISTS, RECENT, Item, Section, key_of
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import can, has_role
from smarteka.roles.models import Role

LIMIT = 50
RECENT_LIMIT = 5
# issue 17: what an item and its note read — the request's dates and state, the practice's name, the region's
ITEM_FIELDS = ("state", "created_at", "updated_at", "practice", "recipient_region", "contacted_at", "kickoff_held_at",
               "completion_notified_at", "report_checked_at", "refusal_proposed_at", "roadmap_uploaded_at",
               *(f"practice__{name}" for name in Practice.NAME_FIELDS), "recipient_region__name")


def _item(req, note):
    return Item(f"Заявка № {req.pk}: «{req.practice}»", req.get_absolute_url(),
                note=f"{req.recipient_region} · {note}", key=key_of(req))


def _moderator_note(req):
    if req.state == RequestState.IN_PROGRESS and req.completion_notified_at and not req.report_checked_at:
        return "проверьте отчёт о внедрении"
    if not req.contacted_at:
        return "свяжитесь с реципиентом"
    if not req.kickoff_held_at:
        return "проведите установочную встречу"
    return req.get_state_display()


def _asi_note(req):
    if req.state == RequestState.REQUESTED:
        return "назначьте модератора внедрения"
    if req.refusal_proposed_at:
        return "реципиент не отвечает месяц: решите об отказе"
    if req.state == RequestState.IN_PROGRESS:
        return "отчёт проверен: подтвердите «Внедрено»"
    return "документ загружен: переведите во «Внедряется»"


def _recipient_note(req):
    if req.state == RequestState.ASSIGNED:
        return "сообщите модератору внедрения о готовности и загрузите дорожную карту"
    return "внедрение завершено? Заполните отчёт о внедрении"


def has_requests(user):
    """Whether the user has filed any «Хочу внедрить» (kept per user: most users never have; the menu asks
    the same, see ``view_my_replication_requests``)."""
    return usercache.remembered(user, "replication_requests", user.replication_requests.exists)


def awaiting(user):
    sections = []
    base = (ReplicationRequest.objects.select_related("practice", "recipient_region").order_by("created_at", "pk")
            .only(*ITEM_FIELDS))
    if has_role(user, Role.IMPLEMENTATION_MODERATOR):
        mine = base.filter(implementation_moderator=user, state__in=OPEN_STATES)[:LIMIT]
        sections.append(Section("implementation-moderator", "Заявки модератора внедрения", order=15,
                                url=reverse("replication:moderator_queue"), url_label="Все мои заявки",
                                items=[_item(r, _moderator_note(r)) for r in mine]))
    if has_role(user, Role.ASI_MODERATOR):
        waiting = base.filter(
            Q(state=RequestState.REQUESTED)
            | Q(state__in=OPEN_STATES, refusal_proposed_at__isnull=False)
            | Q(state=RequestState.ASSIGNED, roadmap_uploaded_at__isnull=False)
            | Q(state=RequestState.IN_PROGRESS, report_checked_at__isnull=False))[:LIMIT]
        sections.append(Section("asi-replication", "Заявки на тиражирование: решение модератора АСИ", order=16,
                                url=reverse("replication:asi_queue"), url_label="Все заявки на тиражирование",
                                items=[_item(r, _asi_note(r)) for r in waiting]))
    if not has_requests(user):
        return sections
    steps = base.filter(recipient=user).filter(
        Q(state=RequestState.ASSIGNED, roadmap_uploaded_at__isnull=True)
        | Q(state=RequestState.IN_PROGRESS, completion_notified_at__isnull=True))[:LIMIT]
    items = [_item(r, _recipient_note(r)) for r in steps]
    if items:
        sections.append(Section("recipient-requests", "Мои заявки на тиражирование", items, order=17,
                                url=reverse("replication:my"), url_label="Все мои заявки"))
    return sections


def overview(user):
    sections = []
    mine = [] if not has_requests(user) else list(ReplicationRequest.objects.filter(recipient=user).select_related("practice", "recipient_region")
                .only(*ITEM_FIELDS).order_by("-updated_at", "-pk")[:RECENT_LIMIT])
    if mine:
        sections.append(Section("my-requests", "Мои заявки «Хочу внедрить»", kind=RECENT, order=15,
                                url=reverse("replication:my"), url_label="Все мои заявки",
                                items=[_item(r, r.get_state_display()) for r in mine]))
    items = [Item("План-график мероприятий", reverse("replication:event_list"))]
    if can(user, "view_my_replication_requests"):
        items.append(Item("Мои заявки на тиражирование", reverse("replication:my")))
    if can(user, "view_implementation_queue"):
        items.append(Item("Заявки модератора внедрения", reverse("replication:moderator_queue")))
    if can(user, "view_replication_asi_queue"):
        items.append(Item("Все заявки на тиражирование", reverse("replication:asi_queue")))
    sections.append(Section("replication-lists", "Тиражирование", kind=LISTS, order=40, items=items))
    return sections
