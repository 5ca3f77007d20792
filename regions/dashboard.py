"""The coordinator's dashboard (F-REPORT-1, issue 18 item 1): one region's practices by state, its open and
overdue deadlines with the working days left, the replication requests in (other regions adopting the region's
practices) and out (the region adopting others'), with their stage, and the region's leader status this year;
for the ASI moderator the same for any region and every region side by side (sortable).

regions never imports practices, replication or validation: their models are reached through the reverse
relations of ``Region`` (``Region._meta.get_field("practices").related_model``), states are compared as
string values and their Russian names come from the fields' ``choices``.

choice: the regulation names no dashboard. It counts the region's practices in the states a coordinator
follows (not drafts — the author's own — nor deleted ones, nor the edit copies of actualization, which are not
practices of their own); a clock counts for the region when it runs on the region's practice, on a request
for updating its contacts (4.1.12), on the author's silence about its practice, or on a replication request
in or out (both regions follow a request, 5.3); an expert's evaluation clock is the expert's own and is not
shown. The coordinator's start page stays «Мой кабинет» (what awaits their action now); the dashboard is the
first link of its «Мой регион» section and of the header.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from regions.models import LeaderRegistryEntry, Region
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.registry import all_kinds
from smarteka.permissions import get_object_for, has_role, permission_required, role_regions
from smarteka.roles.models import Role
from smarteka.workcalendar.services import working_days_between

# practice states by value, in the order a practice goes through them (regions never imports practices)
REVIEW_STATES = ("regional_review", "packaging", "expert_review", "rating_committee", "ready_to_publish")
IN_WORK_STATES = (*REVIEW_STATES, "revision")
SHOWN_STATES = (*IN_WORK_STATES, "published", "archived", "rejected")
OPEN_REQUEST_STATES = ("requested", "assigned", "in_progress")
REQUEST_STATES = (*OPEN_REQUEST_STATES, "done", "declined", "refused", "dismissed")
LIVE_DEADLINES = (Deadline.State.OPEN, Deadline.State.OVERDUE)
# the demo kind of smarteka.deadlines (tests, demo data) is nobody's clock (an expert's evaluation clock runs on
# the expert's invitation, an object the dashboard does not follow)
NOT_REGION_KINDS = ("generic",)

DEADLINE_LIST = 50  # nearest clocks listed (a region with a thousand published practices has as many yearly ones)
REQUEST_LIST = 30   # requests in and out listed, open first, newest first


# --- the models of the higher apps, through Region's reverse relations


def practice_model():
    return Region._meta.get_field("practices").related_model


def request_model():
    return Region._meta.get_field("replication_requests").related_model


def contact_request_model():
    return Region._meta.get_field("contact_update_requests").related_model


def silence_model():
    return practice_model()._meta.get_field("author_silences").related_model


def _labels(model, field="state"):
    return dict(model._meta.get_field(field).choices)


def _practices():
    """The practices a dashboard counts: not drafts, deleted ones or actualization copies."""
    return practice_model().objects.filter(state__in=SHOWN_STATES, actualization_of__isnull=True)


# --- links of the counts: the lists that exist


def practices_link(region, state):
    """The list a count of practices in ``state`` opens: the catalogue and the Knowledge base filtered by the
    region for the public states; the region page's «В работе» list filtered by the state (visible to the
    region's coordinator and the Agency) for the others."""
    if state == "published":
        return f"{reverse('practices:catalogue')}?region={region.pk}"
    if state == "archived":
        return f"{reverse('practices:knowledge_base')}?region={region.pk}"
    return f"{region.get_absolute_url()}?state={state}#in-work"


# --- deadlines


