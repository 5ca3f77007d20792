"""«Мой кабинет» (issue 14, item 4): after login each role lands on its start page with what awaits its
action (working days left, the link), its recent objects and main lists; the header counts the awaiting
items; another user's objects never show. The registry: smarteka/cabinet.py."""

import datetime
import itertools
import re

import pytest
import time_machine
from django.urls import reverse

from practices.models import PracticeState
from replication import services as replication_services
from smarteka import cabinet
from smarteka.accounts import services as account_services
from smarteka.accounts.models import AccessRequest
from smarteka.deadlines.services import open_deadline
from smarteka.notifications.services import notify
from tests import factories
from tests.experts.conftest import pool_a  # noqa: F401  (the category's pool with the four experts)
from tests.query_counts import assert_constant_queries
from tests.replication.conftest import make_request
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def cabinet_html(client, user):
    client.force_login(user)
    response = client.get(reverse("cabinet"))
    assert response.status_code == 200
    return response.content.decode()


def awaiting_part(html):
    start = html.index('id="cabinet-awaiting"')
    return html[start:html.index("</section>", start)]


def header_count(html):
    match = re.search(r'id="nav-cabinet-count"><span class="visually-hidden">ожидают действий: </span>(\d+)<', html)
    return int(match.group(1)) if match else 0


def items_in(html, section_key):
    start = html.index(f'id="cabinet-{section_key}"')
    block = html[start:html.index("</ul>", start)]
    return re.findall(r'<a href="([^"]+)" class="fw-semibold">([^<]+)</a>', block)


# --- login lands on the cabinet


def test_issue_14_item_4_login_lands_on_the_cabinet(client, author):
    author.set_password("Пароль-12345")
    author.save()
    response = client.post(reverse("accounts:login"), {"username": author.email, "password": "Пароль-12345"})
    assert response.status_code == 302 and response.url == reverse("cabinet")


def test_issue_14_item_4_login_honours_next(client, author):
    author.set_password("Пароль-12345")
    author.save()
    response = client.post(reverse("accounts:login") + "?next=/practices/catalogue/",
                           {"username": author.email, "password": "Пароль-12345", "next": "/practices/catalogue/"})
    assert response.status_code == 302 and response.url == "/practices/catalogue/"


def test_issue_14_item_4_cabinet_asks_to_log_in(client):
    response = client.get(reverse("cabinet"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


# --- per role: what awaits shows, objects of others don't


def test_issue_14_item_4_author_sees_drafts_and_revision_with_days_left(client, author, practice_in, region_b):
    """F-DL-1: a practice on revision with its 5 working days; a draft to finish; another author's draft
    never shows."""
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)):
        revision = practice_in(PracticeState.REVISION, title="Практика на доработке")
        draft = practice_in(PracticeState.DRAFT, title="Мой черновик")
        other = factories.UserFactory(region=region_b)
        factories.complete_practice(other, title="Чужой черновик")
        html = cabinet_html(client, author)
    part = awaiting_part(html)
    assert "Практика на доработке" in part and "Мой черновик" in part
    assert "Чужой черновик" not in html
    assert reverse("practices:edit", args=[draft.pk]) in part
    assert items_in(html, "author-revision") == [(reverse("practices:edit", args=[revision.pk]), "Практика на доработке")]
    assert header_count(html) == 2


def test_issue_14_item_4_author_revision_shows_working_days_left(client, author, practice_in):
    """The revision clock (F-DL-1, 4.1.9) opened on the practice shows as «осталось N рабочих дней»."""
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)):  # a Monday
        practice = practice_in(PracticeState.REVISION, title="Практика на доработке")
        open_deadline(practice, "practice_revision", working_days=5, assignees=[author])
        html = cabinet_html(client, author)
    block = html[html.index('id="cabinet-author-revision"'):]
    assert re.search(r"осталось \d рабочих (?:день|дня|дней)", block[:block.index("</ul>")])
    assert header_count(html) == 1  # the deadline and the queue item are one object, counted once


