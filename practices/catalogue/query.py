"""The catalogue's query: what the URL asks (``CatalogueQuery``), the public set it filters, and the
replication and «Полезно» figures annotated on it (F-CAT-1, F-CAT-2).

Practices never imports replication: the replication figures are subqueries over the model found
with ``apps.get_model`` (zero while that app has no model).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from practices.catalogue.badges import with_badges
from practices.impact import headline_expr
from practices.models import Appreciation, Practice, PracticeResult, PracticeState

PAGE_SIZE = 12

SORTS = {
    "relevance": "по релевантности",
    "date": "сначала новые",  # by publication date, newest first: one option (issue 14, item 11)
    "popular": "по популярности",
    "useful": "по отметкам «Полезно»",
}
MONTH_BUCKETS = {  # months to launch
    "0-3": ("до 3 месяцев", 0, 3),
    "4-6": ("4–6 месяцев", 4, 6),
    "7-12": ("7–12 месяцев", 7, 12),
    "13-": ("более года", 13, None),
}


# --- replication and «Полезно» figures (practices never imports replication)


def replication_model():
    try:
        return apps.get_model("replication", "ReplicationRequest")
    except LookupError:
        return None


def count_subquery(model, **filters):
    exclude = filters.pop("exclude", None)
    rows = model.objects.filter(practice=OuterRef("pk"), **filters)
    if exclude:
        rows = rows.exclude(**exclude)
    rows = rows.order_by().values("practice").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def requests_expr():
    """Replication requests of a practice, all but the dismissed ones (popularity)."""
    model = replication_model()
    if model is None:
        return Value(0, output_field=IntegerField())
    return count_subquery(model, exclude={"state": "dismissed"})


def replications_expr():
    """Completed replications («Внедрено»)."""
    model = replication_model()
    if model is None:
        return Value(0, output_field=IntegerField())
    return count_subquery(model, state="done")


def with_counts(queryset, *, replications=False):
    """The figures a card and the practice page show: «Полезно», requests, the evidence badges (F-PLUS-3)."""
    queryset = with_badges(queryset.annotate(requests_count=requests_expr(), useful_count=count_subquery(Appreciation)))
    if replications:
        queryset = queryset.annotate(replications_count=replications_expr())
    # F-PLUS-1: the first result row for the card's headline change, in the same query
    return queryset.annotate(headline_row=headline_expr())


# --- the query from the URL


def _ints(values):
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


@dataclass
class CatalogueQuery:
    q: str = ""
    category: list = field(default_factory=list)
    district: list = field(default_factory=list)
    region: list = field(default_factory=list)
    level: list = field(default_factory=list)
    indicator: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    months: list = field(default_factory=list)
    measured: bool = False  # F-PLUS-1: «есть измеримые результаты» — at least one result row
    sort: str = ""
    page: str = "1"
    archived: bool = False
    # «Искать «…»»: no automatic correction of this query (issue 16 item 3). The link and the form's hidden
    # field carry the query text itself, so a changed filter keeps it and a newly typed query is corrected.
    as_typed: bool = False

    FILTERS = ("category", "district", "region", "level", "indicator", "cost", "months", "measured")

    @classmethod
    def from_get(cls, get, *, archived=False):
        return cls(
            q=(get.get("q") or "").strip()[:200],
            category=_ints(get.getlist("category")), district=_ints(get.getlist("district")),
            region=_ints(get.getlist("region")), level=_ints(get.getlist("level")),
            indicator=_ints(get.getlist("indicator")), cost=_ints(get.getlist("cost")),
            months=[m for m in get.getlist("months") if m in MONTH_BUCKETS],
            measured=get.get("measured") == "1",
            sort=get.get("sort") if get.get("sort") in SORTS else "",
            page=get.get("page") or "1", archived=archived, as_typed=bool(get.get("as_typed")) and get.get("as_typed", "").strip()[:200] == (get.get("q") or "").strip()[:200],
        )

    @property
    def has_filters(self):
        return any(getattr(self, name) for name in self.FILTERS)

    @property
    def effective_sort(self):
        if self.sort and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "date"


def public_practices(*, archived=False):
    state = PracticeState.ARCHIVED if archived else PracticeState.PUBLISHED
    return Practice.objects.filter(state=state)


def _months_q(keys):
    condition = Q()
    for key in keys:
        _label, low, high = MONTH_BUCKETS[key]
        condition |= Q(months_to_launch__gte=low, months_to_launch__lte=high) if high else Q(months_to_launch__gte=low)
    return condition


def apply_filters(queryset, query, skip=None):
    """Every filter of ``query`` but ``skip`` (facet counts apply the other filters)."""
    if query.category and skip != "category":
        queryset = queryset.filter(category_id__in=query.category)
    if query.district and skip != "district":
        queryset = queryset.filter(region__federal_district_id__in=query.district)
    if query.region and skip != "region":
        queryset = queryset.filter(region_id__in=query.region)
    if query.level and skip != "level":
        queryset = queryset.filter(level__in=query.level)
    if query.cost and skip != "cost":
        queryset = queryset.filter(cost_range_id__in=query.cost)
    if query.months and skip != "months":
        queryset = queryset.filter(_months_q(query.months))
    if query.indicator and skip != "indicator":
        through = Practice.rating_indicators.through
        queryset = queryset.filter(pk__in=through.objects.filter(ratingindicator_id__in=query.indicator)
                                   .values("practice_id"))
    if query.measured and skip != "measured":
        queryset = queryset.filter(Exists(PracticeResult.objects.filter(practice=OuterRef("pk"))))
    return queryset
