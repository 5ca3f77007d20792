"""Pages of the Agency's annual replication summary (F-REPORT-3, 5.3.5): the summary of a year beside the previous
one with its charts and tables, and the start of its XLSX export in the background (smarteka.reportjobs).
Views only read ``replication.summary`` and call the job service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from replication import summary
from smarteka import permissions, reportjobs

REPORT_KIND = "replication_annual"
PER_PAGE = 50


def _year(value, years):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return years[0]
    return year if year in years else years[0]


def _decision_link(user, practice):
    action = summary.DECISION_ACTIONS.get(practice.decision)
    if action is None or not permissions.can(user, action.rule, practice):
        return None
    return action.url(practice.pk)


def _chart_data(year, funnel, months, districts):
    return {
        "year": year,
        "funnel": {"labels": summary.FUNNEL_SHORT, "values": [n for _label, n in funnel]},
        "months": {"labels": [name for name, _a, _b in months], "current": [a for _name, a, _b in months],
                   "previous": [b for _name, _a, b in months]},
        "districts": {"labels": [row.label for row in districts], "current": [row.total for row in districts],
                      "previous": [row.prev_total for row in districts]},
    }


@login_required
@require_safe
def annual_summary(request):
    """F-REPORT-3: the summary of the chosen year (default the current), the previous year beside it."""
    permissions.require(request.user, "view_replication_summary")
    years = summary.available_years()
    year = _year(request.GET.get("year"), years)
    decision = request.GET.get("decision", "")
    if decision not in (*summary.DECISIONS, "none"):
        decision = ""
    tables = summary.tables(year)
    funnel = summary.funnel(year)
    months = summary.months(year)
    counts = summary.decision_counts(year)
    paginator = Paginator(summary.practices(year, decision or None).select_related("category", "region")
                          .prefetch_related("team"), PER_PAGE)
    paginator.count = counts[decision or "all"]  # known already: no second pass over every practice
    page = paginator.get_page(request.GET.get("page"))
    rows = [(practice, summary.decision_label(practice.decision), _decision_link(request.user, practice),
             summary.signed(practice.total - practice.prev_total)) for practice in page]
    sections = [(key, title, tables[key], summary.totals(tables[key])) for key, title, _f, _e in summary.TABLES]
    return render(request, "replication/summary.html", {
        "year": year, "years": years, "previous": year - 1, "decision": decision,
        "decisions": summary.DECISIONS, "decision_counts": counts,
        "sections": sections, "funnel": funnel, "months": months,
        "months_total": (sum(a for _n, a, _b in months), sum(b for _n, _a, b in months)),
        "page": page, "rows": rows, "is_current_year": year == timezone.localdate().year,
        "chart_data": _chart_data(year, funnel, months, tables["districts"]),
    })


@login_required
@require_POST
def export(request):
    """Start (or join) the background XLSX of the summary: every table a sheet (issue 18 item 4)."""
    permissions.require(request.user, "view_replication_summary")
    year = _year(request.POST.get("year"), summary.available_years())
    job, created = reportjobs.request_job(REPORT_KIND, {"year": year}, by=request.user)
    if created:
        messages.success(request, "Отчёт поставлен в очередь: ход формирования виден на этой странице.")
    else:
        messages.info(request, "Этот отчёт уже формируется — вот он.")
    return redirect(job)


def register():
    """The background report kind, registered in ``ReplicationConfig.ready()``."""
    reportjobs.register(
        REPORT_KIND, label="Сводка об итогах тиражирования практик за {year} год", generate=summary.write_workbook,
        back=lambda params: ("Итоги тиражирования", f"{reverse('replication:summary')}?year={params['year']}"),
        filename="Итоги тиражирования {year}.xlsx")
