"""F-REPORT-3: the Agency's annual replication summary (5.3.5) over a known data set of two years
(tests/replication/summary_world.py) — every table's numbers, the year over year, the decisions and their
links into the lifecycle flows, the XLSX opened with openpyxl, the page's query count as data grows."""

import io
import itertools

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from replication import summary
from replication.models import ReplicationRequest
from tests import factories
from tests.query_counts import assert_constant_queries
from tests.replication.summary_world import YEAR, at, build, request

pytestmark = pytest.mark.django_db

COUNTS = ("total", "prev_total", "open", "done", "prev_done", "refused", "declined", "dismissed")


@pytest.fixture(autouse=True)
def _mid_2026():
    with time_machine.travel("2026-06-15 10:00 +0300", tick=False):
        yield


@pytest.fixture
def author_b(region_b):
    return factories.UserFactory(email="author-b@example.ru", region=region_b)


@pytest.fixture
def recipient_a(region_a):
    return factories.UserFactory(email="recipient-a@example.ru", region=region_a)


@pytest.fixture
def world(author, author_b, recipient, recipient_a, region_a, region_b, category_a, category_b):
    return build(author, author_b, recipient, recipient_a, region_a, region_b, category_a, category_b)


def _numbers(row):
    return {field: getattr(row, field) for field in COUNTS}


def _by_label(rows):
    return {row.label: _numbers(row) for row in rows}


def test_f_report_3_tables_by_category_region_and_district_with_the_previous_year(world, region_a, region_b,
                                                                                 category_a, category_b):
    tables = summary.tables(YEAR)
    zero = dict.fromkeys(COUNTS, 0)
    assert _by_label(tables["categories"]) == {
        category_a.name: {**zero, "total": 5, "prev_total": 1, "open": 1, "done": 1, "prev_done": 1, "refused": 1,
                          "declined": 1, "dismissed": 1},
        category_b.name: {**zero, "total": 1, "prev_total": 2, "done": 1, "prev_done": 1},
    }
    # the recipient region: who adopts
    assert _by_label(tables["recipient_regions"]) == {
        region_a.name: {**zero, "total": 3, "prev_total": 1, "open": 1, "done": 1, "dismissed": 1},
        region_b.name: {**zero, "total": 3, "prev_total": 2, "done": 1, "prev_done": 2, "refused": 1,
                        "declined": 1},
    }
    # the author region: whose practices are adopted
    assert _by_label(tables["author_regions"]) == {
        region_a.name: {**zero, "total": 5, "prev_total": 1, "open": 1, "done": 1, "prev_done": 1, "refused": 1,
                        "declined": 1, "dismissed": 1},
        region_b.name: {**zero, "total": 1, "prev_total": 2, "done": 1, "prev_done": 1},
    }
    assert _by_label(tables["districts"]) == {
        region_a.federal_district.name: _by_label(tables["recipient_regions"])[region_a.name],
        region_b.federal_district.name: _by_label(tables["recipient_regions"])[region_b.name],
    }
    total = summary.totals(tables["categories"])
    assert (total.total, total.prev_total, total.change_label) == (6, 3, "+3")


def test_f_report_3_funnel_and_months(world):
    assert summary.funnel(YEAR) == [("Подана заявка «Хочу внедрить»", 6), ("Назначен модератор внедрения", 4),
                                    ("Практика внедряется", 3), ("Внедрено", 2)]
    months = {name: (a, b) for name, a, b in summary.months(YEAR)}
    assert months == {"январь": (1, 0), "февраль": (1, 0), "март": (2, 0), "апрель": (0, 1), "май": (0, 1),
                      "июнь": (1, 0), "июль": (0, 1), "август": (0, 0), "сентябрь": (0, 0), "октябрь": (0, 0),
                      "ноябрь": (1, 0), "декабрь": (0, 0)}


def test_f_report_3_practices_and_their_decisions(world):
    rows = {p.title: p for p in summary.practices(YEAR)}
    assert set(rows) == {"Бережливая поликлиника", "Школа наставников", "МФЦ для бизнеса", "Цифровой двор",
                         "Открытый муниципалитет", "Открытый бюджет"}  # the draft is not listed
    assert [(rows[t].total, rows[t].prev_total, rows[t].done, rows[t].decision) for t in (
        "Бережливая поликлиника", "Школа наставников", "МФЦ для бизнеса", "Цифровой двор", "Открытый муниципалитет",
        "Открытый бюджет")] == [
        (3, 1, 1, ""),  # implemented: nothing to decide
        (0, 2, 0, summary.ARCHIVE),  # published in 2023, no request since 1 January 2025 (4.6.1)
        (2, 0, 0, summary.ACTUALIZE),  # asked twice, declined and dismissed: none implemented (4.5.4)
        (0, 0, 0, ""),  # published in 2025: not a year without requests yet
        (1, 0, 1, ""),  # archived: out of the catalogue, no decision
        (0, 0, 0, ""),  # a request in 2026, after the year: not proposed for archiving
    ]
    assert summary.decision_counts(YEAR) == {"all": 6, "none": 4, summary.ARCHIVE: 1, summary.ACTUALIZE: 1}
    assert [p.title for p in summary.practices(YEAR, summary.ARCHIVE)] == ["Школа наставников"]
    assert [p.title for p in summary.practices(YEAR)][:2] == ["Бережливая поликлиника", "МФЦ для бизнеса"]


