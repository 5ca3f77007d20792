"""The author's part of «Мой кабинет» (issue 14, item 4): drafts to finish and submit, practices returned
for revision with the working days left of the 5-day clock (4.1.9, F-DL-1), the recently changed
practices and the main lists. Registered in ``PracticesConfig.ready``."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery

from practices.models import Practice, PracticeState, TeamMember
from practices.services import REVISION_DEADLINE_KIND
from smarteka import usercache
from smarteka.cabinet import LISTS, RECENT, Item, Section, key_of
from smarteka.deadlines.models import Deadline
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import can

RECENT_LIMIT = 5
ITEM_FIELDS = ("title", "state", "updated_at")  # what an item shows (issue 17: not the passport's columns)


def _mine(user):
    """The practices the user authors or is on the team of (as «Мои практики»)."""
    # issue 17 item 2: the team's practices (a few) as a list of ids, so the author's side reads the index
    # practice_author_updated (an OR with a subquery scanned all 100,000 practices for every user)
    # (kept per user with the header's values: joining a team comes with a notice or the user's own POST)
    team = usercache.remembered(
        user, "team_practices", lambda: list(TeamMember.objects.filter(user=user).values_list("practice_id", flat=True)))
    return Practice.objects.filter(Q(author=user) | Q(pk__in=team)).exclude(state=PracticeState.DELETED)


def awaiting(user):
    """Drafts (fill in and submit, F-PASS-4) and practices on revision (revise and resubmit within 5
    working days of the notice, 4.1.9)."""
    due = (Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Practice), object_id=OuterRef("pk"),
                                   kind=REVISION_DEADLINE_KIND, state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])
           .order_by("due_on").values("due_on")[:1])
    rows = list(_mine(user).filter(state__in=[PracticeState.DRAFT, PracticeState.REVISION])
                .only(*ITEM_FIELDS).annotate(revision_due=Subquery(due)).order_by("-updated_at", "-pk"))
    revision = [Item(str(p), reverse("practices:edit", args=[p.pk]),
                     note="Доработайте по замечаниям и отправьте повторно", due_on=p.revision_due, key=key_of(p))
                for p in rows if p.state == PracticeState.REVISION]
    drafts = [Item(str(p), reverse("practices:edit", args=[p.pk]),
                   note=f"Черновик · изменён {p.updated_at:%d.%m.%Y}: заполните паспорт и подайте практику",
                   key=key_of(p))
              for p in rows if p.state == PracticeState.DRAFT]
    sections = []
    if revision:
        sections.append(Section("author-revision", "Практики на доработке", revision, order=20,
                                url=reverse("practices:my"), url_label="Мои практики"))
    if drafts:
        sections.append(Section("author-drafts", "Черновики", drafts, order=21,
                                url=reverse("practices:my"), url_label="Мои практики"))
    return sections


def overview(user):
    """The user's recently changed practices (any state) and the author's main lists."""
    sections = []
    recent = list(_mine(user).only(*ITEM_FIELDS).order_by("-updated_at", "-pk")[:RECENT_LIMIT])
    if recent:
        sections.append(Section("my-practices", "Мои практики", kind=RECENT, order=10, url=reverse("practices:my"),
                                url_label="Все мои практики",
                                items=[Item(str(p), reverse("practices:preview", args=[p.pk])
                                            if p.state not in (PracticeState.PUBLISHED, PracticeState.ARCHIVED)
                                            else p.get_absolute_url(),
                                            note=f"{p.get_state_display()} · {p.updated_at:%d.%m.%Y}", key=key_of(p))
                                       for p in recent]))
    if can(user, "create_practice") or recent:
        items = [Item("Мои практики", reverse("practices:my"))]
        if can(user, "create_practice"):
            items.append(Item("Новая практика", reverse("practices:create")))
        sections.append(Section("author-lists", "Практики", kind=LISTS, order=20, items=items))
    sections.append(Section("catalogue-lists", "Каталог", kind=LISTS, order=90, items=[
        Item("Каталог практик", reverse("practices:catalogue")),
        Item("База знаний", reverse("practices:knowledge_base")),
        Item("Дайджест месяца", reverse("practices:digest"))]))
    return sections
