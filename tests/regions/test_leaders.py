"""F-REF-4 (3.1.1): the yearly leader registry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regions import services
from regions.models import LeaderReason, LeaderRegistryEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["asi_moderator", "rating_committee"])
def test_F_REF_4_asi_and_rating_committee_enter_the_registry(request, client, region_a, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(reverse("regions:leader_add"), {"year": 2025, "region": region_a.pk,
                                                          "reason": LeaderReason.INVEST_TOP5, "direction": ""})
    assert response.status_code == 302
    entry = LeaderRegistryEntry.objects.get(region=region_a, year=2025)
    assert entry.reason == LeaderReason.INVEST_TOP5 and entry.entered_by == user
    assert region_a.is_leader(2025) and not region_a.is_leader(2024)


@pytest.mark.parametrize("who", ["coordinator", "author", "expert_moderator", "outsider"])
def test_F_REF_4_other_roles_refused(request, client, region_a, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("regions:leader_add")
    assert client.get(url).status_code == 403
    assert client.post(url, {"year": 2025, "region": region_a.pk, "reason": LeaderReason.INVEST_TOP5}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.enter_leader_entry(region_a, by=user, year=2025, reason=LeaderReason.INVEST_TOP5)
    assert not LeaderRegistryEntry.objects.exists()


@pytest.mark.parametrize("reason", [LeaderReason.QOL_TOP10, LeaderReason.QOL_GROWTH_TOP10])
def test_F_REF_4_qol_direction_required(client, region_a, rating_committee, reason):
    client.force_login(rating_committee)
    response = client.post(reverse("regions:leader_add"), {"year": 2025, "region": region_a.pk, "reason": reason,
                                                          "direction": "  "})
    assert response.status_code == 200
    assert "Для лидеров Рейтинга качества жизни укажите направление (фактор) рейтинга." in response.content.decode()
    assert not LeaderRegistryEntry.objects.exists()
    with pytest.raises(ValidationError):
        services.enter_leader_entry(region_a, by=rating_committee, year=2025, reason=reason)
    response = client.post(reverse("regions:leader_add"), {"year": 2025, "region": region_a.pk, "reason": reason,
                                                          "direction": "Образование"})
    assert response.status_code == 302
    assert LeaderRegistryEntry.objects.get().direction == "Образование"


def test_F_REF_4_duplicate_entry_refused_with_message(client, region_a, asi_moderator):
    client.force_login(asi_moderator)
    data = {"year": 2025, "region": region_a.pk, "reason": LeaderReason.FORUM_TOP100, "direction": ""}
    client.post(reverse("regions:leader_add"), data)
    response = client.post(reverse("regions:leader_add"), data)
    assert "Такая запись уже есть в реестре регионов-лидеров." in response.content.decode()
    assert LeaderRegistryEntry.objects.count() == 1


def test_F_REF_4_registry_page_lists_entries_per_year(client, region_a, region_b, asi_moderator):
    services.enter_leader_entry(region_a, by=asi_moderator, year=2025, reason=LeaderReason.QOL_TOP10,
                                direction="Здоровье и долголетие")
    services.enter_leader_entry(region_b, by=asi_moderator, year=2024, reason=LeaderReason.INVEST_TOP5)
    html = client.get(reverse("regions:leaders") + "?year=2025").content.decode()
    assert "Реестр регионов-лидеров 2025 года" in html
    assert "Амурская область" in html and "Здоровье и долголетие" in html
    assert "Республика Татарстан" not in html.split("registry-count")[1]
    html = client.get(reverse("regions:leaders") + "?year=2024").content.decode()
    assert "Республика Татарстан" in html.split("registry-count")[1]
    assert "Внести запись" not in html  # anonymous visitor


def test_F_REF_4_entry_removed_by_rating_committee(client, region_a, rating_committee):
    entry = services.enter_leader_entry(region_a, by=rating_committee, year=2025, reason=LeaderReason.INVEST_TOP5)
    client.force_login(rating_committee)
    assert client.post(reverse("regions:leader_delete", args=[entry.pk])).status_code == 302
    assert not LeaderRegistryEntry.objects.exists()
