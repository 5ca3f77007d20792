"""Pages of the quarterly regional report (F-REPORT-2; seed 000 п. 3): the report of a region for a quarter on
screen, as XLSX and CSV, the coordinator's «Подтвердить отправку отчёта», and the ASI moderator's overview of
which regions downloaded or confirmed their report. What the report holds and why: regions/quarterly.py."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from regions import quarterly
from regions.models import QuarterlyReport, Region
from smarteka.actions import run_button
from smarteka.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from smarteka.permissions import can, get_object_for, permission_required


def _region_for(request, slug, action=None):
    """404 for a region whose report the user may not see (another region's coordinator), 403 for an action
    they may not do on a report they see."""
    return get_object_for(request.user, Region.objects.all(), action, view_action="view_quarterly_report",
                          slug=slug, message="Подтвердить отправку отчёта может только координатор этого региона.")


@login_required
def report(request, slug):
    """F-REPORT-2: the region's report for the chosen quarter (default: the last finished one)."""
    region = _region_for(request, slug)
    today = timezone.localdate()
    quarter = quarterly.quarter_from(request.GET, today)
    groups = quarterly.build(region, quarter)
    record = QuarterlyReport.objects.filter(region=region, year=quarter.year, quarter=quarter.number).select_related(
        "first_downloaded_by", "confirmed_by").first()
    return render(request, "regions/quarterly/report.html", {
        "region": region, "quarter": quarter, "groups": groups, "record": record,
        "placed_total": sum(len(g.placed) for g in groups),
        "adopting_total": sum(len(g.adopting) for g in groups),
        "done_total": sum(g.done_count for g in groups),
        "finished": quarter.is_finished(today), "due_on": quarter.due_on(), "late": today > quarter.due_on(),
        "years": quarterly.year_choices(today), "quarters": list(quarterly.QUARTER_NAMES.items()),
        "may_confirm": can(request.user, "confirm_quarterly_report", region),
        "may_see_status": can(request.user, "view_quarterly_report_status"),
    })


def _download(request, region, quarter, content, content_type, name):
    quarterly.record_download(region, quarter, by=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # personal data of the responsible officials
    return response


@login_required
def report_xlsx(request, slug):
    """F-REPORT-2 as XLSX: a summary per body, the placed practices, the practices being adopted."""
    region = _region_for(request, slug)
    quarter = quarterly.quarter_from(request.GET)
    content = xlsx_bytes(quarterly.sheets(quarterly.build(region, quarter)))
    return _download(request, region, quarter, content, XLSX_CONTENT_TYPE, quarterly.file_name(region, quarter, "xlsx"))


@login_required
def report_csv(request, slug, part):
    """F-REPORT-2 as CSV (UTF-8 with BOM, «;»): one table per file — the placed practices or those being adopted."""
    region = _region_for(request, slug)
    quarter = quarterly.quarter_from(request.GET)
    if part not in quarterly.CSV_PARTS:
        raise Http404
    content = csv_bytes(quarterly.csv_sheet(quarterly.build(region, quarter), part))
    return _download(request, region, quarter, content, CSV_CONTENT_TYPE,
                     quarterly.file_name(region, quarter, "csv", part))


@require_POST
@login_required
def report_confirm(request, slug):
    """«Подтвердить отправку отчёта» for the quarter named in the form (the region's coordinator)."""
    region = _region_for(request, slug, "confirm_quarterly_report")
    quarter = quarterly.quarter_from(request.POST)
    url = f"{reverse('regions:quarterly', args=[region.slug])}?{quarter.query()}"
    return run_button(request, lambda: quarterly.confirm_report(region, quarter, by=request.user),
                      f"Отправка отчёта за {quarter.label} подтверждена.", success_url=url)


# (key of a row, the row's value that may be missing — rows without it go last in either direction)
STATUS_SORTS = {
    "region": (lambda row: row["region"].name, None),
    "downloaded": (lambda row: (row["downloaded_at"], row["region"].name), "downloaded_at"),
    "confirmed": (lambda row: (row["confirmed_at"], row["region"].name), "confirmed_at"),
    "status": (lambda row: (row["status_order"], row["region"].name), None),
}


def sort_rows(rows, sort):
    """Sort by a column (``-`` before it: descending); rows without a date stay last, by region name."""
    key, optional = STATUS_SORTS.get(sort.lstrip("-"), STATUS_SORTS["region"])
    present = [row for row in rows if optional is None or row[optional] is not None]
    missing = [row for row in rows if optional is not None and row[optional] is None]
    return sorted(present, key=key, reverse=sort.startswith("-")) + sorted(missing, key=lambda r: r["region"].name)
STATUS_LABELS = {0: "Подтверждён", 1: "Скачан, не подтверждён", 2: "Ни скачан, ни подтверждён"}


@permission_required("view_quarterly_report_status",
                     message="Сводку по квартальным отчётам регионов видит модератор АСИ.")
def report_status(request):
    """F-REPORT-2: every region for a quarter — downloaded / confirmed / neither, with dates; sortable by a
    column through links (no script)."""
    today = timezone.localdate()
    quarter = quarterly.quarter_from(request.GET, today)
    records = {r.region_id: r for r in QuarterlyReport.objects.filter(year=quarter.year, quarter=quarter.number)
               .select_related("first_downloaded_by", "confirmed_by")}
    rows = []
    for region in Region.objects.order_by("name"):
        record = records.get(region.pk)
        downloaded = record.first_downloaded_at if record else None
        confirmed = record.confirmed_at if record else None
        order = 0 if confirmed else 1 if downloaded else 2
        rows.append({"region": region, "record": record, "downloaded_at": downloaded, "confirmed_at": confirmed,
                     "status_order": order, "status": STATUS_LABELS[order]})
    sort = request.GET.get("sort", "region")
    if sort.lstrip("-") not in STATUS_SORTS:
        sort = "region"
    rows = sort_rows(rows, sort)
    counts = {label: sum(1 for row in rows if row["status"] == label) for label in STATUS_LABELS.values()}
    return render(request, "regions/quarterly/status.html", {
        "quarter": quarter, "rows": rows, "sort": sort, "counts": counts, "due_on": quarter.due_on(),
        "years": quarterly.year_choices(today), "quarters": list(quarterly.QUARTER_NAMES.items()),
        "columns": [("region", "Регион"), ("downloaded", "Скачан"), ("confirmed", "Подтверждён"),
                    ("status", "Состояние")],
    })
