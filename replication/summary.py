"""The Agency's annual replication summary (F-REPORT-3; regulation 5.3.5): «Дивизион … ежегодно представляет
сводную информацию об итогах тиражирования практик всем задействованным в работе платформы профильным
структурным подразделениям Агентства, после чего принимается решение об актуализации практик или их переносе
в базу знаний Платформы (архивировании)».

What is counted (choices where the regulation is silent):

* a request counts in the year it was submitted (``created_at``, Moscow time), with its state when the
  summary is made; the previous year is counted the same way and shown beside it (year over year);
* the columns map the request states of replication/models.py:
  «В работе» = requested, assigned, in_progress (open); «Внедрено» = done;
  «Отказ Агентства» = refused (5.3.3, also the closing when a practice leaves the catalogue);
  «Отказ реципиента» = declined (5.3.4); «Отклонено» = dismissed without review (5.1.1);
* tables: by practice (every published practice, and any other that had requests in the two years), by
  category of the practice, by the recipient region (who adopts), by the author region (whose practices are
  adopted), by the federal district of the recipient region; requests per month; the funnel from the request
  to «Внедрено» (a stage is reached when its timestamp is set or the state is past it).

The decision each practice row feeds (``decision``), computed in SQL so the page can filter and count it:

* «Предложить архивирование» (4.6.1, the fourth ground «при отсутствии запроса на внедрение практики в течение
  1 года и более»): a published practice, published before 1 January of the year, with no request submitted
  in the year nor since;
* «Запросить актуализацию» (4.5.1, 4.5.4): a published practice with requests in the year, none of them
  «Внедрено» or still in work, at least one ended by a refusal or a recipient's decline — regions asked and
  gave up, so the passport is to be brought up to date;
* otherwise none (and none for a practice no longer in the catalogue).

Acting on a decision opens the lifecycle flow of the validation app (the actualization request, the archiving
proposal): ``DECISION_ACTIONS`` names their rules and URLs (replication never imports validation).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, Count, Min, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from practices.enums import PracticeState
from practices.models import Practice
from replication.models import ReplicationRequest, RequestState
from smarteka.exports import Column, Link, Sheet, write_xlsx

S = RequestState
OPEN = (S.REQUESTED, S.ASSIGNED, S.IN_PROGRESS)

ARCHIVE = "archive"
ACTUALIZE = "actualize"
DECISIONS = {ARCHIVE: "Предложить архивирование", ACTUALIZE: "Запросить актуализацию"}
NO_DECISION = "—"

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")


@dataclass(frozen=True)
class DecisionAction:
    """The lifecycle page a decision opens: a rule asked of the user and the practice, a URL name taking its pk."""
    rule: str
    url_name: str
    label: str
    query: str = ""

    def url(self, practice_pk):
        return reverse(self.url_name, args=[practice_pk]) + self.query


# The validation app's actualization request (4.5.4, F-ACT-1) and archiving proposal (4.2.1.4, F-ARCH-1). The
# apps are siblings above practices: neither imports the other, so the rules and URLs are named by string (as
# validation reads ``Practice.replication_requests`` by name); tests/replication/test_summary.py checks they
# resolve.
ARCHIVE_JUSTIFICATION = "Итоги тиражирования (п. 5.3.5): заявок на внедрение практики нет год и более (п. 4.6.1)."
DECISION_ACTIONS = {
    ACTUALIZE: DecisionAction("request_actualization", "validation:actualization", "Запросить актуализацию"),
    ARCHIVE: DecisionAction("propose_archiving", "archiving:propose", "Предложить архивирование",
                            "?" + urlencode({"justification": ARCHIVE_JUSTIFICATION})),
}


# --- the year


def year_start(year):
    return timezone.make_aware(datetime.datetime(year, 1, 1))


def available_years(today=None):
    """From the first request's year (or the current one) to the current year, newest first."""
    today = today or timezone.localdate()
    first = ReplicationRequest.objects.aggregate(first=Min("created_at"))["first"]
    start = timezone.localtime(first).year if first else today.year
    return list(range(today.year, min(start, today.year) - 1, -1))


def _in_year(year, path=""):
    return Q(**{f"{path}created_at__gte": year_start(year), f"{path}created_at__lt": year_start(year + 1)})


