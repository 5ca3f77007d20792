"""Figures of the home page (F-REPORT-4) and the monthly digest's data (F-CAT-4)."""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from practices.catalogue.facets import catalogue_counts
from practices.catalogue.query import replication_model
from practices.enums import PUBLIC_STATES
from practices.models import Appreciation, Practice, PracticeState
from regions.models import Region


def platform_figures(counts=None):
    """F-REPORT-4: published practices, completed replications, regions involved (author regions of
    published practices and regions where they are implemented).

    Issue 17 item 2: the published total and the author regions come from the summary table of the
    catalogue's counts (``catalogue_counts``, kept exact by triggers); the regions where a published
    practice is implemented are one EXISTS per region over the indexed link table — no DISTINCT over
    every published practice. ``counts``: the ``catalogue_counts(PUBLISHED)`` already read by the caller."""
    total, counts = counts or catalogue_counts(PracticeState.PUBLISHED)
    through = Practice.implemented_regions.through
    adopted = Exists(through.objects.filter(region_id=OuterRef("pk"), practice__state=PracticeState.PUBLISHED))
    regions = Region.objects.filter(Q(pk__in=list(counts["region"])) | Q(adopted)).count()
    model = replication_model()
    replications = model.objects.filter(state="done").count() if model is not None else 0
    return {"published": total, "replications": replications, "regions": regions}


def midnight(day):
    """The start of ``day`` in the current time zone (what a ``__date`` lookup compares with), as an aware
    datetime: a range on the column itself, without converting every row's timestamp (issue 17 item 2)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь"]


def month_name(month):
    """«ноябрь 2026»: the month in words (issue 14, item 10)."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def last_active_month(today):
    """The digest's default month (issue 14, item 10): the latest month up to ``today``'s with activity —
    a «Полезно» mark, a replication request or a publication —, else the previous month.
    choice: the current month counts too, so a digest opened mid-month shows what already happened."""
    until = midnight(today + datetime.timedelta(days=1))
    # issue 17: each «latest» is an ORDER BY … DESC LIMIT 1, which PostgreSQL answers from the end of an index
    # (a MAX over a join or over two states read 100,000 rows: 30–135 ms at the bench's 100,000 practices)
    latest_published = [Practice.objects.filter(state=state, published_at__lt=until).order_by("-published_at")
                        .values_list("published_at", flat=True)[:1] for state in PUBLIC_STATES]
    dates = [Appreciation.objects.filter(created_at__lt=until, practice__state__in=PUBLIC_STATES)
             .aggregate(m=Max("created_at"))["m"],
             max(latest_published[0].union(*latest_published[1:]), default=None)]
    model = replication_model()
    created = _created_field(model) if model is not None else None
    if created:
        dates.append(model.objects.filter(**{f"{created}__lt": until}, practice__state__in=PUBLIC_STATES)
                     .exclude(state="dismissed").order_by(f"-{created}").values_list(created, flat=True).first())
    dates = [timezone.localtime(d).date() for d in dates if d is not None]
    return max(dates).replace(day=1) if dates else previous_month(today)


def previous_month(today):
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_bounds(month):
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


def _created_field(model):
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("created_at", "requested_at", "submitted_at") if n in names), None)


def digest(month, limit=10):
    """F-CAT-4: the month's most requested and most appreciated practices and the leading author regions."""
    start, end = month_bounds(month)
    public = Practice.objects.filter(state__in=PUBLIC_STATES).select_related("region", "category")
    # issue 17 item 2: counted from the month's marks (grouping every public practice took seconds)
    top = (Appreciation.objects.filter(created_at__gte=midnight(start), created_at__lt=midnight(end),
                                       practice__state__in=PUBLIC_STATES)
           .order_by().values("practice_id", "practice__title").annotate(n=Count("pk"))
           .order_by("-n", "practice__title")[:limit])
    marked = {row["practice_id"]: row["n"] for row in top}
    by_pk = public.in_bulk(list(marked))
    appreciated = []
    for pk, n in marked.items():
        if pk in by_pk:
            by_pk[pk].n = n
            appreciated.append(by_pk[pk])
    requested = []
    model = replication_model()
    created = _created_field(model) if model is not None else None
    request_counts = {}
    if created:
        rows = (model.objects.filter(**{f"{created}__gte": midnight(start), f"{created}__lt": midnight(end)},
                                     practice__state__in=PUBLIC_STATES)
                .exclude(state="dismissed").order_by().values("practice_id").annotate(n=Count("pk")))
        request_counts = {row["practice_id"]: row["n"] for row in rows}
        top = sorted(request_counts.items(), key=lambda kv: -kv[1])[:limit]
        by_pk = public.in_bulk([pk for pk, _ in top])
        requested = [(by_pk[pk], n) for pk, n in top if pk in by_pk]
    marks = (Appreciation.objects.filter(created_at__gte=midnight(start), created_at__lt=midnight(end),
                                         practice__state__in=PUBLIC_STATES)
             .order_by().values("practice__region_id").annotate(n=Count("pk")))
    region_marks = {row["practice__region_id"]: row["n"] for row in marks}
    published = (Practice.objects.filter(state__in=PUBLIC_STATES, published_at__gte=midnight(start),
                                         published_at__lt=midnight(end))
                 .order_by().values("region_id").annotate(n=Count("pk")))
    region_published = {row["region_id"]: row["n"] for row in published}
    region_requests = {}
    if request_counts:
        for pk, region_id in Practice.objects.filter(pk__in=request_counts).values_list("pk", "region_id"):
            region_requests[region_id] = region_requests.get(region_id, 0) + request_counts[pk]
    region_ids = set(region_marks) | set(region_published) | set(region_requests)
    regions = Region.objects.in_bulk(region_ids)
    leaders = sorted(
        ({"region": regions[rid], "published": region_published.get(rid, 0),
          "appreciations": region_marks.get(rid, 0), "requests": region_requests.get(rid, 0)}
         for rid in region_ids if rid in regions),
        key=lambda r: (-(r["requests"] + r["appreciations"]), -r["published"], r["region"].name))[:limit]
    return {"month": start, "requested": requested, "appreciated": list(appreciated), "regions": leaders}
