"""Review queues (F-VAL-7): what waits for each reviewer, oldest first, with working days in the stage
and, for practices on revision, the working days left of the author's 5-day deadline (F-DL-1)."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.safestring import mark_safe

from practices.models import PRACTICE_TEXT, Material, MaterialKind, Practice, PracticeState, Track
from practices.services import REVISION_DEADLINE_KIND
from smarteka.cacheversion import CacheVersion
from smarteka.deadlines.models import Deadline
from smarteka.permissions import active_grants, has_role, role_categories, role_regions
from smarteka.roles.models import Role
from smarteka.workcalendar.services import working_days_between
from validation.models import ActualizationState
from validation.permissions import LETTER_STATES


@dataclass
class Section:
    key: str
    title: str
    rows: list
    empty: str = "Нет практик."
    show_state: bool = True
    total: int | None = None  # all the section's practices; ``rows`` holds the oldest QUEUE_LIMIT of them

    def __post_init__(self):
        if self.total is None:
            self.total = len(self.rows)


# issue 17 item 2: the queue page shows a section's QUEUE_LIMIT longest-waiting practices and the total (at
# 100,000 practices a coordinator's «Все практики региона» holds more than a thousand); «Все N» opens the
# whole section, SECTION_PAGE a page (``section_page``).
# choice: the oldest first is the order of work (F-VAL-7), so the cut keeps what needs action first; 20 rows
# a section keep the page of a reviewer with four sections readable (and cheap to render under load).
QUEUE_LIMIT = 20
SECTION_PAGE = 50


def _oldest_first(queryset):
    """Oldest first: by when the practice entered its current state (``stage_started_at``, the index
    practice_stage_queue); a practice whose history does not say comes first."""
    return queryset.order_by(F("stage_started_at").asc(nulls_first=True), "pk")


def with_stage_start(queryset):
    """``_oldest_first`` with the rows' relations and ``revision_due`` (due day of the open F-DL-1 deadline)."""
    ct = ContentType.objects.get_for_model(Practice)
    due = (Deadline.objects.filter(content_type=ct, object_id=OuterRef("pk"), kind=REVISION_DEADLINE_KIND,
                                   state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])
           .order_by("-due_on").values("due_on")[:1])
    return (_oldest_first(queryset).select_related("region", "category", "author", "expert_moderator")
            .defer(*PRACTICE_TEXT).annotate(revision_due=Subquery(due)))


def rows(queryset, today=None, limit=None, offset=0):
    """Practices with ``days_in_stage`` and ``days_left`` (revision only; negative = overdue); the
    ``limit`` longest-waiting ones (after ``offset``) if given.

    Issue 17: with a ``limit`` the page's ids are chosen first (a subquery with its own ORDER BY and LIMIT)
    and only they are joined to their region, category, author and deadline — joining every practice in
    work before the cut read the whole user table (20–30 ms for the ASI moderator's 2,600)."""
    today = today or timezone.localdate()
    result = []
    if limit:
        page = _oldest_first(queryset).values("pk")[offset:offset + limit]
        queryset = Practice.objects.filter(pk__in=page)
    ordered = with_stage_start(queryset)
    for practice in ordered:
        started = practice.stage_started_at or practice.updated_at
        practice.days_in_stage = working_days_between(timezone.localdate(started), today) if started else None
        practice.days_left = (working_days_between(today, practice.revision_due)
                              if practice.revision_due else None)
        result.append(practice)
    return result


@dataclass
class _Spec:
    """A section before its rows are read: ``section_specs`` builds querysets only."""
    key: str
    title: str
    queryset: object
    empty: str = "Нет практик."
    show_state: bool = True


def sections_for(user, today=None):
    """Issue 17 item 2: every section of the user with its QUEUE_LIMIT longest-waiting practices and total."""
    result = []
    for spec in section_specs(user):
        shown = rows(spec.queryset, today, limit=QUEUE_LIMIT)
        total = len(shown) if len(shown) < QUEUE_LIMIT else spec.queryset.count()
        result.append(Section(spec.key, spec.title, shown, spec.empty, spec.show_state, total=total))
    return result


def section_page(user, key, page_number, today=None):
    """One whole section of the user's queue, SECTION_PAGE practices a page, the longest-waiting first:
    ``(section, page)``, or ``None`` when the user has no such section (the view answers 404)."""
    spec = next((s for s in section_specs(user) if s.key == key), None)
    if spec is None:
        return None
    page = Paginator(spec.queryset.order_by("pk").values_list("pk", flat=True), SECTION_PAGE).get_page(page_number)
    shown = rows(spec.queryset, today, limit=SECTION_PAGE, offset=page.start_index() - 1 if page.paginator.count else 0)
    return Section(spec.key, spec.title, shown, spec.empty, spec.show_state, total=page.paginator.count), page


