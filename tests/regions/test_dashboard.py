"""The coordinator's dashboard and the country view (F-REPORT-1, issue 18 items 1 and 5): a known data set
gives exact counts, links to the filtered lists, deadlines with the working days left on the production
calendar, requests in and out with their stage, the leader status; another region's dashboard is not found
for a coordinator; the query count stays constant as data grows."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from practices.services import REVISION_DEADLINE_KIND
from regions.models import LeaderReason, LeaderRegistryEntry, Region
from replication.deadlines import SILENCE
from replication.models import ReplicationRequest
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadline
from smarteka.roles.models import Role
from tests import factories
from tests.query_counts import assert_constant_queries
from validation.lifecycle.kinds import AUTHOR_SILENT, CONTACT_UPDATE
from validation.lifecycle.models_stewardship import AuthorSilence, ContactReason, ContactUpdateRequest

pytestmark = pytest.mark.django_db

# Tuesday 10 March 2026: Monday 9 March is the day off moved from Sunday 8 March
TODAY = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))


@pytest.fixture
def frozen(production_calendar):
    with time_machine.travel(TODAY, tick=False):
        yield


def _practice(author, state, title, region=None):
    return factories.published_practice(author, state=state, title=title, region=region or author.region)


def _request(practice, recipient, region, state="requested"):
    req = ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=region)
    ReplicationRequest.objects.filter(pk=req.pk).update(state=state)
    req.refresh_from_db()
    return req


@pytest.fixture
def world(frozen, author, region_a, region_b, recipient, coordinator):
    """Region A (Амурская область): 2 published, 1 archived, 3 in regional review, 1 in revision, 1 rejected,
    a draft and a deleted one (not counted); region B has its own published practice."""
    p = {}
    p["pub1"] = _practice(author, "published", "Бережливая поликлиника")
    p["pub2"] = _practice(author, "published", "Электронная очередь в детский сад")
    p["arch"] = _practice(author, "archived", "Старый портал услуг")
    for i in range(3):
        p[f"rr{i}"] = _practice(author, "regional_review", f"Практика на подтверждении {i}")
    p["rev"] = _practice(author, "revision", "Школьный автобус")
    p["rej"] = _practice(author, "rejected", "Отклонённая практика")
    p["draft"] = _practice(author, "draft", "Черновик автора")
    p["deleted"] = _practice(author, "deleted", "Удалённая практика")
    author_b = factories.UserFactory(region=region_b)
    p["b_pub"] = _practice(author_b, "published", "Татарстанский технопарк")
    recipient_a = factories.UserFactory(region=region_a)
    reqs = {
        # in: region B adopts region A's practices
        "in_requested": _request(p["pub1"], recipient, region_b, "requested"),
        "in_progress": _request(p["pub2"], recipient, region_b, "in_progress"),
        # out: region A adopts region B's practice
        "out_done": _request(p["b_pub"], recipient_a, region_a, "done"),
    }
    # deadlines: the revision clock (5 working days, due 17.03), a contact update (overdue since 05.03 —
    # 6 and 10 March are working days, 9 March is not), a silence clock on the outgoing request
    open_deadline(p["rev"], REVISION_DEADLINE_KIND, due_on=datetime.date(2026, 3, 17), assignees=[author])
    contact = ContactUpdateRequest.objects.create(region=region_a, reason=ContactReason.choices[0][0])
    overdue = open_deadline(contact, CONTACT_UPDATE, starts_on=datetime.date(2026, 2, 20),
                            due_on=datetime.date(2026, 3, 5), assignees=[coordinator])
    Deadline.objects.filter(pk=overdue.pk).update(state=Deadline.State.OVERDUE)
    open_deadline(reqs["out_done"], SILENCE, due_on=datetime.date(2026, 3, 10), assignees=[recipient_a])
    silence = AuthorSilence.objects.create(practice=p["rej"], author=author, recorded_by=coordinator,
                                           comment="Писали и звонили")
    open_deadline(silence, AUTHOR_SILENT, due_on=datetime.date(2026, 3, 12), assignees=[coordinator])
    # region B's own clock is not region A's
    open_deadline(p["b_pub"], REVISION_DEADLINE_KIND, due_on=datetime.date(2026, 3, 20), assignees=[author_b])
    LeaderRegistryEntry.objects.create(region=region_a, year=2026, reason=LeaderReason.ASI_LEADER_PROJECT)
    LeaderRegistryEntry.objects.create(region=region_b, year=2025, reason=LeaderReason.ASI_LEADER_PROJECT)
    return p, reqs


def _url(region):
    return reverse("regions:region_dashboard", args=[region.slug])


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _state_count(html, state):
    row = re.search(rf'data-state="{state}">(.*?)</tr>', html, re.S).group(1)
    return int(re.search(r'dashboard-count">(\d+)<', row).group(1))


def test_f_report_1_region_dashboard_counts_the_regions_practices_by_state(client, world, coordinator, region_a):
    client.force_login(coordinator)
    html = client.get(_url(region_a)).content.decode()
    expected = {"regional_review": 3, "packaging": 0, "expert_review": 0, "rating_committee": 0,
                "ready_to_publish": 0, "revision": 1, "published": 2, "archived": 1, "rejected": 1}
    assert {state: _state_count(html, state) for state in expected} == expected
    assert 'data-state="draft"' not in html and 'data-state="deleted"' not in html
    text = _text(html)
    assert "Всего 8 практик, из них в работе — 4." in text


def test_f_report_1_each_count_links_to_the_filtered_list(client, world, coordinator, region_a):
    client.force_login(coordinator)
    html = client.get(_url(region_a)).content.decode()
    catalogue = f'{reverse("practices:catalogue")}?region={region_a.pk}'
    knowledge = f'{reverse("practices:knowledge_base")}?region={region_a.pk}'
    assert f'href="{catalogue}"' in html and f'href="{knowledge}"' in html
    review_link = f"{region_a.get_absolute_url()}?state=regional_review#in-work"
    assert f'href="{review_link}"' in html
    # the links answer with the practices of that state only
    page = client.get(f"{region_a.get_absolute_url()}?state=regional_review").content.decode()
    in_work = re.search(r'id="region-in-work">(.*?)</ul>', page, re.S).group(1)
    assert in_work.count("<li>") == 3 and "Школьный автобус" not in in_work
    assert "Показаны практики со статусом «Подтверждение регионом»" in page
    rejected = client.get(f"{region_a.get_absolute_url()}?state=rejected").content.decode()
    assert "Отклонённая практика" in re.search(r'id="region-in-work">(.*?)</ul>', rejected, re.S).group(1)
    catalogue_page = client.get(catalogue).content.decode()
    assert "Бережливая поликлиника" in catalogue_page and "Татарстанский технопарк" not in catalogue_page


def test_f_report_1_deadlines_with_working_days_left(client, world, coordinator, region_a):
    client.force_login(coordinator)
    html = client.get(_url(region_a)).content.decode()
    rows = re.findall(r'<tr class="dashboard-deadline">(.*?)</tr>', html, re.S)
    texts = [_text(r).strip() for r in rows]
    assert len(texts) == 4  # region B's clock is not here
    # overdue first (due 05.03: 6 and 10 March are working days, 9 March is a day off)
    assert "Запрос актуализации контактов" in texts[0] and "просрочено на 2 рабочих дня" in texts[0]
    assert "Заявка №" in texts[1] and "Ответить модератору внедрения" in texts[1] and "срок сегодня" in texts[1]
    assert "Отклонённая практика" in texts[2] and "Автор не отвечает" in texts[2]
    assert "осталось 2 рабочих дня" in texts[2]
    assert "Школьный автобус" in texts[3] and "осталось 5 рабочих дней" in texts[3] and "17.03.2026" in texts[3]
    assert "Открыто 4 срока, из них просрочено — 1." in _text(html)


def test_f_report_1_requests_in_and_out_with_their_stage(client, world, coordinator, region_a):
    _p, reqs = world
    client.force_login(coordinator)
    html = client.get(_url(region_a)).content.decode()
    incoming = re.search(r'id="dashboard-incoming"(.*?)</section>', html, re.S).group(1)
    outgoing = re.search(r'id="dashboard-outgoing"(.*?)</section>', html, re.S).group(1)
    assert set(map(int, re.findall(r'data-request="(\d+)"', incoming))) == {reqs["in_requested"].pk,
                                                                            reqs["in_progress"].pk}
    assert set(map(int, re.findall(r'data-request="(\d+)"', outgoing))) == {reqs["out_done"].pk}
    assert "Хочу внедрить: 1" in incoming and "Внедряется: 1" in incoming and "Республика Татарстан" in incoming
    assert "Внедрено: 1" in outgoing and "Татарстанский технопарк" in outgoing
    assert f'href="{reqs["in_progress"].get_absolute_url()}"' in incoming
    # the coordinator may open the requests listed (view_replication_request covers both regions)
    assert client.get(reqs["in_progress"].get_absolute_url()).status_code == 200


def test_f_report_1_leader_status_this_year(client, world, coordinator, coordinator_of_other_region, region_a,
                                            region_b):
    client.force_login(coordinator)
    html = client.get(_url(region_a)).content.decode()
    assert "Регион-лидер 2026 года" in html and "Поддержка и реализация лидерских проектов Агентства" in html
    client.force_login(coordinator_of_other_region)
    html = client.get(_url(region_b)).content.decode()  # a leader of 2025 only
    assert "Регион не входит в реестр регионов-лидеров 2026 года." in html


def test_f_report_1_coordinator_of_another_region_is_refused(client, world, coordinator_of_other_region, author,
                                                            region_a, asi_moderator):
    client.force_login(coordinator_of_other_region)
    assert client.get(_url(region_a)).status_code == 404
    assert client.get(reverse("regions:country_dashboard")).status_code == 403
    client.force_login(author)
    assert client.get(_url(region_a)).status_code == 404
    assert client.get(reverse("regions:dashboard")).status_code == 403
    client.logout()
    response = client.get(_url(region_a))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(asi_moderator)
    assert client.get(_url(region_a)).status_code == 200


def test_f_report_1_the_landing_address(client, world, coordinator, asi_moderator, region_a, region_b):
    client.force_login(coordinator)
    response = client.get(reverse("regions:dashboard"))
    assert response.status_code == 302 and response["Location"] == _url(region_a)
    cabinet = client.get(reverse("cabinet")).content.decode()
    assert f'href="{_url(region_a)}"' in cabinet and 'id="nav-dashboard"' in cabinet
    client.force_login(asi_moderator)
    assert client.get(reverse("regions:dashboard"))["Location"] == reverse("regions:country_dashboard")
    # the region picker
    response = client.get(reverse("regions:dashboard"), {"region": region_b.slug})
    assert response["Location"] == _url(region_b)
    html = client.get(_url(region_b)).content.decode()
    assert 'id="dashboard-picker"' in html and 'id="dashboard-country-link"' in html


def _country_row(html, region):
    row = re.search(rf'<tr class="dashboard-region" data-region="{region.slug}">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-column="(\w+)">(.*?)</td>', row, re.S))
    return {key: int(_text(value).strip()) for key, value in cells.items()}


def test_f_report_1_country_view_every_region_side_by_side(client, world, asi_moderator, region_a, region_b):
    client.force_login(asi_moderator)
    html = client.get(reverse("regions:country_dashboard")).content.decode()
    assert html.count('class="dashboard-region"') == Region.objects.count()
    assert _country_row(html, region_a) == {
        "in_work": 4, "published": 2, "archived": 1, "rejected": 1, "deadlines": 4, "overdue": 1,
        "in_open": 2, "in_done": 0, "out_open": 0, "out_done": 1}
    assert _country_row(html, region_b) == {
        "in_work": 0, "published": 1, "archived": 0, "rejected": 0, "deadlines": 2, "overdue": 0,
        "in_open": 0, "in_done": 1, "out_open": 2, "out_done": 0}
    assert f'href="{reverse("regions:region_dashboard", args=[region_a.slug])}"' in html


def test_f_report_1_country_view_sorts_on_the_server(client, world, asi_moderator, region_a, region_b):
    client.force_login(asi_moderator)
    url = reverse("regions:country_dashboard")

    def order(sort):
        html = client.get(url, {"sort": sort}).content.decode()
        return re.findall(r'data-region="([\w-]+)"', html)

    assert order("-published")[:2] == [region_a.slug, region_b.slug]
    assert order("-out_open")[0] == region_b.slug
    names = order("name")
    assert names == [r.slug for r in sorted(Region.objects.all(), key=lambda r: r.name)]
    assert order("-name") == names[::-1]
    assert order("nonsense") == names
    html = client.get(url, {"sort": "-published"}).content.decode()
    # the sorted column says so, and its link reverses the order
    assert re.search(r'aria-sort="descending"[^>]*>\s*<a href="\?sort=published"', html)


def test_f_report_1_region_dashboard_queries_constant(client, frozen, author, coordinator, region_a, region_b,
                                                       recipient):
    client.force_login(coordinator)
    made = []

    def grow(k):
        texts = []
        for _ in range(k):
            i = len(made)
            practice = _practice(author, "published", f"Практика для замера {i}")
            open_deadline(practice, REVISION_DEADLINE_KIND, due_on=datetime.date(2026, 3, 20), assignees=[author])
            other = _practice(factories.UserFactory(region=region_b), "published", f"Чужая практика {i}")
            _request(practice, recipient, region_b)
            _request(other, author, region_a, "in_progress")
            made.append(practice)
            texts += [f"Практика «Практика для замера {i}»", f"Чужая практика {i}"]
        return texts

    assert_constant_queries(client, _url(region_a), grow)


def test_f_report_1_country_view_queries_constant(client, frozen, asi_moderator, recipient, region_b):
    client.force_login(asi_moderator)
    made = []

    def grow(k):
        texts = []
        for _ in range(k):
            i = len(made)
            region = factories.region(f"9{i:02d}", f"Замерный регион {i}")
            author = factories.UserFactory(region=region)
            practice = _practice(author, "published", f"Практика замера {i}")
            open_deadline(practice, REVISION_DEADLINE_KIND, due_on=datetime.date(2026, 3, 20), assignees=[author])
            _request(practice, recipient, region_b)
            LeaderRegistryEntry.objects.create(region=region, year=2026, reason=LeaderReason.FORUM_TOP100)
            made.append(region)
            texts.append(f"Замерный регион {i}")
        return texts

    assert_constant_queries(client, reverse("regions:country_dashboard"), grow)


def test_f_report_1_the_menu_link_only_for_those_with_a_dashboard(client, world, author, coordinator):
    client.force_login(author)
    assert 'id="nav-dashboard"' not in client.get(reverse("cabinet")).content.decode()
    factories.grant(author, Role.COORDINATOR, region=author.region)
    client.force_login(author)
    assert 'id="nav-dashboard"' in client.get(reverse("cabinet")).content.decode()


def test_issue_17_country_view_figures_are_kept_five_minutes(client, world, asi_moderator, region_a, author, settings):
    """The country view's figures are kept COUNTRY_DASHBOARD_SECONDS (the clocks' aggregate over a million
    deadlines is the costly part); the page says when they were counted, and a new count comes after that."""
    from django.core.cache import cache

    settings.COUNTRY_DASHBOARD_SECONDS = 300
    cache.clear()
    client.force_login(asi_moderator)
    url = reverse("regions:country_dashboard")
    first = client.get(url).content.decode()
    assert _country_row(first, region_a)["published"] == 2
    assert "сводка пересчитывается раз в 5 минут" in first
    _practice(author, "published", "Ещё одна опубликованная")
    kept = client.get(url, {"sort": "-published"}).content.decode()
    assert _country_row(kept, region_a)["published"] == 2  # kept: counted at the time the page says
    counted = re.search(r"Данные на (\d\d\.\d\d\.\d{4} \d\d:\d\d)", kept).group(1)
    assert counted in first
    with time_machine.travel(datetime.timedelta(minutes=6)):
        cache.delete(f"regions:country-dashboard:{datetime.date.today().isoformat()}")  # Redis' own expiry
        assert _country_row(client.get(url).content.decode(), region_a)["published"] == 3
