"""The quarterly regional report (F-REPORT-2; seed 000 — постановление Правительства Амурской области от
01.04.2021 № 188, Приложение № 2, п. 3, and Приложение № 1).

П. 3 asks each region's responsible executive bodies, every quarter «в срок до 15 числа месяца, следующего за
отчетным периодом», for (a) the region's practices placed on the platform in their categories and (b) the course
of the other regions' practices being adopted in the region: name, link, achieved or planned result, position
and contacts of the person responsible. Приложение № 1 maps each category to its responsible bodies; that map is
data (``practices.CategoryResponsibleBody``, reverse relation ``region.category_bodies``).

Layering: regions never imports practices or replication. The practices, requests and bodies are read through
the reverse relations of ``Region`` (``practices``, ``replication_requests``, ``category_bodies``), with state
values as strings and the related models' own field metadata for the Russian state names.

Choices where the decree is silent:

* «размещённые» practices are those **published in the quarter** (``published_at`` within it, in Moscow time)
  and still on the platform (published, or moved to the knowledge base since); a quarterly report is about the
  period, so a practice placed earlier belongs to the report of its own quarter. The edit copies of
  actualization (``actualization_of``) are no practices of their own. The first moment of the quarter counts,
  the first moment of the next quarter does not.
* practices «being adopted» are the region's replication requests as recipient that were **«Внедряется» at
  some moment of the quarter or became «Внедрено» in it**: moved to «Внедряется» before the quarter's end and
  not closed before its start (a request closed in the quarter is listed with its final state).
* a practice is listed once per the responsible bodies of its category **together**: Прил. 1 names several
  bodies jointly for one category (e.g. «Здоровье и образ жизни»), so they form one group «Орган 1; Орган 2»
  and the totals count each practice once. Practices of categories without a mapped body go under
  «Орган не указан». An adopted practice is grouped by its category in the recipient region's map.
* the achieved result is the recipient's «первичные полученные результаты» (5.3.1.5); the planned result the
  request's «ожидаемые эффекты», else the practice's main results from its passport.
* the person responsible is the request's recipient (the official who asked to implement, 5.1.1): full name,
  current position (the position at the request when the profile has none), e-mail and phones. These are
  personal data: only this report shows them, to the region's coordinator and the ASI moderator.
* the report is due on the last working day **before** the 15th («до 15 числа»: the 15th itself is late).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from regions.models import QUARTER_NAMES, QuarterlyReport, Region
from smarteka import permissions
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import meet_deadlines, open_deadline
from smarteka.exports import Column, Link, Sheet
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.workcalendar.services import is_working_day

DEADLINE_KIND = "regions_quarterly_report"
DEADLINE_LABEL = "Квартальный отчёт о работе на платформе (до 15 числа месяца, следующего за кварталом)"
NO_BODY = "Орган не указан"
# practice states by value (regions never imports practices): on the platform, in the catalogue or the knowledge base
PLACED_STATES = ("published", "archived")
FIRST_YEAR = 2020


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def last_finished(cls, today=None):
        return cls.of(today or timezone.localdate()).previous()

    def previous(self):
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        return self.next().first_day - datetime.timedelta(days=1)

    @property
    def start(self):
        """The first moment of the quarter in the current time zone (Moscow), aware."""
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time.min))

    @property
    def end(self):
        """The first moment of the next quarter (excluded)."""
        return self.next().start

    def is_finished(self, today=None):
        return self.last_day < (today or timezone.localdate())

    def due_on(self):
        """Seed 000 п. 3: «до 15 числа месяца, следующего за отчетным периодом» — the last working day before
        the 15th (choice: «до» leaves the 15th out)."""
        day = self.next().first_day.replace(day=14)
        while not is_working_day(day):
            day -= datetime.timedelta(days=1)
        return day

    @property
    def label(self):
        return f"{QUARTER_NAMES[self.number]} квартал {self.year} г."

    @property
    def slug(self):
        return f"{self.year}-q{self.number}"

    def query(self):
        return f"year={self.year}&quarter={self.number}"


def quarter_from(params, today=None):
    """The quarter asked for by ``?year=&quarter=``; the last finished one by default, never a future one."""
    today = today or timezone.localdate()
    default = Quarter.last_finished(today)
    try:
        quarter = Quarter(int(params.get("year")), int(params.get("quarter")))
    except (TypeError, ValueError):
        return default
    if not (1 <= quarter.number <= 4) or quarter.year < FIRST_YEAR:
        return default
    return min(quarter, Quarter.of(today))


def year_choices(today=None):
    return list(range((today or timezone.localdate()).year, FIRST_YEAR - 1, -1))


# --- the data


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def practice_url(pk):
    return absolute(reverse("practices:detail", args=[pk]))


@dataclass
class Group:
    """The practices of one responsible body (or bodies jointly) for the quarter."""

    bodies: tuple
    placed: list
    adopting: list

    @property
    def label(self):
        return "; ".join(self.bodies)

    @property
    def done_count(self):
        return sum(1 for row in self.adopting if row["state"] == "done")


def body_map(region):
    """``{category_id: (body, …)}`` of the region (seed 000, Прил. 1), in the bodies' order."""
    bodies = {}
    for category_id, name in region.category_bodies.order_by("order", "name").values_list("category_id", "name"):
        bodies.setdefault(category_id, []).append(name)
    return {category_id: tuple(names) for category_id, names in bodies.items()}


