"""What the platform itself puts on «Мой кабинет» (issue 14, item 4): the open deadlines assigned to the
user, the notices whose action is not done yet, the access-request queues of the coordinator and the
ASI moderator (4.1.3), and the objects the user recently acted on. Registered by ``SmartekaConfig.ready``;
the apps' own providers live in their ``cabinet.py``."""

from django.contrib.contenttypes.models import ContentType

from smarteka.accounts.models import AccessRequest, AccessRequestStatus, User
from smarteka.cabinet import LISTS, RECENT, Item, Section
from smarteka.deadlines.models import Deadline
from smarteka.history.models import Transition
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.notifications.models import Notice
from smarteka.permissions import can, has_role, role_regions
from smarteka.roles.models import Role

LIMIT = 50      # awaiting items of one kind shown (the full lists are a link away)
RECENT_LIMIT = 5


def _key(content_type_id, object_id):
    if not content_type_id or not object_id:
        return ""
    ct = ContentType.objects.get_for_id(content_type_id)  # cached
    return f"{ct.app_label}.{ct.model}:{object_id}"


def _url(obj):
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if get_url else ""


# what an access request's item shows (issue 17: not every column of the request and its user)
ACCESS_ITEM_FIELDS = ("status", "created_at", "region__name",
                      *(f"user__{name}" for name in User.NAME_FIELDS))


def access_requests(user):
    """4.1.3: the coordinator verifies the requests of their regions, the ASI moderator decides the verified ones."""
    sections = []
    regions = role_regions(user, Role.COORDINATOR)
    if regions:
        waiting = (AccessRequest.objects.filter(region__in=regions, status=AccessRequestStatus.REQUESTED)
                   .select_related("user", "region").only(*ACCESS_ITEM_FIELDS).order_by("created_at")[:LIMIT])
        sections.append(Section(
            "access-coordinator", "Заявки на доступ к паспорту: проверить", order=10,
            url=reverse("accounts:access_queue"), url_label="Все заявки на доступ",
            items=[Item(f"Заявка № {r.pk}: {r.user.full_name or r.user.email}",
                        reverse("accounts:access_detail", args=[r.pk]),
                        note=f"{r.region} · подана {r.created_at:%d.%m.%Y}", key=f"accounts.accessrequest:{r.pk}")
                   for r in waiting]))
    if has_role(user, Role.ASI_MODERATOR):
        verified = (AccessRequest.objects.filter(status=AccessRequestStatus.VERIFIED)
                    .select_related("user", "region").only(*ACCESS_ITEM_FIELDS).order_by("verified_at")[:LIMIT])
        sections.append(Section(
            "access-asi", "Заявки на доступ к паспорту: решить", order=10,
            url=reverse("accounts:access_queue"), url_label="Все заявки на доступ",
            items=[Item(f"Заявка № {r.pk}: {r.user.full_name or r.user.email}",
                        reverse("accounts:access_detail", args=[r.pk]),
                        note=f"{r.region} · проверена координатором", key=f"accounts.accessrequest:{r.pk}")
                   for r in verified]))
    return sections


def load_objects(pairs):
    """``{(content_type_id, object_id): object}`` with one query per kind of object; every non-null
    foreign key is joined, so naming the objects (``str``) costs no further query."""
    by_type = {}
    for ct_id, object_id in pairs:
        by_type.setdefault(ct_id, set()).add(object_id)
    objects = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is not None:
            # a model's ``LIST_DEFER``: the columns no list shows (a practice's passport texts; issue 17)
            rows = model._default_manager.select_related().defer(*getattr(model, "LIST_DEFER", ())).filter(pk__in=ids)
            objects.update({(ct_id, o.pk): o for o in rows})
    return objects


def _name_deadline_objects(items):
    objects = load_objects(item.ref for item in items)
    for item in items:
        obj = objects.get(item.ref)
        if obj is not None:
            item.title, item.url = str(obj), _url(obj)


def deadlines(user):
    """Open and overdue deadlines assigned to the user (F-DL-1 … F-DL-11), due first. Their objects are
    named only on the start page (``resolve``): the header's counter needs the keys alone."""
    rows = (Deadline.objects.filter(assignees=user, state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])
            .only("kind", "due_on", "content_type_id", "object_id").order_by("due_on", "pk")[:LIMIT])
    items = []
    for deadline in rows:
        items.append(Item("", "", note=deadline.kind_label, due_on=deadline.due_on,
                          key=_key(deadline.content_type_id, deadline.object_id),
                          ref=(deadline.content_type_id, deadline.object_id)))
    return [Section("deadlines", "Сроки", items=items, order=80, resolve=_name_deadline_objects)]


def notices(user):
    """Notices that ask for an action not done yet (F-NOTE-1 «Ожидают моих действий»)."""
    rows = (Notice.objects.filter(recipient=user, requires_action=True, action_done_at__isnull=True)
            .only("title", "url", "created_at", "content_type_id", "object_id").order_by("-created_at", "-pk")[:LIMIT])
    items = [Item(n.title, n.url or reverse("notifications:actions"), note=f"уведомление от {n.created_at:%d.%m.%Y}",
                  key=_key(n.content_type_id, n.object_id)) for n in rows]
    return [Section("notices", "Уведомления, ожидающие действий", items=items, order=90,
                    url=reverse("notifications:actions"), url_label="Все уведомления, ожидающие действий")]


def recent(user):
    """The objects the user last changed the state of (from the history), newest first."""
    rows = (Transition.objects.filter(by=user).order_by("-at", "-pk")
            .values_list("content_type_id", "object_id", "to_label", "at")[:RECENT_LIMIT * 6])
    latest = {}
    for ct_id, object_id, label, at in rows:
        latest.setdefault((ct_id, object_id), (label, at))
        if len(latest) == RECENT_LIMIT:
            break
    objects = load_objects(latest)
    items = []
    for pair, (label, at) in latest.items():
        obj = objects.get(pair)
        if obj is not None:
            items.append(Item(str(obj), _url(obj), note=f"{label} · {at:%d.%m.%Y}", key=_key(*pair)))
    return [Section("recent-actions", "Недавние действия", items=items, kind=RECENT, order=20)] if items else []


def platform_lists(user):
    items = []
    if can(user, "review_access_requests"):
        items.append(Item("Заявки на доступ к паспорту", reverse("accounts:access_queue")))
    items.append(Item("Уведомления", reverse("notifications:list")))
    if can(user, "grant_roles"):
        items.append(Item("Роли пользователей", reverse("roles:list")))
    return [Section("platform-lists", "Уведомления и профиль", kind=LISTS, order=95,
                    items=[*items, Item("Профиль", reverse("accounts:profile"))])]


AWAITING_PROVIDERS = (access_requests, deadlines, notices)
OVERVIEW_PROVIDERS = (recent, platform_lists)
