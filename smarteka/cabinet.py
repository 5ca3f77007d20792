"""«Мой кабинет» (issue 14, item 4): the registry of what each app shows a user on the start page.

No lower app imports a higher one, so the start page (``smarteka/views_cabinet.py``) does not ask the
apps: each app registers its providers here from its ``AppConfig.ready()``::

    from smarteka import cabinet
    cabinet.register(awaiting_provider)                # in practices/apps.py, experts/apps.py …
    cabinet.register(overview_provider, awaiting=False)  # recent objects and lists only

A provider is ``callable(user) -> iterable of Section``; it answers for the roles the user holds and
returns nothing otherwise (check the role first: the header counter runs every awaiting provider on every
page, so a provider costs a constant number of queries and none for a user without its role; a provider
registered with ``awaiting=False`` runs on the start page only). A ``Section`` is

* ``AWAITING``: what waits for the user's action now — each ``Item`` with its link and, where a clock
  runs, ``due_on`` (the page shows the working days left);
* ``RECENT``: the user's recent objects;
* ``LISTS``: the role's main lists (links).

The awaiting items of all sections are counted once per object: an item's ``key`` (``"app.model:pk"``,
see ``key_of``) or its ``url`` dedupes the same object met in a role's queue, an open deadline and an
action notice — the first section (lowest ``order``) keeps it and takes the earliest due day. ``awaiting_count`` is the header's counter,
cached on the request.

choice: the regulation has no start page; it sets the clocks (F-DL-*) and says who acts at each stage
(4.1–4.6, 5.3). The start page lists those stages' waiting objects for the user's roles, each once, with
the working days left where a clock runs; the counter is the number of those objects.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from smarteka import usercache
from smarteka.workcalendar.services import working_days_between

AWAITING, RECENT, LISTS = "awaiting", "recent", "lists"


@dataclass
class Item:
    title: str
    url: str
    note: str = ""                 # what to do, the region, the state …
    due_on: date | None = None     # the day the action is due (working days left are shown)
    key: str = ""                  # "app_label.model:pk" of the object, to count it once
    days_left: int | None = None   # filled by ``sections_for``
    ref: tuple | None = None       # (content_type_id, object_id) for a section's ``resolve``

    @property
    def overdue(self):
        return self.days_left is not None and self.days_left < 0


@dataclass
class Section:
    key: str
    title: str
    items: list = field(default_factory=list)
    kind: str = AWAITING
    url: str = ""                  # the full list
    url_label: str = ""
    empty: str = ""                # shown when there are no items; a section without items and without
    order: int = 50                # an ``empty`` text is not shown
    # resolve(items): fills the titles and links when the start page is drawn (not for the header's
    # counter, which needs only the keys) — for items whose objects are costly to name
    resolve: object = None
    total: int | None = None       # awaiting items before the start page's cut (SHOWN)


# issue 17: the start page shows the SHOWN most urgent items of an awaiting section (the providers order
# them: the nearest due day or the longest waiting first) and says how many there are; the header's counter
# and the section's count still count them all, the full list is the section's link.
SHOWN = 10


def key_of(obj):
    """``"app_label.model:pk"`` of a model instance (the dedupe key of its items)."""
    return f"{obj._meta.label_lower}:{obj.pk}"


_providers = {}  # provider -> whether it returns awaiting items (the header's counter runs those only)


def register(provider, *, awaiting=True):
    """Add a provider (idempotent: a reloaded app registers once); ``awaiting=False`` for one that returns
    only recent objects and lists."""
    _providers[provider] = awaiting
    return provider


def unregister(provider):
    _providers.pop(provider, None)


def providers():
    return list(_providers)


def _identities(item):
    return [i for i in (item.key, f"url:{item.url}" if item.url else "") if i]


def _merge(sections, today):
    """Drop the awaiting items met before — the same object (key) or the same page (url) —, giving the
    first its earliest due day; working days left from the production calendar."""
    seen = {}
    for section in sections:
        if section.kind != AWAITING:
            continue
        kept = []
        for item in section.items:
            first = next((seen[i] for i in _identities(item) if i in seen), None)
            if first is not None:
                if item.due_on and (first.due_on is None or item.due_on < first.due_on):
                    first.due_on = item.due_on
                continue
            for identity in _identities(item):
                seen[identity] = item
            kept.append(item)
        section.items = kept
    shown = set()  # a recent object listed once, in the first section that lists it
    for section in sections:
        if section.kind == RECENT:
            section.items = [i for i in section.items if not (i.key and i.key in shown)]
            shown.update(i.key for i in section.items if i.key)
    for section in sections:
        for item in section.items:
            if item.due_on:
                item.days_left = working_days_between(today, item.due_on)
    return sections


def sections_for(user, today=None, *, awaiting_only=False):
    """Every provider's sections for ``user``, ordered, the awaiting items counted once."""
    if not getattr(user, "is_authenticated", False):
        return []
    sections = []
    for provider, awaiting in list(_providers.items()):
        if awaiting or not awaiting_only:
            sections.extend(provider(user) or ())
    sections.sort(key=lambda s: s.order)
    sections = _merge(sections, today or timezone.localdate())
    if not awaiting_only:
        for section in sections:
            if section.kind == AWAITING:
                section.total = len(section.items)
                section.items = section.items[:SHOWN]
            if section.resolve is not None and section.items:
                section.resolve(section.items)
                named = [item for item in section.items if item.title]
                if section.total is not None:  # an object gone since its item was listed is not counted
                    section.total -= len(section.items) - len(named)
                section.items = named
    return sections


def count_awaiting(sections):
    return sum(len(s.items) if s.total is None else s.total for s in sections if s.kind == AWAITING)


def awaiting_count(request):
    """The header's counter: awaiting items of ``request.user`` — once per request, and kept between
    requests by ``smarteka.usercache`` (dropped on a notice or a POST of the user; see there). The start
    page counts afresh and stores its count (``remember_count``)."""
    user = request.user
    return usercache.remembered(user, "awaiting", lambda: count_awaiting(sections_for(user, awaiting_only=True)))


def remember_count(request, count):
    usercache.remember(request.user, "awaiting", count)