def test_issue_14_item_4_coordinator_sees_own_region_queues_only(client, coordinator, coordinator_of_other_region,
                                                                 practice_in, region_a, region_b):
    """The access requests to verify (4.1.3) and the practices awaiting regional confirmation (4.2) of the
    coordinator's region; the other region's coordinator sees none of them."""
    applicant = factories.UserFactory(region=region_a, last_name="Заявкина")
    foreign = factories.UserFactory(region=region_b, last_name="Чужаков")
    mine = AccessRequest.objects.create(user=applicant, region=region_a)
    AccessRequest.objects.create(user=foreign, region=region_b)
    practice = practice_in(PracticeState.REGIONAL_REVIEW, title="Ждёт региона")
    html = cabinet_html(client, coordinator)
    assert items_in(html, "access-coordinator")[0][0] == reverse("accounts:access_detail", args=[mine.pk])
    assert "Заявкина" in html and "Чужаков" not in html
    assert items_in(html, "coordinator-waiting") == [(reverse("validation:review", args=[practice.pk]), "Ждёт региона")]
    assert header_count(html) == 2
    other = cabinet_html(client, coordinator_of_other_region)
    assert "Ждёт региона" not in other and "Заявкина" not in other and "Чужаков" in other


def test_issue_14_item_4_asi_moderator_sees_decisions_to_take(client, asi_moderator, coordinator, practice_in,
                                                              region_a, author, recipient):
    applicant = factories.UserFactory(region=region_a, last_name="Заявкина")
    req = AccessRequest.objects.create(user=applicant, region=region_a)
    account_services.verify_access(req, by=coordinator)
    ready = practice_in(PracticeState.READY_TO_PUBLISH, title="Готова к публикации")
    practice_in(PracticeState.REGIONAL_REVIEW, title="Ещё у региона")
    published = factories.published_practice(author, title="Опубликованная")
    rep = make_request(published, recipient)
    html = cabinet_html(client, asi_moderator)
    assert "Заявкина" in awaiting_part(html)
    assert items_in(html, "asi-waiting") == [(reverse("validation:review", args=[ready.pk]), "Готова к публикации")]
    assert "Ещё у региона" not in awaiting_part(html)
    assert reverse("replication:request_detail", args=[rep.pk]) in awaiting_part(html)
    assert header_count(html) == 3


def test_issue_14_item_4_routed_practice_no_longer_awaits_the_asi_moderator(client, asi_moderator, practice_in):
    """The «ждёт направления эксперту-модератору» notice is resolved by the routing itself (F-VAL-2)."""
    practice_in(PracticeState.PACKAGING, title="Направленная практика")
    html = cabinet_html(client, asi_moderator)
    assert "ждёт направления" not in html and "Направленная практика" not in awaiting_part(html)


def test_issue_14_item_4_expert_moderator_sees_packaging_of_own_category(
        client, expert_moderator, expert_moderator_of_other_category, practice_in):
    practice = practice_in(PracticeState.PACKAGING, title="На упаковке")
    html = cabinet_html(client, expert_moderator)
    assert items_in(html, "expert-moderator") == [(reverse("validation:review", args=[practice.pk]), "На упаковке")]
    assert "упакуйте практику" in html
    assert "На упаковке" not in cabinet_html(client, expert_moderator_of_other_category)


def test_issue_14_item_4_expert_sees_evaluations_to_do_with_days_left(client, experts, expert_moderator,
                                                                      practice_in, pool_a):  # noqa: F811
    practice = practice_in(PracticeState.EXPERT_REVIEW, title="На оценке")
    invitation = review_services.invite_expert(practice, experts[0], by=expert_moderator)
    html = cabinet_html(client, experts[0])
    assert items_in(html, "expert-evaluations") == [(invitation.get_absolute_url(), "На оценке")]
    block = html[html.index('id="cabinet-expert-evaluations"'):]
    assert re.search(r"(?:остался|осталось) \d+ рабочих? (?:день|дня|дней) \(до \d\d\.\d\d\.\d{4}\)", block[:block.index("</ul>")])
    assert header_count(html) == 1
    assert "На оценке" not in awaiting_part(cabinet_html(client, experts[1]))  # not invited