def _counts(year, path=""):
    """The conditional counts of a row: the year's by state and the previous year's total and done."""
    current, previous = _in_year(year, path), _in_year(year - 1, path)
    state = f"{path}state"
    pk = f"{path}pk" if path else "pk"
    return {
        "total": Count(pk, filter=current),
        "open": Count(pk, filter=current & Q(**{f"{state}__in": OPEN})),
        "done": Count(pk, filter=current & Q(**{state: S.DONE})),
        "refused": Count(pk, filter=current & Q(**{state: S.REFUSED})),
        "declined": Count(pk, filter=current & Q(**{state: S.DECLINED})),
        "dismissed": Count(pk, filter=current & Q(**{state: S.DISMISSED})),
        "prev_total": Count(pk, filter=previous),
        "prev_done": Count(pk, filter=previous & Q(**{state: S.DONE})),
    }


COUNT_FIELDS = ("total", "open", "done", "refused", "declined", "dismissed", "prev_total", "prev_done")


def _window(year):
    return ReplicationRequest.objects.filter(created_at__gte=year_start(year - 1), created_at__lt=year_start(year + 1))


# --- the grouped tables (small: a row per category, region or district)


@dataclass
class Row:
    label: str
    total: int = 0
    open: int = 0
    done: int = 0
    refused: int = 0
    declined: int = 0
    dismissed: int = 0
    prev_total: int = 0
    prev_done: int = 0

    @property
    def change(self):
        return self.total - self.prev_total

    @property
    def change_label(self):
        return signed(self.change)


def signed(n):
    """«+3», «−2», «0»: the change over the previous year as the tables show it."""
    return f"+{n}" if n > 0 else (f"−{-n}" if n < 0 else "0")


def _grouped(year, label_field, empty_label):
    rows = (_window(year).values(label_field).annotate(**_counts(year)).order_by(label_field))
    return [Row(label=row[label_field] or empty_label, **{f: row[f] for f in COUNT_FIELDS}) for row in rows]


def totals(rows, label="Итого"):
    total = Row(label=label)
    for row in rows:
        for field in COUNT_FIELDS:
            setattr(total, field, getattr(total, field) + getattr(row, field))
    return total


TABLES = (
    # key, title, the field grouped by, the label of requests without it
    ("categories", "По категориям практик", "practice__category__name", "Без категории"),
    ("recipient_regions", "По регионам-реципиентам (кто внедряет)", "recipient_region__name", "—"),
    ("author_regions", "По регионам-авторам (чьи практики внедряют)", "practice__region__name", "—"),
    ("districts", "По федеральным округам региона-реципиента", "recipient_region__federal_district__name",
     "Без федерального округа"),
)
SHEET_NAMES = {"categories": "Категории", "recipient_regions": "Регионы-реципиенты",
               "author_regions": "Регионы-авторы", "districts": "Федеральные округа"}


def tables(year):
    return {key: _grouped(year, field, empty) for key, _title, field, empty in TABLES}


FUNNEL_SHORT = ["Заявка", "Модератор", "Внедряется", "Внедрено"]  # the chart's axis; the table has the full labels


def funnel(year):
    """The stages from «Хочу внедрить» to «Внедрено» of the year's requests: [(label, count)]."""
    current = _in_year(year)
    numbers = ReplicationRequest.objects.filter(current).aggregate(
        requested=Count("pk"),
        assigned=Count("pk", filter=Q(assigned_at__isnull=False) | Q(state__in=(S.ASSIGNED, S.IN_PROGRESS, S.DONE))),
        started=Count("pk", filter=Q(started_at__isnull=False) | Q(state__in=(S.IN_PROGRESS, S.DONE))),
        done=Count("pk", filter=Q(state=S.DONE)),
    )
    return [("Подана заявка «Хочу внедрить»", numbers["requested"]),
            ("Назначен модератор внедрения", numbers["assigned"]),
            ("Практика внедряется", numbers["started"]),
            ("Внедрено", numbers["done"])]


def months(year):
    """Requests per month of the year and of the previous one: [(month name, this year, previous year)]."""
    counts = {}
    rows = (_window(year).annotate(y=ExtractYear("created_at"), m=ExtractMonth("created_at"))
            .values("y", "m").annotate(n=Count("pk")).order_by())
    for row in rows:
        counts[(row["y"], row["m"])] = row["n"]
    return [(name, counts.get((year, number), 0), counts.get((year - 1, number), 0))
            for number, name in enumerate(MONTHS, start=1)]


# --- the practices