def _region_deadline_parts(region):
    """The region's live clocks, one queryset per kind of object — on its practices, on requests out and in,
    on its contact-update requests and on its authors' silences. Apart, each is an index lookup by
    (content type, object id) for the region's objects; OR-ed together they would scan every live clock."""
    pm, rm, cm, sm = practice_model(), request_model(), contact_request_model(), silence_model()
    ct = ContentType.objects.get_for_models(pm, rm, cm, sm)
    live = Deadline.objects.filter(state__in=LIVE_DEADLINES).exclude(kind__in=NOT_REGION_KINDS).order_by()
    return [
        live.filter(content_type=ct[pm], object_id__in=pm.objects.filter(region=region).order_by().values("pk")),
        live.filter(content_type=ct[rm], object_id__in=rm.objects.filter(recipient_region=region).order_by()
                    .values("pk")),
        live.filter(content_type=ct[rm], object_id__in=rm.objects.filter(practice__region=region)
                    .exclude(recipient_region=region).order_by().values("pk")),
        live.filter(content_type=ct[cm], object_id__in=cm.objects.filter(region=region).order_by().values("pk")),
        live.filter(content_type=ct[sm], object_id__in=sm.objects.filter(practice__region=region).order_by()
                    .values("pk")),
    ]


def _name_deadlines(deadlines):
    """The object of each listed deadline, named and linked: one query per kind of object."""
    by_type = {}
    for d in deadlines:
        by_type.setdefault(d.content_type_id, set()).add(d.object_id)
    ct = ContentType.objects.get_for_models(practice_model(), request_model(), contact_request_model(),
                                            silence_model())
    named = {}
    ids = by_type.get(ct[practice_model()].pk, ())
    for p in practice_model().objects.filter(pk__in=ids).only("pk", "title", "state"):
        named[(ct[practice_model()].pk, p.pk)] = (f"Практика «{p}»", reverse("practices:detail", args=[p.pk]))
    ids = by_type.get(ct[request_model()].pk, ())
    for r in request_model().objects.filter(pk__in=ids).select_related("practice", "recipient_region").only(
            "pk", "state", "practice__title", "practice__state", "recipient_region__name"):
        named[(ct[request_model()].pk, r.pk)] = (
            f"Заявка № {r.pk}: {r.recipient_region} — «{r.practice}»", r.get_absolute_url())
    ids = by_type.get(ct[contact_request_model()].pk, ())
    for c in contact_request_model().objects.filter(pk__in=ids).select_related("practice").only(
            "pk", "year", "practice__title", "practice__state"):
        about = f" по практике «{c.practice}»" if c.practice_id else (f" за {c.year} год" if c.year else "")
        named[(ct[contact_request_model()].pk, c.pk)] = (f"Запрос актуализации контактов{about}",
                                                         c.get_absolute_url())
    ids = by_type.get(ct[silence_model()].pk, ())
    for s in (silence_model().objects.filter(pk__in=ids).select_related("practice")
              .only("pk", "practice__title", "practice__state")):
        named[(ct[silence_model()].pk, s.pk)] = (f"Практика «{s.practice}»",
                                                 reverse("practices:detail", args=[s.practice_id]))
    return named


def deadline_rows(region, today):
    """The nearest ``DEADLINE_LIST`` open or overdue clocks of the region (overdue first), the totals per kind:
    two queries (each a UNION ALL of the parts)."""
    parts = _region_deadline_parts(region)
    kinds = all_kinds()
    totals = {}
    grouped = [part.values("kind", "state").annotate(n=Count("pk")) for part in parts]
    for row in grouped[0].union(*grouped[1:], all=True):
        entry = totals.setdefault(row["kind"], {"kind": row["kind"], "open": 0, "overdue": 0})
        entry["overdue" if row["state"] == Deadline.State.OVERDUE else "open"] += row["n"]
    for entry in totals.values():
        entry["label"] = kinds[entry["kind"]].label if entry["kind"] in kinds else entry["kind"]
        entry["total"] = entry["open"] + entry["overdue"]
    nearest = [part.order_by("due_on", "pk")[:DEADLINE_LIST] for part in parts]
    shown = list(nearest[0].union(*nearest[1:], all=True).order_by("due_on", "pk")[:DEADLINE_LIST])
    named = _name_deadlines(shown)
    rows = []
    for d in shown:
        title, url = named.get((d.content_type_id, d.object_id), ("", ""))
        rows.append({"deadline": d, "label": d.kind_label, "title": title, "url": url,
                     "days_left": working_days_between(today, d.due_on)})
    return rows, sorted(totals.values(), key=lambda e: e["label"])


