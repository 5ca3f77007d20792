"""F-REPORT-2: the quarterly regional report (seed 000 — постановление Правительства Амурской области № 188,
Приложение № 2, п. 3; Приложение № 1 maps categories to responsible bodies). A known data set for the Amur region
in the III quarter of 2026; the report on screen, the XLSX opened with openpyxl and the CSVs compared row by row
and with their totals; the quarter's boundaries; who downloaded and confirmed; the reminder deadline."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from practices.models import Category
from regions import quarterly
from regions.models import QuarterlyReport
from regions.quarterly import NO_BODY, Quarter
from replication.models import ReplicationRequest
from smarteka.deadlines.models import Deadline, Reminder
from smarteka.deadlines.services import scan
from smarteka.notifications.models import Notice
from tests import factories
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
AMUR_SET = "Категории постановления Амурской области № 188 (2021)"
MINOBR = "Министерство образования и науки Амурской области"
MINECON = "Министерство экономического развития и внешних связей Амурской области"
HEALTH_SPORT = ("Министерство здравоохранения Амурской области; "
                "Министерство по физической культуре и спорту Амурской области")
Q3 = Quarter(2026, 3)
AFTER_Q3 = datetime.datetime(2026, 10, 5, 10, 0, tzinfo=MSK)  # a Monday: the last finished quarter is Q3


def msk(*args):
    return datetime.datetime(*args, tzinfo=MSK)


def amur(slug):
    return Category.objects.get(category_set__name=AMUR_SET, slug=slug)


def url_of(practice):
    return f"{settings.SITE_URL}/practices/{practice.pk}/"


def request_for(practice, recipient, region, *, state, started=None, done=None, closed=None, **fields):
    req = ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=region,
                                            recipient_position="Должность при заявке", **fields)
    ReplicationRequest.objects.filter(pk=req.pk).update(state=state, started_at=started, done_at=done,
                                                        closed_at=closed or done)
    return req


@pytest.fixture
def data(region_a, region_b, author, coordinator, production_calendar):
    """Region A (Amur): three practices placed in Q3 (one on its first moment, one on its last minute, one in the
    knowledge base since, of a category no body is mapped for), four that are not (before, after, deleted,
    another region's); region A adopting five practices of region B, three of them in work during Q3."""
    other = factories.UserFactory(region=region_b, email="author-b@example.ru")
    placed = {
        "first": factories.published_practice(author, title="Школьная медиация", category=amur("obrazovanie"),
                                              published_at=msk(2026, 7, 1, 0, 0)),
        "last": factories.published_practice(author, title="Здоровое питание",
                                             category=amur("zdorove-i-obraz-zhizni"),
                                             published_at=msk(2026, 9, 30, 23, 59, 59)),
        "archived": factories.published_practice(author, title="Бережливая поликлиника", state="archived",
                                                 category=factories.category("zdravookhranenie"),
                                                 published_at=msk(2026, 8, 15, 12, 0)),
    }
    factories.published_practice(author, title="Раньше квартала", category=amur("obrazovanie"),
                                 published_at=msk(2026, 6, 30, 23, 59, 59))
    factories.published_practice(author, title="Следующий квартал", category=amur("obrazovanie"),
                                 published_at=msk(2026, 10, 1, 0, 0))
    factories.published_practice(author, title="Удалённая практика", state="deleted", category=amur("obrazovanie"),
                                 published_at=msk(2026, 8, 1, 12, 0))
    factories.published_practice(other, title="Практика другого региона", category=amur("obrazovanie"),
                                 published_at=msk(2026, 8, 1, 12, 0))

    recipient = factories.UserFactory(region=region_a, email="orlova@example.ru", last_name="Орлова",
                                      first_name="Мария", middle_name="Петровна",
                                      position="Заместитель министра образования", work_phone="+7 (4162) 22-33-44",
                                      mobile_phone="+7 (914) 555-66-77")
    b = {name: factories.published_practice(other, title=title, category=amur(slug), results_main=results,
                                            published_at=msk(2026, 1, 10, 12, 0))
         for name, title, slug, results in [
             ("office", "Проектный офис инвестора", "investitsii", "Сроки подключения сократились"),
             ("camps", "Летние лагеря", "obrazovanie", "Охват детей вырос"),
             ("route", "Туристический маршрут", "turizm", "Турпоток вырос вдвое"),
             ("old", "Завершено раньше", "obrazovanie", ""),
             ("late", "Начато позже", "obrazovanie", ""),
             ("asked", "Только заявка", "obrazovanie", ""),
             ("theirs", "Чужая заявка", "obrazovanie", ""),
         ]}
    adopting = {
        "office": request_for(b["office"], recipient, region_a, state="in_progress", started=msk(2026, 5, 10, 9, 0),
                              expected_effects="Сократить сроки подключения на 30 %"),
        "camps": request_for(b["camps"], recipient, region_a, state="done", started=msk(2026, 3, 1, 9, 0),
                             done=msk(2026, 8, 20, 9, 0), first_results="Охват — 500 детей",
                             expected_effects="Охват 1000 детей"),
        "route": request_for(b["route"], recipient, region_a, state="declined", started=msk(2026, 6, 1, 9, 0),
                             closed=msk(2026, 7, 15, 9, 0)),
    }
    request_for(b["old"], recipient, region_a, state="done", started=msk(2026, 3, 1, 9, 0),
                done=msk(2026, 6, 30, 23, 0), first_results="Раньше")
    request_for(b["late"], recipient, region_a, state="in_progress", started=msk(2026, 10, 1, 0, 0))
    request_for(b["asked"], recipient, region_a, state="requested")
    request_for(b["theirs"], factories.UserFactory(region=region_b), region_b, state="in_progress",
                started=msk(2026, 8, 1, 9, 0))
    return {"placed": placed, "b": b, "requests": adopting, "recipient": recipient}


PERSON = ["Орлова Мария Петровна", "Заместитель министра образования", "+7 (4162) 22-33-44, +7 (914) 555-66-77",
          "orlova@example.ru"]


def expected_placed(data):
    p = data["placed"]
    return [
        [HEALTH_SPORT, "Здоровье и образ жизни", "Здоровое питание", url_of(p["last"]), datetime.datetime(2026, 9, 30)],
        [MINOBR, "Образование", "Школьная медиация", url_of(p["first"]), datetime.datetime(2026, 7, 1)],
        [NO_BODY, "Здравоохранение", "Бережливая поликлиника", url_of(p["archived"]), datetime.datetime(2026, 8, 15)],
    ]


def expected_adopting(data):
    b = data["b"]
    return [
        [MINOBR, "Образование", "Летние лагеря", "Республика Татарстан", url_of(b["camps"]), "Внедрено",
         "Достигнутый: Охват — 500 детей", *PERSON],
        [MINECON, "Инвестиции", "Проектный офис инвестора", "Республика Татарстан", url_of(b["office"]), "Внедряется",
         "Планируемый: Сократить сроки подключения на 30 %", *PERSON],
        [MINECON, "Туризм", "Туристический маршрут", "Республика Татарстан", url_of(b["route"]), "Отказ реципиента",
         "Планируемый: Турпоток вырос вдвое", *PERSON],
    ]


def rows_of(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_xlsx_rows_and_totals_match_the_data(client, coordinator, region_a, data):
    client.force_login(coordinator)
    response = client.get(reverse("regions:quarterly_xlsx", args=[region_a.slug]))  # default: the last quarter
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="kvartalnyy-otchet-{region_a.slug}-2026-q3.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Сводка по органам", "Размещённые практики", "Внедряемые практики"]

    summary = rows_of(book["Сводка по органам"])
    assert summary == [
        ["Ответственный исполнительный орган", "Размещено практик", "Внедряется практик", "Из них внедрено"],
        [HEALTH_SPORT, 1, 0, 0], [MINOBR, 1, 1, 1], [MINECON, 0, 2, 0], [NO_BODY, 1, 0, 0],
        ["Итого", 3, 3, 1],
    ]

    placed = book["Размещённые практики"]
    rows = rows_of(placed)
    assert rows[0] == ["Ответственный исполнительный орган", "Категория", "Наименование практики",
                       "Ссылка на практику", "Дата размещения"]
    assert rows[1:-1] == expected_placed(data)
    assert rows[-1] == ["Итого", None, 3, None, None]
    assert placed["D2"].hyperlink.target == url_of(data["placed"]["last"])
    assert placed.freeze_panes == "A2"
    assert placed["A1"].font.bold

    adopting = rows_of(book["Внедряемые практики"])
    assert adopting[0][:3] == ["Ответственный исполнительный орган", "Категория", "Наименование практики"]
    assert adopting[0][6:] == ["Достигнутый или планируемый результат", "Ответственный за внедрение", "Должность",
                               "Телефон", "Электронная почта"]
    assert adopting[1:-1] == expected_adopting(data)
    assert adopting[-1] == ["Итого", None, 3, *[None] * 8]


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_csv_opens_with_cyrillic_intact(client, coordinator, region_a, data):
    client.force_login(coordinator)
    for part, expected in (("placed", expected_placed(data)), ("adopting", expected_adopting(data))):
        response = client.get(reverse("regions:quarterly_csv", args=[region_a.slug, part]) + "?year=2026&quarter=3")
        assert response.status_code == 200
        assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens Cyrillic intact
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        as_text = [[value.strftime("%Y-%m-%d") if isinstance(value, datetime.datetime) else value for value in row]
                   for row in expected]
        assert rows[1:-1] == as_text
        assert rows[0][:3] == ["Ответственный исполнительный орган", "Категория", "Наименование практики"]
        assert rows[-1][:3] == ["Итого", "", "3"]


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_page_groups_by_responsible_body(client, coordinator, region_a, data):
    client.force_login(coordinator)
    html = client.get(reverse("regions:quarterly", args=[region_a.slug])).content.decode()
    assert "Квартальный отчёт: Амурская область, III квартал 2026 г." in html
    for title in ("Школьная медиация", "Здоровое питание", "Бережливая поликлиника", "Летние лагеря",
                  "Проектный офис инвестора", "Туристический маршрут", "orlova@example.ru", NO_BODY, MINOBR):
        assert title in html, title
    for title in ("Раньше квартала", "Следующий квартал", "Удалённая практика", "Практика другого региона",
                  "Завершено раньше", "Начато позже", "Только заявка", "Чужая заявка"):
        assert title not in html, title
    assert html.index(HEALTH_SPORT.split(";")[0]) < html.index(MINOBR) < html.index(MINECON) < html.index(NO_BODY)
    assert 'id="placed-total">3<' in html and 'id="adopting-total">3<' in html and 'id="done-total">1<' in html


def test_f_report_2_quarter_boundaries(region_a, author, production_calendar):
    """A practice published on the quarter's last day (Moscow time) counts; one published the next day does not;
    the quarter's first moment counts for it, not for the previous one."""
    factories.published_practice(author, title="Последний день", published_at=msk(2026, 9, 30, 23, 59, 59))
    factories.published_practice(author, title="Следующий день", published_at=msk(2026, 10, 1, 0, 0, 0))
    factories.published_practice(author, title="Первая минута", published_at=msk(2026, 7, 1, 0, 0, 0))
    titles = [row["title"] for row in quarterly.placed_practices(region_a, Q3)]
    assert titles == ["Первая минута", "Последний день"]
    assert [row["title"] for row in quarterly.placed_practices(region_a, Quarter(2026, 4))] == ["Следующий день"]
    assert [row["title"] for row in quarterly.placed_practices(region_a, Quarter(2026, 2))] == []
    assert (Q3.first_day, Q3.last_day) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert Quarter.last_finished(datetime.date(2027, 1, 1)) == Quarter(2026, 4)
    assert Quarter(2026, 4).due_on() == datetime.date(2027, 1, 14)  # «до 15 числа»: a Thursday
    assert Quarter(2026, 1).due_on() == datetime.date(2026, 4, 14)


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_picker_defaults_to_last_finished_quarter_and_refuses_the_future():
    assert quarterly.quarter_from({}) == Q3
    assert quarterly.quarter_from({"year": "2026", "quarter": "1"}) == Quarter(2026, 1)
    assert quarterly.quarter_from({"year": "2027", "quarter": "2"}) == Quarter(2026, 4)  # clamped to the current
    assert quarterly.quarter_from({"year": "x", "quarter": "5"}) == Q3


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_first_download_and_confirmation_are_tracked(client, coordinator, asi_moderator, region_a,
                                                                region_b, production_calendar):
    client.force_login(asi_moderator)
    client.get(reverse("regions:quarterly_xlsx", args=[region_a.slug]))
    assert not QuarterlyReport.objects.filter(first_downloaded_at__isnull=False).exists()  # the Agency's own

    client.force_login(coordinator)
    client.get(reverse("regions:quarterly_csv", args=[region_a.slug, "placed"]))
    record = QuarterlyReport.objects.get(region=region_a, year=2026, quarter=3)
    first = record.first_downloaded_at
    assert first is not None and record.first_downloaded_by == coordinator
    with time_machine.travel(AFTER_Q3 + datetime.timedelta(hours=2), tick=False):
        client.get(reverse("regions:quarterly_xlsx", args=[region_a.slug]))
    record.refresh_from_db()
    assert record.first_downloaded_at == first

    response = client.post(reverse("regions:quarterly_confirm", args=[region_a.slug]), {"year": 2026, "quarter": 3})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.confirmed_by == coordinator and record.confirmed_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "Отправка отчёта за III квартал 2026 г. подтверждена." in html and 'id="confirmed"' in html
    assert "Подтвердить отправку отчёта</button>" not in html

    client.force_login(asi_moderator)
    html = client.get(reverse("regions:quarterly_status") + "?year=2026&quarter=3&sort=status").content.decode()
    rows = html.split('class="status-row"')[1:]
    assert f'data-region="{region_a.slug}"' in rows[0]
    assert "Подтверждён" in rows[0] and "05.10.2026" in rows[0]
    tatarstan = next(row for row in rows if region_b.slug in row)
    assert "Ни скачан, ни подтверждён" in tatarstan


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_unfinished_quarter_cannot_be_confirmed(client, coordinator, region_a, production_calendar):
    client.force_login(coordinator)
    response = client.post(reverse("regions:quarterly_confirm", args=[region_a.slug]), {"year": 2026, "quarter": 4},
                           follow=True)
    assert "Квартал ещё не закончился" in response.content.decode()
    assert not QuarterlyReport.objects.filter(confirmed_at__isnull=False).exists()


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_coordinator_of_other_region_gets_404_and_asi_may_not_confirm(
        client, coordinator_of_other_region, asi_moderator, region_a, production_calendar):
    client.force_login(coordinator_of_other_region)
    for url in (reverse("regions:quarterly", args=[region_a.slug]),
                reverse("regions:quarterly_xlsx", args=[region_a.slug]),
                reverse("regions:quarterly_csv", args=[region_a.slug, "adopting"])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("regions:quarterly_confirm", args=[region_a.slug]),
                       {"year": 2026, "quarter": 3}).status_code == 404
    assert client.get(reverse("regions:quarterly_status")).status_code == 403
    client.force_login(asi_moderator)
    assert client.get(reverse("regions:quarterly", args=[region_a.slug])).status_code == 200
    assert client.post(reverse("regions:quarterly_confirm", args=[region_a.slug]),
                       {"year": 2026, "quarter": 3}).status_code == 403
    assert not QuarterlyReport.objects.filter(confirmed_at__isnull=False).exists()


def test_f_report_2_reminder_deadline_opens_once_reminds_and_is_met(client, coordinator, region_a,
                                                                   production_calendar):
    with time_machine.travel(msk(2026, 10, 1, 7, 15), tick=False):
        opened = quarterly.open_quarter_deadlines()
        assert opened == QuarterlyReport.objects.filter(year=2026, quarter=3).count() >= 1
        assert quarterly.open_quarter_deadlines() == 0  # rerun: nothing more
    record = QuarterlyReport.objects.get(region=region_a, year=2026, quarter=3)
    deadline = Deadline.objects.get(kind=quarterly.DEADLINE_KIND, object_id=record.pk)
    assert (deadline.starts_on, deadline.due_on) == (datetime.date(2026, 10, 1), datetime.date(2026, 10, 14))
    notice = Notice.objects.get(recipient=coordinator, kind="quarterly_report_due")
    assert notice.title == "Квартальный отчёт за III квартал 2026 г. — до 14.10.2026" and notice.requires_action

    scan(datetime.date(2026, 10, 8))  # four working days before: not yet
    assert not Reminder.objects.filter(deadline=deadline).exists()
    scan(datetime.date(2026, 10, 9))  # three working days before the 14th
    assert Reminder.objects.filter(deadline=deadline, stage=Reminder.Stage.BEFORE).count() == 1
    assert Notice.objects.filter(recipient=coordinator, kind="deadline_before").count() == 1
    scan(datetime.date(2026, 10, 9))
    assert Notice.objects.filter(recipient=coordinator, kind="deadline_before").count() == 1

    with time_machine.travel(msk(2026, 10, 12, 10, 0), tick=False):
        client.force_login(coordinator)
        client.post(reverse("regions:quarterly_confirm", args=[region_a.slug]), {"year": 2026, "quarter": 3})
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.MET
    notice.refresh_from_db()
    assert notice.action_done_at is not None
    with time_machine.travel(msk(2026, 10, 13, 7, 15), tick=False):
        assert quarterly.open_quarter_deadlines() == 0
    with time_machine.travel(msk(2026, 10, 15, 7, 15), tick=False):  # the due day passed: nothing is opened
        QuarterlyReport.objects.all().delete()
        assert quarterly.open_quarter_deadlines() == 0


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_report_page_query_count_constant(client, coordinator, author, region_a, region_b,
                                                     production_calendar):
    other = factories.UserFactory(region=region_b)
    recipient = factories.UserFactory(region=region_a)
    categories = [amur("obrazovanie"), amur("investitsii"), factories.category("zdravookhranenie")]
    made = {"n": 0}

    def grow(k):
        shown = []
        for _ in range(k):
            made["n"] += 1
            n = made["n"]
            category = categories[n % 3]
            own = factories.published_practice(author, title=f"Своя практика {n}", category=category,
                                               published_at=msk(2026, 8, 1, 12, 0))
            theirs = factories.published_practice(other, title=f"Чужая практика {n}", category=category,
                                                  published_at=msk(2026, 1, 1, 12, 0))
            request_for(theirs, recipient, region_a, state="in_progress", started=msk(2026, 7, 2, 9, 0))
            shown += [own.title, theirs.title]
        return shown

    client.force_login(coordinator)
    assert_constant_queries(client, reverse("regions:quarterly", args=[region_a.slug]), grow)


@time_machine.travel(AFTER_Q3, tick=False)
def test_f_report_2_status_page_sorts_by_a_column_without_script(client, asi_moderator, coordinator, region_a,
                                                                 region_b, production_calendar):
    QuarterlyReport.objects.create(region=region_a, year=2026, quarter=3, confirmed_at=msk(2026, 10, 2, 10, 0),
                                   first_downloaded_at=msk(2026, 10, 2, 9, 0))
    QuarterlyReport.objects.create(region=region_b, year=2026, quarter=3, confirmed_at=msk(2026, 10, 3, 10, 0))
    client.force_login(asi_moderator)
    url = reverse("regions:quarterly_status") + "?year=2026&quarter=3&sort="

    def order(sort):
        html = client.get(url + sort).content.decode()
        return [chunk.split('"')[0] for chunk in html.split('data-region="')[1:]]

    assert order("-confirmed")[:2] == [region_b.slug, region_a.slug]
    assert order("confirmed")[:2] == [region_a.slug, region_b.slug]
    assert order("-downloaded")[0] == region_a.slug  # regions without a download stay last either way
    assert order("downloaded")[0] == region_a.slug
    everyone = order("region")
    assert len(everyone) == len(set(everyone)) and everyone.index(region_a.slug) < everyone.index(region_b.slug)
    html = client.get(url + "-confirmed").content.decode()
    assert 'aria-sort="descending"' in html and "Подтверждён: <strong>2</strong>" in html
    assert 'href="?year=2026&amp;quarter=3&amp;sort=confirmed"' in html  # clicking again sorts ascending


def test_f_report_2_cabinet_leads_to_the_report(client, coordinator, asi_moderator, region_a):
    client.force_login(coordinator)
    html = client.get(reverse("cabinet")).content.decode()
    assert reverse("regions:quarterly", args=[region_a.slug]) in html
    client.force_login(asi_moderator)
    assert reverse("regions:quarterly_status") in client.get(reverse("cabinet")).content.decode()


def test_f_report_2_daily_task_is_scheduled_and_idempotent(settings, region_a, coordinator, production_calendar):
    from regions import tasks
    from smarteka.celery import app

    app.finalize()
    assert app.conf.beat_schedule["regions.open_quarterly_report_deadlines"]["task"] == tasks.open_quarterly_report_deadlines.name
    with time_machine.travel(msk(2026, 10, 2, 7, 15), tick=False):
        first = tasks.open_quarterly_report_deadlines.apply().get()
        assert first >= 1 and tasks.open_quarterly_report_deadlines.apply().get() == 0
    assert Deadline.objects.filter(kind=quarterly.DEADLINE_KIND).count() == first
