"""The API's output schemas (F-PLUS-5). Only public fields: what the public practice page shows, without
people (no names, e-mails, phones, organisations' contacts) and without anything of the review.

``PUBLIC_FIELDS`` is the allow-list a test checks every property of every schema component against; a
new field is added here on purpose or the test fails."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

PUBLIC_FIELDS = frozenset({
    # practices
    "id", "url", "title", "goal", "tasks", "essence", "audience_main", "audience_secondary", "results_main",
    "results_additional", "category", "region", "implemented_regions", "level", "implementation_year",
    "months_to_launch", "cost_range", "roadmap_steps", "specifics", "support_offered", "normative_acts",
    "published_at", "actualized_at", "requests_count", "replications_count", "useful_count",
    # reference data
    "name", "slug", "code", "federal_district", "practices_count",
    # pages and errors
    "items", "next", "total", "detail",
    # the catalogue's parameters (input components)
    "q", "district", "indicator", "cost", "months", "sort", "cursor",
})


class CategoryRef(Schema):
    id: int
    name: str
    slug: str


class RegionRef(Schema):
    id: int
    code: str
    name: str
    slug: str


class CategoryOut(CategoryRef):
    practices_count: int = Field(description="Опубликованных практик в категории")


class RegionOut(RegionRef):
    federal_district: str | None = Field(description="Федеральный округ (нет у четырёх регионов, принятых в 2022 году)")
    practices_count: int = Field(description="Опубликованных практик региона")


class PracticeOut(Schema):
    id: int
    url: str = Field(description="Страница практики на сайте")
    title: str
    goal: str
    essence: str
    category: CategoryRef | None
    region: RegionRef
    level: int | None = Field(description="Уровень практики 1–3")
    implementation_year: int | None
    months_to_launch: int | None
    cost_range: str | None = Field(description="Сколько стоила реализация (диапазон)")
    published_at: datetime | None
    actualized_at: datetime | None
    requests_count: int = Field(description="Заявок «Хочу внедрить» (кроме отклонённых)")
    replications_count: int = Field(description="Завершённых внедрений в других регионах")
    useful_count: int = Field(description="Отметок «Полезно»")


class PracticeDetailOut(PracticeOut):
    tasks: list[str]
    audience_main: str
    audience_secondary: str
    results_main: str
    results_additional: str
    roadmap_steps: list[str]
    normative_acts: str
    specifics: str
    support_offered: str
    implemented_regions: list[RegionRef]


class PracticePage(Schema):
    items: list[PracticeOut]
    total: int = Field(description="Всего практик по запросу (для широких запросов — оценка)")
    next: str | None = Field(description="Адрес следующей страницы (курсор) или null на последней")


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]