def test_issue_14_item_4_implementation_moderator_and_recipient(client, implementation_moderator, recipient,
                                                                asi_moderator, author, outsider,
                                                                production_calendar):
    """The implementation moderator's assigned request (5.3.1.4: contact the recipient, 5 working days);
    the recipient's step (confirm readiness); an outsider sees neither."""
    published = factories.published_practice(author, title="Тиражируемая практика")
    req = replication_services.assign_moderator(make_request(published, recipient), by=asi_moderator,
                                                moderator=implementation_moderator)
    html = cabinet_html(client, implementation_moderator)
    assert items_in(html, "implementation-moderator")[0][0] == req.get_absolute_url()
    assert "свяжитесь с реципиентом" in html
    block = html[html.index('id="cabinet-implementation-moderator"'):]
    assert "осталось" in block[:block.index("</ul>")]  # the F-DL contact deadline, merged into the item
    assert header_count(html) == 1
    html = cabinet_html(client, recipient)
    assert items_in(html, "recipient-requests")[0][0] == req.get_absolute_url()
    assert 'id="cabinet-my-requests"' in html  # recent objects
    assert "Тиражируемая практика" not in cabinet_html(client, outsider)


def test_issue_14_item_4_an_assigned_deadline_shows_its_object_and_days_left(client, outsider, author, region_a):
    """A deadline assigned to the user (F-DL-11) that no queue lists: «Сроки», named by its object."""
    practice = factories.published_practice(author, title="Практика со сроком")
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)):
        open_deadline(practice, "generic", due_on=datetime.date(2026, 12, 8), assignees=[outsider])
        html = cabinet_html(client, outsider)
    assert items_in(html, "deadlines") == [(practice.get_absolute_url(), "Практика со сроком")]
    assert "Срок исполнения" in html and "осталось 3 рабочих дня (до 08.12.2026)" in html
    assert header_count(html) == 1


def test_issue_14_item_4_action_notices_show_until_done(client, author):
    notify([author], kind="test", title="Подпишите согласие", url="/practices/my/", requires_action=True, email=False)
    notify([author], kind="test", title="Просто новость", url="/", email=False)
    html = cabinet_html(client, author)
    assert "Подпишите согласие" in awaiting_part(html) and "Просто новость" not in html
    assert header_count(html) == 1


def test_issue_14_item_4_nothing_awaits_a_plain_user(client, outsider):
    html = cabinet_html(client, outsider)
    assert "Сейчас ничего не ожидает ваших действий." in html
    assert 'id="nav-cabinet"' in html and header_count(html) == 0
    assert "Каталог практик" in html[html.index('id="cabinet-lists"'):]


def test_issue_14_item_4_header_counter_on_every_page(client, coordinator, practice_in):
    practice_in(PracticeState.REGIONAL_REVIEW, title="Ждёт региона")
    client.force_login(coordinator)
    html = client.get(reverse("practices:catalogue")).content.decode()
    assert header_count(html) == 1


def test_issue_14_item_4_registry_plugs_a_provider_in(client, outsider):
    """A higher app's worklist plugs in with ``cabinet.register`` (README «Architecture»)."""

    def worklist(user):
        return [cabinet.Section("test-worklist", "Тестовый список", order=5, items=[
            cabinet.Item("Проверить отчёт", "/x/", due_on=datetime.date(2026, 12, 10), key="x.y:1"),
            cabinet.Item("Тот же объект", "/x/", key="x.y:1")])]

    cabinet.register(worklist)
    try:
        with time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)):
            html = cabinet_html(client, outsider)
    finally:
        cabinet.unregister(worklist)
    assert "Проверить отчёт" in html and "Тот же объект" not in html
    assert "осталось 5 рабочих дней (до 10.12.2026)" in html
    assert header_count(html) == 1


# --- the menu and the breadcrumbs


