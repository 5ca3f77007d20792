"""The read-only JSON API /api/v1/ and its CSV (F-PLUS-5), on django-ninja: the OpenAPI schema at
/api/v1/schema/ is generated from these operations and ``schemas``.

The list answers exactly what the catalogue shows for the same URL parameters: the parameters are read
by ``CatalogueQuery.from_get`` and the results come from ``practices.catalogue.search.search`` — the
function the catalogue page calls — so filters, text search (with its corrections) and sort are the
catalogue's.

choice (cursor pagination): the cursor is opaque and signed; it carries the position in the catalogue's
own pages (12 practices each, like the catalogue), so page N of the API is page N of the catalogue for
the same query. A client follows ``next`` until it is null; a cursor that is not one of ours is a 404
(like Django REST framework's cursor pagination: the page it names does not exist). The CSV gives the
whole list at once (with a text query: its first ``CSV_SEARCH_MAX`` results, as the catalogue ranks
them)."""

from typing import Literal

from django.core import signing
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import Field

from practices.api import schemas
from practices.api.docs import SiteSwagger
from practices.api.http import open_data
from practices.catalogue.facets import catalogue_counts
from practices.catalogue.query import (
    MONTH_BUCKETS,
    SORTS,
    CatalogueQuery,
    apply_filters,
    public_practices,
    replications_expr,
    with_counts,
)
from practices.catalogue.search import _ordered, search
from practices.models import Category, CostRange, Practice, PracticeState
from regions.models import Region
from smarteka import exports

CURSOR_SALT = "practices.api.cursor"
CSV_SEARCH_MAX = 1000


class Utf8JSONRenderer(JSONRenderer):
    """Cyrillic as it is (UTF-8), not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Смартека: открытые данные",
    version="1",
    description=(
        "Опубликованные практики регионального управления, категории и регионы. Только чтение, только "
        "публичные сведения. Фильтры и поиск — как в каталоге; постраничный вывод — по курсору (`next`). "
        "Не чаще 120 запросов в минуту с одного адреса."),
    urls_namespace="api",
    openapi_url="/schema/",
    docs=SiteSwagger(),
    docs_url="/docs/",
    renderer=Utf8JSONRenderer(),
)
api.add_decorator(open_data, mode="view")

Sort = Literal["relevance", "date", "popular", "useful"]
Months = Literal["0-3", "4-6", "7-12", "13-"]
assert set(Sort.__args__) == set(SORTS) and set(Months.__args__) == set(MONTH_BUCKETS)

ERRORS = {404: schemas.ErrorOut, 422: schemas.ValidationErrorOut, 429: schemas.ErrorOut}


# --- rows


def _ref(obj, *fields):
    return {name: getattr(obj, name) for name in fields} if obj is not None else None


def practice_row(practice, request, cost_names, replications, *, detail=False):
    row = {
        "id": practice.pk,
        "url": request.build_absolute_uri(practice.get_absolute_url()),
        "title": practice.title, "goal": practice.goal, "essence": practice.essence,
        "category": _ref(practice.category, "id", "name", "slug"),
        "region": _ref(practice.region, "id", "code", "name", "slug"),
        "level": practice.level, "implementation_year": practice.implementation_year,
        "months_to_launch": practice.months_to_launch,
        "cost_range": cost_names.get(practice.cost_range_id),
        "published_at": practice.published_at, "actualized_at": practice.actualized_at,
        "requests_count": getattr(practice, "requests_count", 0) or 0,
        "replications_count": replications.get(practice.pk, 0),
        "useful_count": getattr(practice, "useful_count", 0) or 0,
    }
    if detail:
        row.update({name: getattr(practice, name) for name in (
            "tasks", "audience_main", "audience_secondary", "results_main", "results_additional",
            "roadmap_steps", "normative_acts", "specifics", "support_offered")})
        row["implemented_regions"] = [_ref(r, "id", "code", "name", "slug")
                                      for r in practice.implemented_regions.all()]
    return row


def cost_names():
    return dict(CostRange.objects.values_list("pk", "name"))


def replication_counts(ids):
    """Completed replications of ``ids`` — one query (practices never imports replication)."""
    if not ids:
        return {}
    rows = Practice.objects.filter(pk__in=ids).annotate(n=replications_expr()).values_list("pk", "n")
    return dict(rows)


# --- the cursor


def encode_cursor(page):
    """Signed without a timestamp: the same page has the same cursor, so the same answer has the same ETag."""
    return signing.Signer(salt=CURSOR_SALT).sign_object({"p": page}, compress=True)


def decode_cursor(cursor):
    if not cursor:
        return 1
    try:
        page = int(signing.Signer(salt=CURSOR_SALT).unsign_object(cursor)["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise HttpError(404, "Неверный курсор: возьмите адрес из поля next предыдущего ответа.")
    if page < 1:
        raise HttpError(404, "Неверный курсор: возьмите адрес из поля next предыдущего ответа.")
    return page


def catalogue_query(request, page=1):
    """The catalogue's own reading of the URL (``CatalogueQuery.from_get``)."""
    get = request.GET.copy()
    get.pop("cursor", None)
    get["page"] = str(page)
    return CatalogueQuery.from_get(get)


