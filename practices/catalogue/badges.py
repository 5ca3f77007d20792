"""Evidence badges of a practice on cards and on its page (F-PLUS-3, issue 19 item 3): its level (2.1.6),
«Прошла экспертизу» with the date of the experts' decision (4.4.7–4.4.8), «Внедрена в N регионах» and
«Актуализирована <date>» (4.5).

The figures a badge needs are annotated on the list's queryset by ``with_badges`` (two correlated
subqueries in the list's one query — no query per card); ``badges_for`` only reads them.

* The experts' decision is read from the transition log (smarteka.history): the newest transition of the
  practice whose action is an approving close of the expert review (``experts_approve``,
  ``experts_approve_with_additions`` — online votes and offline meetings both end with one of them,
  validation.services.move records the transition's name as the action). choice: a practice published on
  the State Council track without an expert evaluation (4.4.1) gets no badge.
* choice: «внедрена в N регионах» counts the regions other than the author region where the practice
  works: the passport's «Другие регионы, где внедрена» and the recipient regions of replications
  completed on the platform («Внедрено»), each region once. No badge at 0.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, IntegerField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import date_format

from practices.enums import LEVEL_DESCRIPTIONS, Level
from practices.models import Practice
from smarteka.history.models import Transition
from smarteka.text import plural_form

EXPERT_APPROVALS = ("experts_approve", "experts_approve_with_additions")


def _replication_model():
    """Replication's request model, found by name (practices never imports replication)."""
    try:
        return apps.get_model("replication", "ReplicationRequest")
    except LookupError:
        return None


def expert_decision_expr():
    """When the experts last approved the practice (None: never)."""
    rows = (Transition.objects.filter(content_type=ContentType.objects.get_for_model(Practice),
                                      object_id=OuterRef("pk"), action__in=EXPERT_APPROVALS)
            .order_by("-at", "-pk").values("at")[:1])
    return Subquery(rows, output_field=DateTimeField())


def adopted_regions_expr(table="practices_practice"):
    """The number of regions besides the author region where the practice is implemented (see the module)."""
    through = Practice.implemented_regions.through._meta.db_table
    union = f'SELECT region_id AS region FROM "{through}" WHERE practice_id = "{table}"."id"'
    model = _replication_model()
    if model is not None:
        union += (f' UNION SELECT recipient_region_id FROM "{model._meta.db_table}" '
                  f'WHERE practice_id = "{table}"."id" AND state = %s')
    sql = f'(SELECT count(*) FROM ({union}) AS adopted WHERE adopted.region <> "{table}"."region_id")'
    return RawSQL(sql, ["done"] if model is not None else [], output_field=IntegerField())


def with_badges(queryset):
    """``queryset`` with ``expert_decision_at`` and ``adopted_regions_count`` (what ``badges_for`` reads)."""
    return queryset.annotate(expert_decision_at=expert_decision_expr(), adopted_regions_count=adopted_regions_expr())


@dataclass(frozen=True)
class Badge:
    key: str
    label: str
    description: str
    icon: str
    css: str = "text-bg-light border"


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localdate(value)
    return date_format(value, "d.m.Y")


def badges_for(practice):
    """The practice's badges in a fixed order; reads only fields and ``with_badges`` annotations."""
    badges = []
    if practice.level:
        level = Level(practice.level)
        badges.append(Badge(
            "level", level.label,
            f"{level.label} — {LEVEL_DESCRIPTIONS[level]} Уровень определяет эксперт-модератор (п. 2.1.6 Регламента).",
            "bi-layers", "text-bg-primary"))
    decided = getattr(practice, "expert_decision_at", None)
    if decided:
        badges.append(Badge(
            "expert", f"Прошла экспертизу {_date(decided)}",
            f"Эксперты пула одобрили практику по критериям п. 2.1.5 Регламента большинством голосов; "
            f"решение принято {_date(decided)}.",
            "bi-patch-check", "text-bg-success"))
    adopted = getattr(practice, "adopted_regions_count", 0) or 0
    if adopted:
        badges.append(Badge(
            "regions", f"Внедрена в {adopted} {plural_form(adopted, 'регионе', 'регионах', 'регионах')}",
            f"Кроме региона-автора практика работает в {adopted} "
            f"{plural_form(adopted, 'регионе', 'регионах', 'регионах')}: по паспорту практики и по "
            "завершённым на платформе тиражированиям.",
            "bi-geo-alt", "text-bg-info"))
    if practice.actualized_at:
        badges.append(Badge(
            "actualized", f"Актуализирована {_date(practice.actualized_at)}",
            f"Автор обновил сведения паспорта, эксперт-модератор принял изменения {_date(practice.actualized_at)} "
            "(п. 4.5 Регламента).",
            "bi-arrow-repeat", "text-bg-light border"))
    return badges
