"""F-ACC-6 / F-REF-1 (2.2.1): the head of the region and the yearly management team."""

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import ManagementTeamMember

pytestmark = pytest.mark.django_db


def _post(client, region, year, rows, head=("Алексеев Виктор Павлович", "Губернатор Амурской области")):
    data = {"year": year, "head_name": head[0], "head_position": head[1],
            "team-TOTAL_FORMS": len(rows), "team-INITIAL_FORMS": 0, "team-MIN_NUM_FORMS": 0, "team-MAX_NUM_FORMS": 1000}
    for i, (name, position, order) in enumerate(rows):
        data |= {f"team-{i}-full_name": name, f"team-{i}-position": position, f"team-{i}-order": order}
    return client.post(reverse("regions:team_edit", args=[region.slug]), data)


def test_F_ACC_6_coordinator_updates_head_and_team_of_own_region(client, region_a, coordinator):
    year = timezone.localdate().year
    client.force_login(coordinator)
    assert client.get(reverse("regions:team_edit", args=[region_a.slug])).status_code == 200
    response = _post(client, region_a, year, [("Смирнова Елена Андреевна", "Начальник отдела", 2),
                                              ("Кузнецов Дмитрий Олегович", "Консультант", 1)])
    assert response.status_code == 302
    region_a.refresh_from_db()
    assert region_a.head_name == "Алексеев Виктор Павлович"
    team = list(ManagementTeamMember.objects.filter(region=region_a, year=year).values_list("full_name", flat=True))
    assert team == ["Кузнецов Дмитрий Олегович", "Смирнова Елена Андреевна"]
    html = client.get(region_a.get_absolute_url()).content.decode()
    assert html.index("Кузнецов Дмитрий Олегович") < html.index("Смирнова Елена Андреевна")


def test_F_ACC_6_team_is_kept_per_year_and_next_year_is_prefilled(client, region_a, asi_moderator):
    client.force_login(asi_moderator)
    _post(client, region_a, 2024, [("Старый Состав Иванович", "Советник", 1)])
    _post(client, region_a, 2025, [("Новый Состав Петрович", "Министр", 1)])
    assert ManagementTeamMember.objects.filter(region=region_a, year=2024).get().full_name == "Старый Состав Иванович"
    html = client.get(region_a.get_absolute_url()).content.decode()
    assert "на 2025 год" in html and "Новый Состав Петрович" in html and "Старый Состав Иванович" not in html
    html = client.get(reverse("regions:team_edit", args=[region_a.slug]) + "?year=2026").content.decode()
    assert "ниже предложен состав 2025 года" in html and 'value="Новый Состав Петрович"' in html


def test_F_ACC_6_coordinator_of_other_region_refused_on_team_edit(client, region_a, coordinator_of_other_region):
    client.force_login(coordinator_of_other_region)
    url = reverse("regions:team_edit", args=[region_a.slug])
    assert client.get(url).status_code == 403
    assert _post(client, region_a, 2025, [("Чужой Человек", "Никто", 1)], head=("Чужой", "Чужой")).status_code == 403
    region_a.refresh_from_db()
    assert region_a.head_name != "Чужой"
    assert not ManagementTeamMember.objects.filter(region=region_a).exists()


@pytest.mark.parametrize("who", ["author", "rating_committee", "outsider"])
def test_F_ACC_6_other_roles_refused_on_team_edit(request, client, region_a, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("regions:team_edit", args=[region_a.slug])).status_code == 403