def placed_practices(region, quarter):
    return list(
        region.practices.filter(state__in=PLACED_STATES, actualization_of__isnull=True,
                                published_at__gte=quarter.start, published_at__lt=quarter.end)
        .order_by("published_at", "pk")
        .values("pk", "title", "state", "category_id", "category__name", "published_at"))


REQUEST_FIELDS = (
    "pk", "state", "started_at", "done_at", "closed_at", "first_results", "expected_effects", "recipient_position",
    "practice_id", "practice__title", "practice__category_id", "practice__category__name", "practice__region__name",
    "practice__results_main", "recipient__last_name", "recipient__first_name", "recipient__middle_name",
    "recipient__position", "recipient__email", "recipient__work_phone", "recipient__mobile_phone",
)


def adopting_requests(region, quarter):
    requests = region.replication_requests
    states = dict(requests.model._meta.get_field("state").flatchoices)
    rows = list(
        requests.filter(started_at__isnull=False, started_at__lt=quarter.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=quarter.start))
        .order_by("practice__title", "pk").values(*REQUEST_FIELDS))
    for row in rows:
        row["state_label"] = states.get(row["state"], row["state"])
        row["person"] = " ".join(p for p in (row["recipient__last_name"], row["recipient__first_name"],
                                             row["recipient__middle_name"]) if p)
        row["position"] = row["recipient__position"] or row["recipient_position"]
        row["phones"] = ", ".join(p for p in (row["recipient__work_phone"], row["recipient__mobile_phone"]) if p)
        row["result"] = result_text(row)
        row["url"] = practice_url(row["practice_id"])
    return rows


def result_text(row):
    """«Достигнутый или планируемый результат» (seed 000 п. 3): what the recipient reported as achieved
    (5.3.1.5), and, while the request is not done, what is planned — the request's expected effects, else the
    practice's main results."""
    parts = []
    if row["first_results"].strip():
        parts.append(f"Достигнутый: {row['first_results'].strip()}")
    if row["state"] != "done":
        planned = (row["expected_effects"] or row["practice__results_main"] or "").strip()
        if planned:
            parts.append(f"Планируемый: {planned}")
    return "\n".join(parts)


def _sort_key(bodies):
    return (bodies == (NO_BODY,), bodies)


def build(region, quarter):
    """The report's groups, one per responsible body (or bodies jointly), «Орган не указан» last."""
    bodies = body_map(region)
    groups = {}

    def group(category_id):
        key = bodies.get(category_id) or (NO_BODY,)
        if key not in groups:
            groups[key] = Group(key, [], [])
        return groups[key]

    for row in placed_practices(region, quarter):
        row["url"] = practice_url(row["pk"])
        group(row["category_id"]).placed.append(row)
    for row in adopting_requests(region, quarter):
        group(row["practice__category_id"]).adopting.append(row)
    return [groups[key] for key in sorted(groups, key=_sort_key)]


# --- the XLSX and CSV (smarteka/exports.py)

SUMMARY_COLUMNS = [Column("Ответственный исполнительный орган", 60), Column("Размещено практик", 14, total=True),
                   Column("Внедряется практик", 14, total=True), Column("Из них внедрено", 14, total=True)]
PLACED_COLUMNS = [Column("Ответственный исполнительный орган", 45), Column("Категория", 28),
                  Column("Наименование практики", 50, count=True), Column("Ссылка на практику", 40),
                  Column("Дата размещения", 14)]
ADOPTING_COLUMNS = [Column("Ответственный исполнительный орган", 45), Column("Категория", 28),
                    Column("Наименование практики", 50, count=True), Column("Регион-автор практики", 24),
                    Column("Ссылка на практику", 40), Column("Статус внедрения", 16),
                    Column("Достигнутый или планируемый результат", 60),
                    Column("Ответственный за внедрение", 30), Column("Должность", 36), Column("Телефон", 28),
                    Column("Электронная почта", 28)]


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def placed_rows(groups):
    for group in groups:
        for row in group.placed:
            yield [group.label, row["category__name"] or "", row["title"], Link(row["url"], row["url"]),
                   _local_date(row["published_at"])]