def test_issue_14_item_4_menu_has_my_practices_and_access_queue(client, author, coordinator):
    client.force_login(author)
    html = client.get(reverse("practices:catalogue")).content.decode()
    nav = html[html.index('id="mainnav"'):html.index('id="nav-profile"')]
    assert 'id="nav-my-practices"' in nav and 'id="nav-access-queue"' not in nav
    client.force_login(coordinator)
    html = client.get(reverse("practices:catalogue")).content.decode()
    nav = html[html.index('id="mainnav"'):html.index('id="nav-profile"')]
    assert 'id="nav-access-queue"' in nav


@pytest.mark.parametrize(("url_name", "marked"), [
    ("practices:catalogue", "Каталог практик"), ("practices:knowledge_base", "База знаний"),
    ("regions:list", "Регионы"), ("practices:my", "Мои практики"), ("cabinet", "Мой кабинет"),
])
def test_issue_14_item_4_current_section_is_highlighted(client, author, url_name, marked):
    client.force_login(author)
    html = client.get(reverse(url_name)).content.decode()
    current = re.findall(r'<a class="nav-link"[^>]*aria-current="page"[^>]*>(.*?)</a>', html, re.S)
    assert len(current) == 1, current
    assert marked in current[0]


def test_issue_14_item_4_every_page_has_breadcrumbs(client, author, coordinator, practice_in):
    practice = practice_in(PracticeState.REGIONAL_REVIEW, title="Ждёт региона")
    client.force_login(author)
    for url in [reverse("cabinet"), reverse("practices:my"), reverse("practices:materials", args=[practice.pk]),
                reverse("notifications:list"), reverse("accounts:profile"), reverse("regions:list"),
                reverse("replication:event_list"), reverse("practices:digest"), reverse("selections:list")]:
        html = client.get(url).content.decode()
        assert html.count('<ol class="breadcrumb">') == 1, url
        trail = html[html.index('<ol class="breadcrumb">'):]
        assert 'aria-current="page"' in trail[:trail.index("</ol>")], url
    client.force_login(coordinator)
    html = client.get(reverse("validation:queue")).content.decode()
    assert html.count('<ol class="breadcrumb">') == 1


# --- query counts constant as data grows (STYLE)


def test_issue_14_item_4_cabinet_query_count_constant(client, coordinator, practice_in, region_a):
    counter = itertools.count(1)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            applicant = factories.UserFactory(region=region_a, last_name=f"Заявителев-{i:02d}")
            AccessRequest.objects.create(user=applicant, region=region_a)
            practice_in(PracticeState.REGIONAL_REVIEW, title=f"Практика-{i:02d} региона")
            shown += [f"Заявителев-{i:02d}", f"Практика-{i:02d} региона"]
        return shown

    client.force_login(coordinator)
    assert_constant_queries(client, reverse("cabinet"), grow, small=2, large=6)


def test_issue_14_item_4_author_cabinet_query_count_constant(client, author, practice_in):
    counter = itertools.count(1)

    def grow(k):
        titles = [f"Черновик-{next(counter):02d}" for _ in range(k)]
        for title in titles:
            practice_in(PracticeState.DRAFT, title=title)
        return titles

    client.force_login(author)
    assert_constant_queries(client, reverse("cabinet"), grow, small=2, large=6)


def test_issue_17_the_start_page_shows_the_first_items_and_counts_them_all(client, coordinator, practice_in,
                                                                           monkeypatch):
    """«Мой кабинет» draws the SHOWN most urgent items of a section and says how many wait; the counters
    (the section's and the header's) count every one of them."""
    monkeypatch.setattr(cabinet, "SHOWN", 2)
    for i in range(3):
        practice_in(PracticeState.REGIONAL_REVIEW, title=f"Ждёт подтверждения {i}")
    html = cabinet_html(client, coordinator)
    shown = re.findall(r"Ждёт подтверждения \d", awaiting_part(html))
    assert len(shown) == 2
    assert "Показаны первые 2, всего 3" in html
    assert header_count(html) == 3
