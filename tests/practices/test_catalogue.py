"""F-CAT-1 filters and counts, F-CAT-3 practice page, F-CAT-4 «Полезно» and digest, F-REF-1 region
pages, F-REPORT-4 home page; query counts that do not grow with the data."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices import tasks
from practices.catalogue import services as catalogue_services
from practices.catalogue.query import CatalogueQuery, replication_model
from practices.catalogue.search import search
from practices.materials.services import set_cover
from practices.models import (
    Appreciation,
    Category,
    CostRange,
    DigestIssue,
    DigestSubscription,
    Material,
    MaterialKind,
    Practice,
    TeamMember,
    Track,
)
from tests import factories
from tests.factories import published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(author, region_b, category_a, category_b):
    """Four published practices across two regions/districts, categories, levels, costs and months."""
    other_author = factories.UserFactory(region=region_b)
    costs = list(CostRange.objects.order_by("order")[:2])
    indicator = factories.other_rating_indicator()
    a = published_practice(author, title="Школа А", category=category_a, level=1, cost_range=costs[0],
                           months_to_launch=2)
    b = published_practice(author, title="Школа Б", category=category_b, level=2, cost_range=costs[1],
                           months_to_launch=6)
    c = published_practice(other_author, title="Школа В", category=category_a, level=2, cost_range=costs[0],
                           months_to_launch=12)
    d = published_practice(other_author, title="Школа Г", category=category_b, level=3, cost_range=costs[1],
                           months_to_launch=24)
    a.rating_indicators.add(indicator)
    c.rating_indicators.add(indicator)
    return {"a": a, "b": b, "c": c, "d": d, "indicator": indicator, "costs": costs}


def found(**kwargs):
    result = search(CatalogueQuery(**kwargs))
    return {p.title[-1] for p in result.page.object_list}, result


def test_f_cat_1_each_filter(spread, region_a, region_b, category_a):
    assert found(category=[category_a.pk])[0] == {"А", "В"}
    assert found(region=[region_b.pk])[0] == {"В", "Г"}
    assert found(district=[region_a.federal_district_id])[0] == {"А", "Б"}
    assert found(level=[2])[0] == {"Б", "В"}
    assert found(indicator=[spread["indicator"].pk])[0] == {"А", "В"}
    assert found(cost=[spread["costs"][1].pk])[0] == {"Б", "Г"}
    assert found(months=["0-3"])[0] == {"А"}
    assert found(months=["7-12", "13-"])[0] == {"В", "Г"}


def test_f_cat_1_filters_combine_with_search_and_each_other(spread, region_b, category_a):
    assert found(q="школа", category=[category_a.pk], region=[region_b.pk])[0] == {"В"}
    assert found(q="больница", category=[category_a.pk])[0] == set()


def test_f_cat_1_counts_per_value_apply_the_other_filters(spread, region_a, region_b, category_a, category_b):
    _, result = found(category=[category_a.pk])
    facets = {name: {o["value"]: o["count"] for o in options} for name, options in result.facets.items()}
    assert result.total == 2
    # the category facet ignores its own filter, the others apply it
    assert facets["category"][category_a.pk] == 2 and facets["category"][category_b.pk] == 2
    assert facets["region"] == {region_a.pk: 1, region_b.pk: 1}
    assert facets["level"] == {1: 1, 2: 1}
    assert facets["indicator"] == {spread["indicator"].pk: 2}
    assert facets["months"] == {"0-3": 1, "7-12": 1}


def test_f_cat_1_catalogue_page_filters_by_url_and_htmx_partial(client, spread, region_b, category_a):
    url = reverse("practices:catalogue")
    response = client.get(url, {"category": category_a.pk, "district": region_b.federal_district_id})
    html = response.content.decode()
    assert response.status_code == 200 and "Найдено: <strong>1 практика</strong>" in html and "Школа В" in html
    assert f'name="category" value="{category_a.pk}" id="f-category-{category_a.pk}" checked' in html
    partial = client.get(url, {"q": "школа"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="catalogue-results")
    assert "<html" not in partial.content.decode() and "найдено: <strong>4 практики</strong>" in partial.content.decode()


def test_f_cat_1_empty_result_says_so_and_suggests_removing_filters(client, spread, category_a):
    html = client.get(reverse("practices:catalogue"), {"q": "школа", "category": category_a.pk,
                                                        "level": 3}).content.decode()
    assert "не найдено практик по запросу «школа» с выбранными фильтрами" in html
    assert "Попробуйте убрать часть фильтров" in html


def test_f_cat_1_sort_by_date_popularity_and_useful(spread, outsider, author):
    a, b = spread["a"], spread["b"]
    Practice.objects.filter(pk=a.pk).update(published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    _, result = found(sort="date")
    assert list(result.page.object_list)[-1].pk == a.pk
    Appreciation.objects.create(user=outsider, practice=b)
    Appreciation.objects.create(user=author, practice=b)
    _, result = found(sort="useful")
    assert result.page.object_list[0].pk == b.pk and result.page.object_list[0].useful_count == 2


def test_f_cat_1_popularity_counts_replication_requests(spread, recipient):
    model = replication_model()
    model.objects.create(practice=spread["c"], state="requested", recipient=recipient,
                         recipient_region=recipient.region)
    _, result = found(sort="popular")
    assert result.page.object_list[0].pk == spread["c"].pk and result.page.object_list[0].requests_count == 1


# --- practice page (F-CAT-3)


@pytest.fixture
def full_practice(author):
    practice = factories.complete_practice(author, track=Track.STATE_COUNCIL)
    Practice.objects.filter(pk=practice.pk).update(state="published")
    Material.objects.filter(practice=practice, kind=MaterialKind.ROADMAP).update(is_public=False,
                                                                                 title="Секретная дорожная карта")
    factories.add_material(practice, MaterialKind.STATE_COUNCIL_LETTER, by=author)
    practice.refresh_from_db()
    return practice


def test_f_cat_3_anonymous_downloads_cover_and_public_materials_only(client, full_practice):
    """Publication opens the cover and the materials marked public to everyone; the rest stays private."""
    cover = client.get(reverse("files:download", args=[full_practice.cover_id]))
    assert cover.status_code == 200
    public = Material.objects.filter(practice=full_practice, is_public=True).exclude(file=None).first()
    assert client.get(reverse("files:download", args=[public.file_id])).status_code == 200
    secret = Material.objects.get(practice=full_practice, title="Секретная дорожная карта")
    response = client.get(reverse("files:download", args=[secret.file_id]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    Practice.objects.filter(pk=full_practice.pk).update(state="revision")
    assert client.get(reverse("files:download", args=[full_practice.cover_id])).status_code == 302


def test_f_cat_3_page_shows_public_passport_and_public_materials_only(client, full_practice):
    response = client.get(reverse("practices:detail", args=[full_practice.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Бережливая поликлиника" in html and "Сократить время ожидания приёма врача" in html
    assert "Материал normative_act" in html
    assert "Секретная дорожная карта" not in html  # private materials never listed
    assert 'id="state-council-letter"' in html and "Материал state_council_letter" in html
    assert 'id="page-cover"' in html
    assert "Заявок на тиражирование" in html


def test_f_cat_3_team_contacts_hidden_from_anonymous(client, full_practice, outsider):
    url = reverse("practices:detail", args=[full_practice.pk])
    html = client.get(url).content.decode()
    member = TeamMember.objects.filter(practice=full_practice).select_related("user").first().user
    assert member.full_name in html and member.email not in html
    assert "Войдите</a>, чтобы увидеть контакты команды" in html
    client.force_login(outsider)
    html = client.get(url).content.decode()
    assert member.email in html and "чтобы увидеть контакты команды" not in html


def test_f_cat_3_history_only_for_those_allowed(client, full_practice, outsider, coordinator):
    url = reverse("practices:detail", args=[full_practice.pk])
    client.force_login(outsider)
    assert 'id="history-heading"' not in client.get(url).content.decode()
    client.force_login(coordinator)
    assert 'id="history-heading"' in client.get(url).content.decode()


@pytest.mark.parametrize("state", ["draft", "rejected", "regional_review", "deleted"])
def test_f_cat_3_unpublished_practice_has_no_public_page(client, author, state, outsider):
    practice = published_practice(author, title="Не для всех", state=state)
    assert client.get(reverse("practices:detail", args=[practice.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("practices:detail", args=[practice.pk])).status_code == 404


def test_f_cat_2_archived_page_marked_with_ground(client, author):
    practice = published_practice(author, title="Старая практика", state="archived",
                                  archive_ground="Отсутствие заявок на тиражирование в течение года")
    html = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    assert "В базе знаний" in html and "Отсутствие заявок на тиражирование в течение года" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _bulk(author, n, category):
    rows = [Practice(author=author, region=author.region, title=f"Школа номер {i}", goal="Цель школы",
                     category=category, level=1 + i % 3, months_to_launch=i % 20) for i in range(n)]
    Practice.objects.bulk_create(rows, batch_size=500)
    Practice.objects.filter(title__startswith="Школа номер").update(state="published",
                                                                     published_at=datetime.datetime.now(datetime.UTC))


def test_f_cat_1_query_counts_do_not_grow_from_10_to_1000_practices(client, author, category_a, full_practice):
    _bulk(author, 10, category_a)
    urls = [reverse("practices:catalogue"), reverse("practices:catalogue") + f"?q=школа&category={category_a.pk}",
            reverse("practices:detail", args=[full_practice.pk]), reverse("home")]
    for url in urls:  # warm the content-type and session caches, and the practice's similar practices (F-PLUS-4)
        client.get(url)
    small = [_queries(client, url) for url in urls]
    _bulk(author, 990, category_a)
    assert [_queries(client, url) for url in urls] == small


# --- «Полезно» and the digest (F-CAT-4)


def test_f_cat_4_useful_toggle_once_per_user_and_back(client, full_practice, outsider):
    url = reverse("practices:appreciate", args=[full_practice.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert 'id="useful-count">1<' in response.content.decode()
    assert Appreciation.objects.filter(practice=full_practice).count() == 1
    client.post(url, HTTP_HX_REQUEST="true")
    assert Appreciation.objects.filter(practice=full_practice).count() == 0


def test_f_cat_4_useful_count_on_cards_and_page(client, full_practice, outsider, author):
    Appreciation.objects.create(user=outsider, practice=full_practice)
    Appreciation.objects.create(user=author, practice=full_practice)
    assert 'id="useful-count">2<' in client.get(reverse("practices:detail", args=[full_practice.pk])).content.decode()
    assert '<span class="useful-count">2</span>' in client.get(reverse("practices:catalogue")).content.decode()


def test_f_cat_4_digest_page_and_mail_sent_once(client, author, outsider, region_a):
    practice = published_practice(author, title="Полезная практика",
                                  published_at=datetime.datetime(2026, 3, 10, tzinfo=datetime.UTC))
    mark = Appreciation.objects.create(user=outsider, practice=practice)
    Appreciation.objects.filter(pk=mark.pk).update(created_at=datetime.datetime(2026, 3, 12, tzinfo=datetime.UTC))
    html = client.get(reverse("practices:digest"), {"month": "2026-03"}).content.decode()
    assert "Полезная практика" in html and region_a.name in html
    client.force_login(outsider)
    client.post(reverse("practices:digest_subscription"), {"subscribed": "on"})
    assert DigestSubscription.objects.filter(user=outsider).exists()
    assert catalogue_services.send_monthly_digest(datetime.date(2026, 3, 1)) == 1
    assert catalogue_services.send_monthly_digest(datetime.date(2026, 3, 1)) == 0
    assert len(mail.outbox) == 1 and "Полезная практика" in mail.outbox[0].body
    assert DigestIssue.objects.get(month=datetime.date(2026, 3, 1)).recipients == 1


def test_f_cat_4_beat_task_on_first_of_month_at_nine():
    schedule = tasks.beat_schedule["practices.monthly_digest"]["schedule"]
    assert schedule.day_of_month == {1} and schedule.hour == {9} and schedule.minute == {0}
    assert tasks.monthly_digest.name == "practices.monthly_digest"


# --- region pages (F-REF-1) and home page (F-REPORT-4)


def test_f_ref_1_region_page_lists_practices_and_in_work_only_to_coordinator(client, author, region_a, region_b,
                                                                            coordinator, coordinator_of_other_region,
                                                                            asi_moderator):
    published_practice(author, title="Опубликованная практика")
    published_practice(author, title="Архивная практика", state="archived")
    published_practice(author, title="Практика на проверке", state="regional_review")
    adopted = published_practice(factories.UserFactory(region=region_b), title="Чужая практика")
    adopted.implemented_regions.add(region_a)
    url = region_a.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Опубликованная практика" in html and "Архивная практика" in html and "Чужая практика" in html
    assert "Практика на проверке" not in html
    for user, sees in ((coordinator_of_other_region, False), (coordinator, True), (asi_moderator, True)):
        client.force_login(user)
        assert ("Практика на проверке" in client.get(url).content.decode()) is sees


def test_f_report_4_home_page_figures_newest_and_categories(client, author, region_b, category_a):
    published_practice(author, title="Новая практика", category=category_a)
    other = published_practice(factories.UserFactory(region=region_b), title="Вторая практика")
    other.implemented_regions.add(factories.region("77", "г. Москва"))
    published_practice(author, title="Черновик", state="draft")
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["figures"]["published"] == 2
    assert response.context["figures"]["regions"] == 3
    assert "Новая практика" in html and "Черновик" not in html
    counts = {c.pk: c.n for c in response.context["categories"]}
    assert counts[category_a.pk] == 1
    assert Category.objects.filter(category_set__is_current=True).count() == len(counts)


def test_f_cat_1_card_thumbnail_public_once_published_private_before(client, author, outsider):
    """Cards show the cover thumbnail; media is never served as is, so the thumbnail has its own view."""
    practice = factories.complete_practice(author)
    set_cover(practice, by=author, upload=factories.image_upload("cover.jpg", 1200, 900))
    url = reverse("practices:thumbnail", args=[practice.pk])
    assert client.get(url).status_code == 404  # a draft: anonymous visitors see nothing
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200
    client.logout()
    Practice.objects.filter(pk=practice.pk).update(state="published")
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
    html = client.get(reverse("practices:catalogue")).content.decode()
    assert f'src="{url}?v=' in html
