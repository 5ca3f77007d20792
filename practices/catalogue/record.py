"""The replication record of a practice page (F-PLUS-2): every region that asked for, is implementing or
has implemented the practice, with its stage, dates and reported results.

Practices never imports replication: the request model is found by name (``apps.get_model``), as the
catalogue's replication counts are; without that app the record is empty.
"""

from django.apps import apps
from django.db.models import Prefetch

from regions.map import region_map

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