def section_specs(user):
    sections = []
    # an actualization's edit copy (F-ACT-1) is not a practice of its own: it has its own section below
    live = Practice.objects.exclude(state=PracticeState.DELETED).filter(actualization_of__isnull=True)
    edits = Practice.objects.filter(state=PracticeState.ACTUALIZATION_REVIEW)
    regions = role_regions(user, Role.COORDINATOR)
    if regions:
        sections.append(_Spec("coordinator-waiting", "Ждут подтверждения региона",
                              live.filter(region__in=regions, state=PracticeState.REGIONAL_REVIEW),
                              "Нет практик, ожидающих подтверждения.", show_state=False))
        sections.append(_Spec("coordinator-all", "Все практики региона",
                              live.filter(region__in=regions).exclude(state=PracticeState.DRAFT),
                              "В регионе пока нет поданных практик."))
    if has_role(user, Role.ASI_MODERATOR):
        waiting = live.filter(
            Q(state=PracticeState.PACKAGING, expert_moderator__isnull=True)
            | Q(state=PracticeState.PACKAGING, packaged_at__isnull=False)
            | Q(state=PracticeState.READY_TO_PUBLISH))
        sections.append(_Spec("asi-waiting", "Ждут решения модератора АСИ", waiting,
                              "Нет практик, ожидающих вашего решения."))
        in_review = live.filter(state__in=[PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING,
                                           PracticeState.EXPERT_REVIEW, PracticeState.RATING_COMMITTEE,
                                           PracticeState.REVISION])
        sections.append(_Spec("asi-all", "Все практики на валидации", in_review,
                              "Нет практик на валидации."))
        # 4.5.6: the requests to actualize waiting for the ASI moderator's grant (F-ACT-1)
        asked = live.filter(actualization_requests__state=ActualizationState.REQUESTED)
        sections.append(_Spec("actualization-requests", "Запросы на актуализацию: предоставить доступ",
                              asked, "Нет запросов, ожидающих доступа к редактированию.",
                              show_state=False))
    categories = role_categories(user, Role.EXPERT_MODERATOR)
    if categories:
        mine = live.filter(category__in=categories).filter(
            Q(state=PracticeState.PACKAGING, expert_moderator=user, packaged_at__isnull=True)
            | Q(state=PracticeState.EXPERT_REVIEW, expert_moderator=user)
            | Q(state=PracticeState.EXPERT_REVIEW, expert_moderator__isnull=True))
        sections.append(_Spec("expert-moderator", "Упаковка и экспертная оценка", mine,
                              "Вам не направлено ни одной практики."))
    if categories or has_role(user, Role.ASI_MODERATOR):
        if not has_role(user, Role.ASI_MODERATOR):
            edits = edits.filter(actualization_of__category__in=categories)
        sections.append(_Spec("actualizations", "Актуализации на проверке", edits,
                              "Нет актуализаций, ожидающих проверки.", show_state=False))
    if has_role(user, Role.RATING_COMMITTEE):
        sections.append(_Spec("rating-committee", "Верификация рейтинговым комитетом",
                              live.filter(state=PracticeState.RATING_COMMITTEE),
                              "Нет практик на верификации.", show_state=False))
    return sections


# --- issue 17: the queue page's sections kept per user until a review-workflow write
#
# The queue page is the reviewers' working page, opened again and again; what it shows changes only when a
# practice in work changes (a transition, a routing, an edit during revision), its revision clock is
# restarted, or an actualization is asked for. Those writes bump QUEUES (``connect_invalidation``, after their
# commit); the sections are kept per user, their role grants and the day (the working days count by the
# day), REVIEW_QUEUE_CACHE_SECONDS at most. choice: a renamed region, category or author shows in a kept
# queue up to that long later; the review page itself is always read afresh.

QUEUES = CacheVersion("review-queues:version")


def sections_cache_key(user, today=None):
    """The key of ``user``'s rendered sections, or None when the cache is off."""
    if not settings.REVIEW_QUEUE_CACHE_SECONDS:
        return None
    # the same in every worker process (``hash()`` of a str is salted per process)
    grants = hashlib.md5(repr(sorted(map(str, active_grants(user)))).encode(), usedforsecurity=False).hexdigest()
    return f"review-queues:{QUEUES.current()}:{user.pk}:{grants}:{today or timezone.localdate()}"


def kept_sections(user, render):
    """The HTML of ``render(sections_for(user))``, from the cache when nothing in work changed since."""
    key = sections_cache_key(user)
    html = cache.get(key) if key else None
    if html is None:
        html = render(sections_for(user))
        if key:
            cache.set(key, str(html), settings.REVIEW_QUEUE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — rendered by our own template, escaped there


def _practice_saved(sender, instance, **kwargs):
    """A practice in work or leaving the work (drafts are in no queue: an author's autosave bumps nothing)."""
    if instance.__dict__.get("state") != PracticeState.DRAFT:
        QUEUES.bump()


def _changed(sender, **kwargs):
    QUEUES.bump()


def connect_invalidation():
    """Called from ValidationConfig.ready(); the revision clock's restart bumps QUEUES itself
    (``services.start_revision_clock_on_email``: a queryset update sends no signal)."""
    from django.db.models.signals import post_delete, post_save

    from validation.models import ActualizationRequest

    post_save.connect(_practice_saved, sender=Practice, dispatch_uid="validation.queues.practice")
    post_delete.connect(_changed, sender=Practice, dispatch_uid="validation.queues.practice_deleted")
    post_save.connect(_changed, sender=ActualizationRequest, dispatch_uid="validation.queues.actualization")
    post_delete.connect(_changed, sender=ActualizationRequest, dispatch_uid="validation.queues.actualization_deleted")


# --- the Partner's page (2.2.4–2.2.5, F-TRACK-2, F-TRACK-4)


def recommended_practices(user):
    """The practices on which ``user`` (a Partner) recorded its recommendation letter, any stage."""
    ids = Material.objects.filter(kind=MaterialKind.STATE_COUNCIL_LETTER, added_by=user).values("practice_id")
    return Practice.objects.filter(pk__in=ids).select_related("region", "category")


def letter_candidates():
    """Submitted practices of the State Council track a letter may still be attached to."""
    return (Practice.objects.filter(track=Track.STATE_COUNCIL, state__in=LETTER_STATES)
            .select_related("region").order_by("region__name", "title"))
