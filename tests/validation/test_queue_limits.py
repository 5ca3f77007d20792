"""Issue 17 item 2: lists that grow with the catalogue show a bounded page — review queue sections (the
longest-waiting first, with the total), the replication queues and «Мои практики» (pages), a region's
practices (the newest, with the total and a link to the catalogue)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from practices.models import PracticeState
from tests import factories
from tests.replication.conftest import make_request
from validation import queues

pytestmark = pytest.mark.django_db
S = PracticeState


def at(day):
    return time_machine.travel(datetime.datetime(2026, 3, day, 9, 0, tzinfo=datetime.UTC), tick=False)


def test_issue_17_a_queue_section_shows_the_longest_waiting_and_the_total(practice_in, coordinator, client,
                                                                         monkeypatch):
    monkeypatch.setattr(queues, "QUEUE_LIMIT", 2)
    with at(2):
        oldest = practice_in(S.REGIONAL_REVIEW, title="Самая давняя практика")
    with at(3):
        older = practice_in(S.REGIONAL_REVIEW, title="Давняя практика")
    with at(4):
        practice_in(S.REGIONAL_REVIEW, title="Свежая практика")
    with at(5):
        waiting = queues.sections_for(coordinator)[0]
        assert [p.pk for p in waiting.rows] == [oldest.pk, older.pk] and waiting.total == 3
        client.force_login(coordinator)
        page = client.get(reverse("validation:queue")).content.decode()
    assert "Самая давняя практика" in page and "Свежая практика" not in page
    assert "Показаны 2 практики, дольше всех ждущих на этапе, из 3." in page


def test_issue_17_replication_queues_are_paged(client, author, recipient, asi_moderator,
                                                                     production_calendar, monkeypatch):
    from replication import views

    monkeypatch.setattr(views, "QUEUE_PAGE", 2)
    for i in range(3):
        make_request(factories.published_practice(author, title=f"Практика для заявки {i}"), recipient)
    client.force_login(asi_moderator)
    first = client.get(reverse("replication:asi_queue")).content.decode()
    assert first.count('href="/replication/requests/') == 2 and "Страница 1 из 2" in first
    assert "?page=2" in first
    assert "?show=open&amp;page=2" in client.get(reverse("replication:asi_queue"), {"show": "open"}).content.decode()
    second = client.get(reverse("replication:asi_queue"), {"show": "open", "page": 2}).content.decode()
    assert second.count('href="/replication/requests/') == 1
    client.force_login(recipient)
    mine = client.get(reverse("replication:my")).content.decode()
    assert mine.count('href="/replication/requests/') == 2 and "Страница 1 из 2" in mine


def test_issue_17_my_practices_are_paged(client, author, monkeypatch):
    from practices.passport import views

    monkeypatch.setattr(views, "MY_PAGE", 2)
    for i in range(3):
        factories.PracticeFactory(author=author, title=f"Черновик автора {i}")
    client.force_login(author)
    page = client.get(reverse("practices:my")).content.decode()
    assert page.count("Черновик автора") == 2 and "Страница 1 из 2" in page
    assert client.get(reverse("practices:my"), {"page": 2}).content.decode().count("Черновик автора") == 1


def test_issue_17_a_region_page_lists_the_newest_practices_and_links_the_catalogue(client, author, region_a,
                                                                                  monkeypatch):
    from regions import views

    monkeypatch.setattr(views, "REGION_LIST", 2)
    now = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    for i in range(3):
        factories.published_practice(author, title=f"Практика региона {i}", published_at=now + datetime.timedelta(days=i))
    page = client.get(reverse("regions:detail", args=[region_a.slug])).content.decode()
    assert "Практика региона 2" in page and "Практика региона 1" in page and "Практика региона 0" not in page
    assert "Новые: 2 практики из 3." in page
    assert f'href="/practices/catalogue/?region={region_a.pk}"' in page


def test_issue_17_the_whole_section_opens_page_by_page(practice_in, coordinator, coordinator_of_other_region, asi_moderator,
                                                         client, monkeypatch):
    """«Открыть весь раздел» lists every practice of the section beyond the queue page's cut, oldest first;
    a section the user's roles do not give is not found."""
    monkeypatch.setattr(queues, "QUEUE_LIMIT", 1)
    monkeypatch.setattr(queues, "SECTION_PAGE", 2)
    for day, title in ((2, "Первая ждущая"), (3, "Вторая ждущая"), (4, "Третья ждущая")):
        with at(day):
            practice_in(S.REGIONAL_REVIEW, title=title)
    url = reverse("validation:queue_section", args=["coordinator-waiting"])
    with at(5):
        client.force_login(coordinator)
        overview = client.get(reverse("validation:queue")).content.decode()
        assert f'href="{url}"' in overview and "Показаны 1 практика" in overview
        first = client.get(url).content.decode()
        second = client.get(url, {"page": 2}).content.decode()
    assert first.index("Первая ждущая") < first.index("Вторая ждущая") and "Третья ждущая" not in first
    assert "Страница 1 из 2" in first and "Практики 1–2 из 3." in first
    assert "Третья ждущая" in second and "Первая ждущая" not in second
    client.force_login(coordinator_of_other_region)
    assert "ждущая" not in client.get(url).content.decode()  # their own region's section: empty
    client.force_login(asi_moderator)
    assert client.get(url).status_code == 404