# --- replication requests in and out


def _requests_summaries(region):
    """``(incoming, outgoing)``: the count of each stage of the requests in and out, in one query."""
    counts = {"in": dict.fromkeys(REQUEST_STATES, 0), "out": dict.fromkeys(REQUEST_STATES, 0)}
    requests = request_model().objects.order_by()
    # two indexed lookups in one UNION ALL (an OR over both regions would scan every request)
    incoming = (requests.filter(practice__region=region).exclude(recipient_region=region)
                .annotate(direction=Value("in")).values("direction", "state").annotate(n=Count("pk")))
    outgoing = (requests.filter(recipient_region=region)
                .annotate(direction=Value("out")).values("direction", "state").annotate(n=Count("pk")))
    rows = incoming.union(outgoing, all=True)
    for row in rows:
        counts[row["direction"]][row["state"]] = row["n"]
    labels = _labels(request_model())
    return tuple([{"state": s, "label": labels.get(s, s), "count": counts[direction][s],
                   "open": s in OPEN_REQUEST_STATES} for s in REQUEST_STATES] for direction in ("in", "out"))


def _request_list(requests):
    return list(requests.select_related("practice", "practice__region", "recipient_region")
                .only("pk", "state", "created_at", "closed_at", "practice__title", "practice__state",
                      "practice__region__name", "recipient_region__name")
                .order_by(F("closed_at").asc(nulls_first=True), "-created_at", "-pk")[:REQUEST_LIST])


def region_context(region, today):
    """Everything the region dashboard shows (a constant number of queries)."""
    counts = dict.fromkeys(SHOWN_STATES, 0)
    for row in _practices().filter(region=region).order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    labels = _labels(practice_model())
    states = [{"state": s, "label": labels.get(s, s), "count": counts[s], "url": practices_link(region, s)}
              for s in SHOWN_STATES]
    deadlines, deadline_totals = deadline_rows(region, today)
    requests = request_model().objects.all()
    incoming = requests.filter(practice__region=region).exclude(recipient_region=region)
    outgoing = requests.filter(recipient_region=region)
    incoming_summary, outgoing_summary = _requests_summaries(region)
    leader_entries = list(LeaderRegistryEntry.objects.filter(region=region, year=today.year)
                          .order_by("reason", "direction"))
    return {
        "region": region, "today": today, "year": today.year,
        "states": states, "in_work_total": sum(counts[s] for s in IN_WORK_STATES),
        "practices_total": sum(counts.values()),
        "deadlines": deadlines, "deadline_totals": deadline_totals,
        "deadlines_total": sum(e["total"] for e in deadline_totals),
        "overdue_total": sum(e["overdue"] for e in deadline_totals), "deadline_limit": DEADLINE_LIST,
        "incoming": _request_list(incoming), "incoming_summary": incoming_summary,
        "outgoing": _request_list(outgoing), "outgoing_summary": outgoing_summary,
        "request_limit": REQUEST_LIST,
        "leader_entries": leader_entries,
    }


# --- the whole country