def adopting_rows(groups):
    for group in groups:
        for row in group.adopting:
            yield [group.label, row["practice__category__name"] or "", row["practice__title"],
                   row["practice__region__name"], Link(row["url"], row["url"]), row["state_label"], row["result"],
                   row["person"], row["position"], row["phones"], row["recipient__email"]]


def summary_rows(groups):
    for group in groups:
        yield [group.label, len(group.placed), len(group.adopting), group.done_count]


def sheets(groups):
    return [Sheet("Сводка по органам", SUMMARY_COLUMNS, summary_rows(groups)),
            Sheet("Размещённые практики", PLACED_COLUMNS, placed_rows(groups)),
            Sheet("Внедряемые практики", ADOPTING_COLUMNS, adopting_rows(groups))]


CSV_PARTS = {"placed": ("razmeshchennye", PLACED_COLUMNS, placed_rows),
             "adopting": ("vnedryaemye", ADOPTING_COLUMNS, adopting_rows)}


def csv_sheet(groups, part):
    _name, columns, rows = CSV_PARTS[part]
    return Sheet(part, columns, rows(groups))


def file_name(region, quarter, ext, part=None):
    suffix = f"-{CSV_PARTS[part][0]}" if part else ""
    return f"kvartalnyy-otchet-{region.slug}-{quarter.slug}{suffix}.{ext}"


# --- tracking (who downloaded and confirmed) and the reminder deadline


def report_record(region, quarter):
    return QuarterlyReport.objects.get_or_create(region=region, year=quarter.year, quarter=quarter.number)[0]


def record_download(region, quarter, *, by):
    """The first download of the region's report for the quarter by the region's coordinator (choice: the
    Agency's own downloads do not count as the region's). Race-safe: only a row without a download is set."""
    if not permissions.has_role(by, Role.COORDINATOR, region=region):
        return False
    record = report_record(region, quarter)
    return bool(QuarterlyReport.objects.filter(pk=record.pk, first_downloaded_at__isnull=True)
                .update(first_downloaded_at=timezone.now(), first_downloaded_by=by))


NOT_FINISHED = "Квартал ещё не закончился: подтвердить отправку отчёта можно после его окончания."


def confirm_report(region, quarter, *, by):
    """«Подтвердить отправку отчёта» (seed 000 п. 3): the region's coordinator confirms the report for a
    finished quarter was sent; the quarter's reminder deadline is met. Confirming twice changes nothing."""
    permissions.require(by, "confirm_quarterly_report", region)
    if not quarter.is_finished():
        raise ValidationError(NOT_FINISHED)
    with transaction.atomic():
        record = report_record(region, quarter)
        record = QuarterlyReport.objects.select_for_update().get(pk=record.pk)
        if record.confirmed_at is None:
            record.confirmed_at, record.confirmed_by = timezone.now(), by
            record.save(update_fields=["confirmed_at", "confirmed_by"])
        meet_deadlines(record, DEADLINE_KIND)
        resolve_action(record)
    return record


def coordinators_of(deadline):
    """Who is reminded of a report's deadline: the region's current coordinators."""
    record = deadline.content_object
    return holders(Role.COORDINATOR, region=record.region_id) if record is not None else []


def open_quarter_deadlines(today=None):
    """Open the reminder deadline of the last finished quarter for every region (F-REPORT-2, seed 000 п. 3).

    Choice: a daily periodic task (regions/tasks.py), so a missed first day of the quarter is caught up the next
    day; it opens nothing once the due day has passed, for a report already confirmed, or a second time (the
    report's row is locked while its deadline is looked for, so two runs at once open one). One transaction
    per region: a run killed halfway is finished by the next. Returns the number of deadlines opened."""
    today = today or timezone.localdate()
    quarter = Quarter.last_finished(today)
    due = quarter.due_on()
    if today > due:
        return 0
    opened = 0
    for region in Region.objects.order_by("pk"):
        with transaction.atomic():
            record = report_record(region, quarter)
            record = QuarterlyReport.objects.select_for_update().get(pk=record.pk)
            if record.confirmed_at is not None:
                continue
            if Deadline.objects.filter(kind=DEADLINE_KIND, object_id=record.pk).exists():  # the kind is this model's
                continue
            open_deadline(record, DEADLINE_KIND, starts_on=quarter.next().first_day, due_on=due)
            record.region = region
            notify(holders(Role.COORDINATOR, region=region), kind="quarterly_report_due", obj=record,
                   url=record.get_absolute_url(), requires_action=True,
                   title=f"Квартальный отчёт за {quarter.label} — до {due:%d.%m.%Y}",
                   body=(f"Сформируйте отчёт региона «{region}» о работе на платформе за {quarter.label} "
                         f"(размещённые и внедряемые практики по ответственным органам) и подтвердите его "
                         f"отправку до {due:%d.%m.%Y} (постановление Правительства Амурской области № 188, "
                         f"Приложение № 2, п. 3)."))
            opened += 1
    return opened
