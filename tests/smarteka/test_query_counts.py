"""Query counts of everyday list pages stay constant as data grows (STYLE): notifications (F-NOTE-1),
a region's page with many practices and the regions list (F-REF-1), the role grants list (F-ROLE-2)."""

import datetime
import itertools

import pytest
from django.urls import reverse

from regions.models import LeaderReason, LeaderRegistryEntry, Region
from smarteka.notifications.services import notify
from smarteka.roles.models import Role
from tests import factories
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_f_note_1_notifications_list_query_count_constant(client, author, region_a):
    counter = itertools.count(1)
    practice = factories.PracticeFactory(author=author)

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            notify([author], kind="test.notice", title=f"Уведомление номер {i:02d}", body="Текст", url="/",
                   obj=practice, requires_action=bool(i % 2), email=False)
            shown.append(f"Уведомление номер {i:02d}")
        return shown

    client.force_login(author)
    assert_constant_queries(client, reverse("notifications:list"), grow)


@pytest.mark.parametrize("viewer", ["outsider", "coordinator"])
def test_f_ref_1_region_page_with_many_practices_query_count_constant(client, author, region_a, region_b, outsider,
                                                                      coordinator, viewer):
    """Published, archived and in-work practices of the region, practices it adopted and (F-PLUS-2) those
    other regions adopted from it, with the map."""
    counter = itertools.count(1)
    states = itertools.cycle(["published", "archived", "regional_review"])

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            state = next(states)
            own = factories.published_practice(author, title=f"Своя практика {i:02d}", state=state)
            if state != "regional_review" or viewer == "coordinator":
                shown.append(f"Своя практика {i:02d}")
            adopted = factories.published_practice(factories.UserFactory(region=region_b),
                                                   title=f"Внедрённая практика {i:02d}")
            adopted.implemented_regions.add(region_a)
            shown.append(f"Внедрённая практика {i:02d}")
            if state == "published":  # F-PLUS-2: the region's practices other regions adopted
                own.implemented_regions.add(factories.region(f"{40 + i:02d}"))
        return shown

    client.force_login(outsider if viewer == "outsider" else coordinator)
    assert_constant_queries(client, reverse("regions:detail", args=[region_a.slug]), grow)


def test_f_ref_1_regions_list_query_count_constant(client, outsider, author):
    """The regions list as leaders and practices accumulate."""
    regions = iter(Region.objects.order_by("code"))
    year = datetime.date.today().year

    def grow(k):
        shown = []
        for _ in range(k):
            region = next(regions)
            LeaderRegistryEntry.objects.create(region=region, year=year, reason=LeaderReason.QOL_TOP10,
                                               direction="Здоровье и долголетие")
            factories.published_practice(factories.UserFactory(region=region), title=f"Практика {region.code}")
            shown.append(region.name)
        return shown

    client.force_login(outsider)
    assert_constant_queries(client, reverse("regions:list"), grow)


def test_f_role_2_grants_list_query_count_constant(client, asi_moderator, region_a, category_a):
    counter = itertools.count(1)
    roles = itertools.cycle([(Role.AUTHOR, {"region": region_a}), (Role.EXPERT, {"category": category_a}),
                             (Role.COORDINATOR, {"region": region_a})])

    def grow(k):
        shown = []
        for _ in range(k):
            i = next(counter)
            user = factories.UserFactory(last_name=f"Получателев-{i:02d}")
            role, scope = next(roles)
            factories.grant(user, role, granted_by=asi_moderator, **scope)
            shown.append(f"Получателев-{i:02d}")
        return shown

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("roles:list"), grow)


def test_f_plus_2_home_page_maps_query_count_constant(client, outsider, author):
    """The home page's maps (published and adopted practices by region) as regions fill up: the counts
    are one aggregate query, never one per region (the logged-in page is not cached)."""
    regions = iter(Region.objects.order_by("code"))

    def grow(k):
        shown = []
        for _ in range(k):
            region = next(regions)
            practice = factories.published_practice(factories.UserFactory(region=region),
                                                    title=f"Практика {region.code}")
            practice.implemented_regions.add(author.region)
            shown.append(f"{region.name} — опубликованных практик: 1")
        return shown

    client.force_login(outsider)
    assert_constant_queries(client, reverse("home"), grow)