def next_url(request, page):
    params = request.GET.copy()
    params["cursor"] = encode_cursor(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


# --- operations


class CatalogueFilters(Schema):
    """The catalogue's parameters (documented here and validated by ninja; ``CatalogueQuery.from_get``
    reads them from the URL itself, as the catalogue page does)."""

    q: str = Field("", max_length=200, description="Поиск, как в каталоге")
    category: list[int] = Field(None, description="Категории (id)")
    district: list[int] = Field(None, description="Федеральные округа (id)")
    region: list[int] = Field(None, description="Регионы-авторы (id)")
    level: list[int] = Field(None, description="Уровни практики 1–3")
    indicator: list[int] = Field(None, description="Показатели рейтингов (id)")
    cost: list[int] = Field(None, description="Диапазоны стоимости (id)")
    months: list[Months] = Field(None, description="Срок запуска")
    sort: Sort = Field(None, description="Сортировка (по умолчанию: по релевантности при поиске, иначе сначала новые)")


class PageFilters(CatalogueFilters):
    cursor: str = Field(None, max_length=500, description="Курсор из поля next предыдущего ответа")


@api.get("/practices/", response={200: schemas.PracticePage, **ERRORS}, url_name="practices",
         summary="Опубликованные практики", tags=["Практики"])
def practices(request, filters: Query[PageFilters]):
    """Страница опубликованных практик (12 на странице) — те же, что каталог показывает по тем же параметрам."""
    page = decode_cursor(filters.cursor)
    result = search(catalogue_query(request, page), with_facets=False)
    if result.page.number != page:  # past the last page: an empty page, not the last one again
        items = []
    else:
        items = list(result.page.object_list)
    names = cost_names()
    replications = replication_counts([p.pk for p in items])
    return 200, {
        "items": [practice_row(p, request, names, replications) for p in items],
        "total": result.total,
        "next": next_url(request, page + 1) if items and result.page.has_next() else None,
    }


@api.get("/practices/{practice_id}/", response={200: schemas.PracticeDetailOut, **ERRORS},
         url_name="practice", summary="Опубликованная практика", tags=["Практики"])
def practice(request, practice_id: int):
    """Паспорт опубликованной практики (только публичные разделы)."""
    if not -2**31 < practice_id < 2**31:
        raise HttpError(404, "Практика не найдена.")
    found = get_object_or_404(
        with_counts(public_practices(), replications=True).select_related("category", "region")
        .prefetch_related("implemented_regions").defer("search_vector"), pk=practice_id)
    return 200, practice_row(found, request, cost_names(), {found.pk: found.replications_count}, detail=True)


@api.get("/categories/", response={200: list[schemas.CategoryOut], **ERRORS}, url_name="categories",
         summary="Категории", tags=["Справочники"])
def categories(request):
    """Действующие категории практик с числом опубликованных практик."""
    counts = catalogue_counts(PracticeState.PUBLISHED)[1]["category"]
    rows = Category.objects.filter(category_set__is_current=True).order_by("order", "name")
    return 200, [{"id": c.pk, "name": c.name, "slug": c.slug, "practices_count": counts.get(c.pk, 0)}
                 for c in rows]


@api.get("/regions/", response={200: list[schemas.RegionOut], **ERRORS}, url_name="regions",
         summary="Регионы", tags=["Справочники"])
def regions(request):
    """Субъекты Российской Федерации с числом опубликованных практик."""
    counts = catalogue_counts(PracticeState.PUBLISHED)[1]["region"]
    rows = Region.objects.select_related("federal_district").order_by("name")
    return 200, [{"id": r.pk, "code": r.code, "name": r.name, "slug": r.slug,
                  "federal_district": r.federal_district.name if r.federal_district else None,
                  "practices_count": counts.get(r.pk, 0)} for r in rows]


# --- CSV

CSV_COLUMNS = [
    exports.Column("id", 8), exports.Column("Название", 50), exports.Column("Категория", 30),
    exports.Column("Регион", 30), exports.Column("Уровень", 8), exports.Column("Год реализации", 10),
    exports.Column("Срок запуска, мес.", 10), exports.Column("Стоимость", 20),
    exports.Column("Опубликована", 12), exports.Column("Актуализирована", 12),
    exports.Column("Хотят внедрить", 10), exports.Column("Внедрено", 10), exports.Column("Полезно", 10),
    exports.Column("Страница", 40), exports.Column("Цель", 60),
]


def walk(query):
    """Every practice of ``query`` in the catalogue's order: without a text query the catalogue's own
    ordered queryset; with one, the catalogue's pages in turn (at most ``CSV_SEARCH_MAX`` results)."""
    if not query.q:
        rows = _ordered(apply_filters(public_practices(), query), query.effective_sort)
        rows = (with_counts(rows, replications=True).select_related("category", "region")
                .defer("search_vector"))
        yield from rows.iterator(chunk_size=1000)
        return
    page, seen = 1, 0
    while seen < CSV_SEARCH_MAX:
        query.page = str(page)
        result = search(query, with_facets=False)
        if result.page.number != page:
            return
        items = list(result.page.object_list)
        counts = replication_counts([p.pk for p in items])
        for practice in items:
            practice.replications_count = counts.get(practice.pk, 0)
            yield practice
        seen += len(items)
        if not result.page.has_next():
            return
        page += 1


def _date(value):
    return timezone.localtime(value).date().isoformat() if value else ""


def csv_rows(request, query):
    names = cost_names()
    for p in walk(query):
        yield [p.pk, p.title, p.category.name if p.category else "", p.region.name, p.level or "",
               p.implementation_year or "", p.months_to_launch or "", names.get(p.cost_range_id, ""),
               _date(p.published_at), _date(p.actualized_at), p.requests_count, p.replications_count,
               p.useful_count, request.build_absolute_uri(p.get_absolute_url()), p.goal]


@api.get("/practices.csv", response={200: None, **ERRORS}, url_name="practices_csv",
         summary="Опубликованные практики, CSV", tags=["Практики"],
         openapi_extra={"responses": {200: {"description": "CSV (UTF-8 с BOM, разделитель «;»)",
                                            "content": {"text/csv": {"schema": {"type": "string"}}}}}})
def practices_csv(request, filters: Query[CatalogueFilters]):
    """Тот же список целиком в CSV, который Excel открывает двойным щелчком."""
    query = catalogue_query(request)
    sheet = exports.Sheet("Практики", CSV_COLUMNS, csv_rows(request, query), totals=False)
    response = StreamingHttpResponse(exports.iter_csv(sheet), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="smarteka-practices.csv"'
    return response
