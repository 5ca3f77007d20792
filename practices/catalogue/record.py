"""The replication record of a practice page (F-PLUS-2): every region that asked for, is implementing or
has implemented the practice, with its stage, dates and reported results.

Practices never imports replication: the request model is found by name (``apps.get_model``), as the
catalogue's replication counts are; without that app the record is empty.
"""

from django.apps import apps
from django.db.models import Count, Prefetch

from practices.enums import PUBLIC_STATES
from practices.models import Practice
from regions.map import buckets, region_map
from regions.models import Region

# choice: refused, declined and dismissed requests are not listed — the record is of regions that take
# the practice up; «Назначен модератор» is still the request stage for the public
STAGES = {
    "requested": ("Подана заявка", "secondary"),
    "assigned": ("Подана заявка", "secondary"),
    "in_progress": ("Внедряется", "primary"),
    "done": ("Внедрено", "success"),
}


def replication_record(practice):
    """``[request]`` ordered implemented first, then implementing, then asked for, newest first within a
    stage; each with ``stage_label``, ``stage_style`` and ``reported`` (the results rows of a completed
    replication). Two queries whatever the number of requests."""
    try:
        model = apps.get_model("replication", "ReplicationRequest")
        result_model = apps.get_model("replication", "ReplicationResult")
    except LookupError:
        return []
    requests = list(
        model.objects.filter(practice=practice, state__in=list(STAGES)).select_related("recipient_region")
        .only("pk", "state", "created_at", "started_at", "done_at", "implementation_started_on",
              "implementation_finished_on", "practice_id", "recipient_region__name", "recipient_region__code",
              "recipient_region__slug")
        .prefetch_related(Prefetch("results", queryset=result_model.objects.order_by("order", "pk"),
                                   to_attr="all_results"))
        .order_by("-created_at", "-pk"))
    order = {"done": 0, "in_progress": 1, "assigned": 2, "requested": 2}
    requests.sort(key=lambda r: order[r.state])
    for req in requests:
        req.stage_label, req.stage_style = STAGES[req.state]
        req.reported = req.all_results if req.state == "done" else []
    return requests


MAP_STAGES = {"requested": "map-requested", "assigned": "map-requested", "in_progress": "map-in-progress",
              "done": "map-done"}
MAP_LEGEND = [("map-author", "регион-автор"), ("map-done", "внедрена"), ("map-in-progress", "внедряется"),
              ("map-requested", "подана заявка"), ("map-none", "нет заявок")]


def record_map(practice, record):
    """F-PLUS-2: the practice page's map — the replication record's regions coloured by stage, the
    author region apart (one query: the regions' names). choice: a region the passport names as
    implementing the practice («Другие регионы, где внедрена») without a request on the platform is
    coloured «внедрена» too, its title saying where that comes from."""
    marks = {r.code: ("map-done", "внедрена (по данным паспорта практики)")
             for r in practice.implemented_regions.all()}
    for req in record:
        marks[req.recipient_region.code] = (MAP_STAGES[req.state], req.stage_label.lower())
    marks[practice.region.code] = ("map-author", "регион-автор практики")
    return region_map(marks, label=f"Карта тиражирования практики «{practice.title}» по регионам России",
                      legend=MAP_LEGEND)


def home_maps(published_by_region):
    """F-PLUS-2: the home page's two all-Russia maps — regions by published practices (the summary
    table's counts, ``{region pk: n}``, no query) and by adopted practices (other regions' published or
    archived practices implemented there: one aggregate query), with the rows of their table equivalent.
    One more query reads the regions' names. Bucket bounds: regions.map.buckets."""
    regions = list(Region.objects.only("pk", "code", "name", "slug").order_by("name"))
    adopted_by_region = dict(
        Practice.implemented_regions.through.objects.filter(practice__state__in=PUBLIC_STATES)
        .values("region_id").annotate(n=Count("practice_id")).values_list("region_id", "n"))
    published_css, published_legend = buckets("map-pub")
    adopted_css, adopted_legend = buckets("map-adopt")
    published_marks, adopted_marks, rows = {}, {}, []
    for region in regions:
        published, adopted = published_by_region.get(region.pk, 0), adopted_by_region.get(region.pk, 0)
        if published:
            published_marks[region.code] = (published_css(published), f"опубликованных практик: {published}")
        if adopted:
            adopted_marks[region.code] = (adopted_css(adopted), f"внедрено практик других регионов: {adopted}")
        if published or adopted:
            rows.append({"region": region, "published": published, "adopted": adopted})
    none = [("map-none", "нет")]
    return {
        "published_map": region_map(published_marks, regions=regions, legend=none + published_legend,
                                    label="Карта России: опубликованные практики по регионам"),
        "adopted_map": region_map(adopted_marks, regions=regions, legend=none + adopted_legend,
                                  label="Карта России: внедрённые практики других регионов по регионам"),
        "map_rows": rows,
    }