def practices(year, decision=None):
    """Every published practice and every other practice with requests in the two years, each with its counts
    and ``decision`` (SQL), most requested first. Not evaluated: the page slices it, the export iterates it."""
    start, end = year_start(year), year_start(year + 1)
    published = Q(state=PracticeState.PUBLISHED)
    with_requests = Q(pk__in=_window(year).values("practice_id"))
    qs = (Practice.objects.filter(published | with_requests, actualization_of__isnull=True)
          .annotate(**_counts(year, "replication_requests__"),
                    later=Count("replication_requests", filter=Q(replication_requests__created_at__gte=end)))
          .annotate(decision=Case(
              When(published & Q(published_at__lt=start, total=0, later=0), then=Value(ARCHIVE)),
              When(published & Q(total__gt=0, done=0, open=0) & (Q(refused__gt=0) | Q(declined__gt=0)),
                   then=Value(ACTUALIZE)),
              default=Value(""), output_field=CharField()))
          .order_by("-total", "title", "pk"))
    if decision in DECISIONS:
        qs = qs.filter(decision=decision)
    elif decision == "none":
        qs = qs.filter(decision="")
    return qs


def decision_counts(year):
    """How many practices the summary lists and how many carry each decision, in one query over the grouped
    one: ``{"all": n, "none": n, ARCHIVE: n, ACTUALIZE: n}``."""
    counts = practices(year).aggregate(
        all=Count("pk"), none=Count("pk", filter=Q(decision="")),
        **{decision: Count("pk", filter=Q(decision=decision)) for decision in DECISIONS})
    return counts


def decision_label(decision):
    return DECISIONS.get(decision, NO_DECISION)


# --- the workbook (every table a sheet; streamed)

COUNT_COLUMNS = [
    Column("Заявок за год", 12, total=True), Column("Заявок за прошлый год", 14, total=True),
    Column("Изменение", 11, total=True), Column("В работе", 10, total=True), Column("Внедрено", 10, total=True),
    Column("Внедрено за прошлый год", 14, total=True), Column("Отказ Агентства (5.3.3)", 14, total=True),
    Column("Отказ реципиента (5.3.4)", 14, total=True), Column("Отклонено (5.1.1)", 12, total=True),
]


def count_cells(row):
    get = row.get if isinstance(row, dict) else lambda f: getattr(row, f)
    return [get("total"), get("prev_total"), get("total") - get("prev_total"), get("open"), get("done"),
            get("prev_done"), get("refused"), get("declined"), get("dismissed")]


PRACTICE_FIELDS = ("pk", "title", "state", "category__name", "region__name", "decision", *COUNT_FIELDS)


def practice_rows(year, progress=None, every=2000):
    """The practices sheet's rows, streamed from a server-side cursor (``.iterator()``): nothing held."""
    site = settings.SITE_URL
    practice_url = reverse("practices:detail", args=[0])[:-2]  # «/practices/» + pk + «/»: no reverse per row
    states = dict(PracticeState.choices)
    for index, row in enumerate(practices(year).values(*PRACTICE_FIELDS).iterator(chunk_size=every)):
        if progress and index % every == 0:
            progress(index)
        yield [Link(row["title"], f"{site}{practice_url}{row['pk']}/"), states.get(row["state"], row["state"]),
               row["category__name"] or "", row["region__name"] or "", *count_cells(row),
               decision_label(row["decision"])]


def sheets(year, progress=None):
    """The sheets of the export, each a streamed table; ``progress(percent)`` as the practices go by."""
    total_practices = practices(year).count() or 1

    def practices_progress(done):
        if progress:
            progress(10 + 80 * done / total_practices)

    yield Sheet("Воронка", [Column("Этап", 40), Column(f"Заявок {year} г.", 16)], funnel(year), totals=False)
    yield Sheet("По месяцам", [Column("Месяц", 14), Column(f"{year} г.", 10, total=True),
                               Column(f"{year - 1} г.", 10, total=True)], months(year))
    if progress:
        progress(5)
    for key, title, field, empty in TABLES:
        rows = _grouped(year, field, empty)
        yield Sheet(SHEET_NAMES[key], [Column(title, 40), *COUNT_COLUMNS],
                    ([row.label, *count_cells(row)] for row in rows))
    if progress:
        progress(10)
    yield Sheet("Практики", [Column("Практика", 60), Column("Статус практики", 18), Column("Категория", 30),
                                 Column("Регион-автор", 26), *COUNT_COLUMNS, Column("Решение (п. 5.3.5)", 26)],
                practice_rows(year, practices_progress))


def write_workbook(params, target, progress=lambda percent: None):
    """The background job's ``generate`` (smarteka.reportjobs): the whole summary as one XLSX workbook."""
    year = int(params["year"])
    write_xlsx(sheets(year, progress), target)
    progress(99)