COLUMNS = (
    # key, header, group (a header over several columns), title (tooltip)
    ("name", "Регион", "", ""),
    ("district", "ФО", "", "Федеральный округ"),
    ("leader", "Лидер", "", "В реестре регионов-лидеров этого года"),
    ("in_work", "В работе", "Практики", "Практики на рассмотрении и на доработке"),
    ("published", "Опубликовано", "Практики", "Опубликованные практики"),
    ("archived", "В Базе знаний", "Практики", "Практики в Базе знаний"),
    ("rejected", "Отклонено", "Практики", "Отклонённые практики"),
    ("deadlines", "Всего", "Сроки", "Открытые сроки: идут и просрочены"),
    ("overdue", "Просрочено", "Сроки", "Просроченные сроки"),
    ("in_open", "Открыто", "Заявки к региону", "Открытые заявки других регионов на внедрение практик региона"),
    ("in_done", "Внедрено", "Заявки к региону", "Практики региона, внедрённые другими регионами"),
    ("out_open", "Открыто", "Заявки региона", "Открытые заявки региона на внедрение практик других регионов"),
    ("out_done", "Внедрено", "Заявки региона", "Практики других регионов, внедрённые регионом"),
)
SORT_KEYS = {column[0] for column in COLUMNS}


def _deadline_counts(rows):
    """Adds each region's open and overdue clocks to ``rows`` in one query: the clocks joined to their objects'
    regions (a request's clock counts for both of its regions).

    choice: raw SQL over the tables' names from ``_meta`` — a generic relation cannot be joined by the ORM
    without a ``GenericRelation`` on the higher apps' models, and a correlated subquery per clock is a million
    index probes at the bench's million deadlines; a UNION ALL of hash joins grouped once is not."""
    pm, rm, cm, sm = practice_model(), request_model(), contact_request_model(), silence_model()
    ct = ContentType.objects.get_for_models(pm, rm, cm, sm)
    q = connection.ops.quote_name

    def column(model, field):
        return q(model._meta.get_field(field).column)

    d, p, r, c, s = (q(m._meta.db_table) for m in (Deadline, pm, rm, cm, sm))
    live = (f"d.{column(Deadline, 'state')} IN (%s, %s) AND d.{column(Deadline, 'kind')} NOT IN "
            f"({', '.join(['%s'] * len(NOT_REGION_KINDS))}) AND d.{column(Deadline, 'content_type')} = %s")
    live_params = [*LIVE_DEADLINES, *NOT_REGION_KINDS]
    obj = column(Deadline, "object_id")
    parts = [
        (f"SELECT o.{column(pm, 'region')} AS region_id, d.{column(Deadline, 'state')} AS state FROM {d} d "
         f"JOIN {p} o ON o.{q(pm._meta.pk.column)} = d.{obj} WHERE {live}", pm),
        (f"SELECT o.{column(rm, 'recipient_region')}, d.{column(Deadline, 'state')} FROM {d} d "
         f"JOIN {r} o ON o.{q(rm._meta.pk.column)} = d.{obj} WHERE {live}", rm),
        # the practice's region, unless it is the recipient's too (counted once)
        (f"SELECT pp.{column(pm, 'region')}, d.{column(Deadline, 'state')} FROM {d} d "
         f"JOIN {r} o ON o.{q(rm._meta.pk.column)} = d.{obj} "
         f"JOIN {p} pp ON pp.{q(pm._meta.pk.column)} = o.{column(rm, 'practice')} "
         f"WHERE {live} AND pp.{column(pm, 'region')} <> o.{column(rm, 'recipient_region')}", rm),
        (f"SELECT o.{column(cm, 'region')}, d.{column(Deadline, 'state')} FROM {d} d "
         f"JOIN {c} o ON o.{q(cm._meta.pk.column)} = d.{obj} WHERE {live}", cm),
        (f"SELECT pp.{column(pm, 'region')}, d.{column(Deadline, 'state')} FROM {d} d "
         f"JOIN {s} o ON o.{q(sm._meta.pk.column)} = d.{obj} "
         f"JOIN {p} pp ON pp.{q(pm._meta.pk.column)} = o.{column(sm, 'practice')} WHERE {live}", sm),
    ]
    sql = ("SELECT region_id, state, COUNT(*) FROM (" + " UNION ALL ".join(part for part, _m in parts)
           + ") AS clocks GROUP BY region_id, state")
    params = [value for _part, model in parts for value in (*live_params, ct[model].pk)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for region_id, state, n in cursor.fetchall():
            entry = rows.get(region_id)
            if entry is None:
                continue
            entry["deadlines"] += n
            if state == Deadline.State.OVERDUE:
                entry["overdue"] += n


def country_figures(today):
    """``(rows, counted_at)``: ``country_rows`` kept in the cache ``COUNTRY_DASHBOARD_SECONDS`` (issue 17: the
    clocks' aggregate over a million deadlines took 350 ms for every view of the page).

    choice: the country view is an overview the ASI moderator reads, not a queue to act on — its figures may
    be up to five minutes old, and the page says when they were counted; a region's own dashboard is always
    counted afresh."""
    seconds = settings.COUNTRY_DASHBOARD_SECONDS
    key = f"regions:country-dashboard:{today.isoformat()}"
    kept = cache.get(key) if seconds else None
    if kept is None:
        kept = (country_rows(today), timezone.now())
        if seconds:
            cache.set(key, kept, seconds)
    return kept


def country_rows(today, sort="name"):
    """Every region's figures, sorted by ``sort`` (a column key, ``-`` for descending). A constant number of
    queries: one group-by per figure."""
    leader = LeaderRegistryEntry.objects.filter(region=OuterRef("pk"), year=today.year)
    regions = list(Region.objects.select_related("federal_district").annotate(is_leader=Exists(leader))
                   .order_by("name"))
    rows = {}
    for r in regions:
        rows[r.pk] = {"region": r, "name": r.name,
                      "district": r.federal_district.short_name if r.federal_district else "",
                      "leader": r.is_leader, "in_work": 0, "published": 0, "archived": 0, "rejected": 0,
                      "deadlines": 0, "overdue": 0, "in_open": 0, "in_done": 0, "out_open": 0, "out_done": 0}
    for row in _practices().order_by().values("region_id", "state").annotate(n=Count("pk")):
        key = "in_work" if row["state"] in IN_WORK_STATES else row["state"]
        if row["region_id"] in rows and key in rows[row["region_id"]]:
            rows[row["region_id"]][key] += row["n"]
    requests = request_model().objects.order_by()
    incoming = (requests.exclude(recipient_region=F("practice__region"))
                .values("practice__region_id", "state").annotate(n=Count("pk")))
    for row in incoming:
        key = "in_open" if row["state"] in OPEN_REQUEST_STATES else "in_done" if row["state"] == "done" else None
        if key and row["practice__region_id"] in rows:
            rows[row["practice__region_id"]][key] += row["n"]
    for row in requests.values("recipient_region_id", "state").annotate(n=Count("pk")):
        key = "out_open" if row["state"] in OPEN_REQUEST_STATES else "out_done" if row["state"] == "done" else None
        if key and row["recipient_region_id"] in rows:
            rows[row["recipient_region_id"]][key] += row["n"]
    _deadline_counts(rows)
    return sort_rows(list(rows.values()), sort)


def parse_sort(value):
    value = (value or "").strip()
    key = value.lstrip("-")
    return value if key in SORT_KEYS else "name"


def sort_rows(rows, sort):
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    # ties by name, always А→Я; empty districts (the four subjects of 2022) last
    rows.sort(key=lambda r: r["name"])
    if key == "name":
        rows.sort(key=lambda r: r["name"], reverse=descending)
    elif key == "district":
        rows.sort(key=lambda r: (r["district"] == "", r["district"]), reverse=descending)
    else:
        rows.sort(key=lambda r: r[key], reverse=descending)
    return rows


def _headers(sort):
    """The column headers with the link that sorts by them (numbers largest first on the first click), and
    the groups over them: ``(plain, groups)`` — the columns without a group span both header rows."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    out = []
    for column, header, group, title in COLUMNS:
        textual = column in ("name", "district")
        if column == key:
            next_sort = column if descending else f"-{column}"
            direction = "descending" if descending else "ascending"
        else:
            next_sort = column if textual else f"-{column}"
            direction = "none"
        out.append({"key": column, "header": header, "group": group, "title": title, "sort": next_sort,
                    "aria_sort": direction, "numeric": not textual and column != "leader"})
    groups = []
    for h in out:
        if h["group"]:
            if groups and groups[-1]["name"] == h["group"]:
                groups[-1]["span"] += 1
            else:
                groups.append({"name": h["group"], "span": 1})
    return [h for h in out if not h["group"]], groups, [h for h in out if h["group"]]


# --- views


def _picker_regions(user):
    if has_role(user, Role.ASI_MODERATOR):
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=role_regions(user, Role.COORDINATOR)).order_by("name")


@permission_required("view_region_dashboard",
                     message="Сводку по региону видят координатор этого региона и модератор АСИ.")
def landing(request):
    """The address a coordinator lands on (F-REPORT-1): their region's dashboard; the ASI moderator's is the
    whole country. ``?region=<slug>`` (the region picker) opens that region's dashboard."""
    slug = request.GET.get("region", "").strip()
    if slug:
        return redirect("regions:region_dashboard", slug=slug)
    if has_role(request.user, Role.ASI_MODERATOR):
        return redirect("regions:country_dashboard")
    region = _picker_regions(request.user).first()
    if region is None:
        raise Http404
    return redirect("regions:region_dashboard", slug=region.slug)


def region_dashboard(request, slug):
    """F-REPORT-1: one region's dashboard — its coordinator (own region only: another region's is not found)
    and the ASI moderator (any region)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    region = get_object_for(request.user, Region.objects.select_related("federal_district"),
                            view_action="view_region_dashboard", slug=slug)
    today = timezone.localdate()
    is_asi = has_role(request.user, Role.ASI_MODERATOR)
    several = is_asi or len(role_regions(request.user, Role.COORDINATOR)) > 1
    picker = list(_picker_regions(request.user).only("pk", "name", "slug")) if several else []
    return render(request, "regions/dashboard/region.html", {
        **region_context(region, today),
        "picker": picker, "is_asi": is_asi,
    })


@permission_required("view_country_dashboard", message="Сводку по всем регионам видит модератор АСИ.")
def country_dashboard(request):
    """F-REPORT-1: every region side by side, sortable by each column (``?sort=published``, ``-published``)
    on the server, so it works without scripts. Measured on a synthetic 100,000 practices / 950,000 clocks /
    50,000 requests (shared machine): about 1.8 s, of it 1.2 s the clocks' aggregate (parallel hash joins
    over every live clock); a region's dashboard about 1 s there, its clock queries index lookups."""
    today = timezone.localdate()
    sort = parse_sort(request.GET.get("sort"))
    rows, counted_at = country_figures(today)
    rows = sort_rows(rows, sort)
    totals = {c[0]: sum(r[c[0]] for r in rows) for c in COLUMNS if c[0] not in ("name", "district")}
    plain, groups, grouped = _headers(sort)
    return render(request, "regions/dashboard/country.html", {
        "rows": rows, "plain_headers": plain, "groups": groups, "grouped_headers": grouped, "sort": sort,
        "totals": totals, "year": today.year, "counted_at": counted_at,
        "refresh_minutes": settings.COUNTRY_DASHBOARD_SECONDS // 60,
        "picker": sorted((r["region"] for r in rows), key=lambda region: region.name),
    })


# included by regions/urls.py under «dashboard/» (namespace ``regions``)
urlpatterns = [
    path("", landing, name="dashboard"),
    path("country/", country_dashboard, name="country_dashboard"),
    path("<slug:slug>/", region_dashboard, name="region_dashboard"),
]