def test_f_report_3_decision_actions_name_real_rules_and_pages(world):
    from smarteka.permissions import registered_actions

    for action in summary.DECISION_ACTIONS.values():
        assert action.rule in registered_actions()
    mfc = world["mfc"]
    assert summary.DECISION_ACTIONS[summary.ACTUALIZE].url(mfc.pk) == reverse("validation:actualization",
                                                                              args=[mfc.pk])
    assert summary.DECISION_ACTIONS[summary.ARCHIVE].url(mfc.pk).startswith(reverse("archiving:propose",
                                                                                     args=[mfc.pk]) + "?")


def test_f_report_3_page_shows_the_year_the_previous_year_and_the_decisions(client, world, asi_moderator):
    client.force_login(asi_moderator)
    response = client.get(reverse("replication:summary"), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Итоги тиражирования практик за 2025 год" in html
    assert 'id="chart-funnel"' in html and 'id="summary-chart-data"' in html
    assert "js/replication-summary.js" in html and "vendor/chartjs/chart.umd.min.js" in html
    # the ASI moderator may ask for an actualization (4.5.4): the link opens the validation page
    assert reverse("validation:actualization", args=[world["mfc"].pk]) in html
    # archiving is proposed by the expert-moderator of the category (4.2.1.4): the ASI moderator sees the decision
    assert reverse("archiving:propose", args=[world["mentors"].pk]) not in html
    assert "Предложить архивирование" in html
    assert response.context["chart_data"]["funnel"]["values"] == [6, 4, 3, 2]
    assert response.context["chart_data"]["districts"]["current"] == [3, 3]


def test_f_report_3_the_expert_moderator_of_the_category_gets_the_archiving_link(client, world,
                                                                                 expert_moderator_of_other_category):
    client.force_login(expert_moderator_of_other_category)  # category_b: «Школа наставников»
    html = client.get(reverse("replication:summary"), {"year": YEAR, "decision": "archive"}).content.decode()
    assert reverse("archiving:propose", args=[world["mentors"].pk]) in html
    assert "Бережливая поликлиника" not in html  # the filter: only the practices proposed for archiving


def test_f_report_3_default_year_is_the_current_and_a_wrong_year_falls_back(client, world, asi_moderator):
    client.force_login(asi_moderator)
    assert client.get(reverse("replication:summary")).context["year"] == 2026
    assert client.get(reverse("replication:summary"), {"year": "1999"}).context["year"] == 2026
    assert client.get(reverse("replication:summary"), {"year": "abc"}).context["years"] == [2026, 2025, 2024, 2023]


@pytest.mark.parametrize("name,status", [("coordinator", 403), ("implementation_moderator", 403),
                                         ("recipient", 403), ("outsider", 403), ("asi_moderator", 200),
                                         ("expert_moderator", 200)])
def test_f_report_3_only_the_agency_sees_the_summary(request, client, name, status):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("replication:summary")).status_code == status


def test_f_report_3_xlsx_has_every_table_and_agrees_with_the_data(world):
    buffer = io.BytesIO()
    seen = []
    summary.write_workbook({"year": YEAR}, buffer, seen.append)
    assert seen[-1] == 99 and seen == sorted(seen)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["Воронка", "По месяцам", "Категории", "Регионы-реципиенты", "Регионы-авторы",
                               "Федеральные округа", "Практики"]
    funnel = [[c.value for c in row] for row in book["Воронка"].iter_rows(min_row=2)]
    assert funnel == [["Подана заявка «Хочу внедрить»", 6], ["Назначен модератор внедрения", 4],
                      ["Практика внедряется", 3], ["Внедрено", 2]]
    months = [[c.value for c in row] for row in book["По месяцам"].iter_rows(min_row=2)]
    assert len(months) == 13 and months[-1] == ["Итого", 6, 3]
    categories = [[c.value for c in row] for row in book["Категории"].iter_rows()]
    assert categories[0][:4] == ["По категориям практик", "Заявок за год", "Заявок за прошлый год", "Изменение"]
    assert categories[-1] == ["Итого", 6, 3, 3, 1, 2, 2, 1, 1, 1]
    regions = {row[0].value: [c.value for c in row[1:]] for row in book["Регионы-реципиенты"].iter_rows(min_row=2)}
    assert regions["Итого"] == [6, 3, 3, 1, 2, 2, 1, 1, 1] and len(regions) == 3
    practices = [[c.value for c in row] for row in book["Практики"].iter_rows()]
    assert practices[0][0] == "Практика" and practices[0][-1] == "Решение (п. 5.3.5)"
    body = {row[0]: row for row in practices[1:-1]}
    assert len(body) == 6
    assert body["Школа наставников"][4:7] == [0, 2, -2] and body["Школа наставников"][-1] == "Предложить архивирование"
    assert body["МФЦ для бизнеса"][-1] == "Запросить актуализацию"
    assert body["Бережливая поликлиника"][-1] == "—"
    assert practices[-1][:6] == ["Итого", None, None, None, 6, 3]
    link = book["Практики"].cell(row=2, column=1).hyperlink.target
    assert link.endswith(f"/practices/{world['poly'].pk}/")


def test_f_report_3_summary_page_query_count_constant_as_data_grows(client, asi_moderator, author, recipient,
                                                                    region_b, category_a):
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = factories.published_practice(author, title=f"Практика сводки {i:02d}", category=category_a,
                                                    published_at=at(2023, 1))
            request(practice, recipient, region_b, at(2026, 1 + i % 5), ["done", "declined", "requested"][i % 3])
            request(practice, recipient, region_b, at(2025, 1 + i % 5), "done")
            shown.append(f"Практика сводки {i:02d}")
        return shown

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("replication:summary"), grow)
    assert ReplicationRequest.objects.count() == 24
