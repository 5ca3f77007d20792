"""F-REF-1, F-REF-4, F-ACC-6: the region list and the region page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions import services
from regions.models import LeaderReason, LeaderRegistryEntry, ManagementTeamMember

pytestmark = pytest.mark.django_db


def test_F_REF_1_list_groups_regions_by_district_and_2022_regions_apart(client):
    html = client.get(reverse("regions:list")).content.decode()
    assert "Дальневосточный федеральный округ" in html
    assert "Приволжский федеральный округ" in html
    dfo = html.index("Дальневосточный федеральный округ")
    assert dfo < html.index("Амурская область")
    heading = "Субъекты, принятые в состав Российской Федерации в 2022 году"
    assert heading in html
    apart = html[html.index(heading):]
    for name in ("Донецкая Народная Республика", "Луганская Народная Республика", "Запорожская область",
                 "Херсонская область"):
        assert html.count(name) == 1
        assert name in apart
    assert "Амурская область" not in apart
    assert reverse("regions:detail", args=["amurskaya-oblast"]) in html


def test_F_REF_1_nav_link_leads_to_the_region_list(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("regions:list")}">Регионы' in html


def test_F_REF_1_region_page_shows_head_coordinator_team_and_leader_status(client, region_a, asi_moderator,
                                                                          coordinator, outsider):
    year = timezone.localdate().year
    region_a.head_name, region_a.head_position = "Алексеев Виктор Павлович", "Губернатор Амурской области"
    region_a.save()
    services.appoint_coordinator(region_a, by=asi_moderator, user=coordinator, full_name="Петров Сергей Викторович",
                                 position="Заместитель председателя Правительства", phone="+7 (4162) 22-33-44",
                                 email="petrov@amurobl.ru")
    ManagementTeamMember.objects.create(region=region_a, year=year, full_name="Смирнова Елена Андреевна",
                                        position="Начальник отдела проектной деятельности")
    LeaderRegistryEntry.objects.create(region=region_a, year=year, reason=LeaderReason.QOL_TOP10,
                                       direction="Здоровье и долголетие")
    client.force_login(outsider)
    html = client.get(region_a.get_absolute_url()).content.decode()
    assert "Алексеев Виктор Павлович" in html and "Губернатор Амурской области" in html
    assert "Петров Сергей Викторович" in html and "petrov@amurobl.ru" in html and "+7 (4162) 22-33-44" in html
    assert f"Региональная управленческая команда на {year} год" in html
    assert "Смирнова Елена Андреевна" in html
    assert f"{year} год" in html
    assert "ТОП-10 лидеров по соответствующему направлению Рейтинга качества жизни" in html
    assert "Здоровье и долголетие" in html
    assert "Практики региона" in html and "Внедрённые практики" in html
    assert "Опубликованных практик пока нет." in html  # F-REF-1 sections filled by issue 7
    # not the Agency, not the coordinator: no history, no edit buttons
    assert "История назначений координаторов" not in html
    assert reverse("regions:team_edit", args=[region_a.slug]) not in html


def test_F_ACC_6_anonymous_visitor_sees_coordinator_without_contacts(client, region_a, asi_moderator):
    services.appoint_coordinator(region_a, by=asi_moderator, full_name="Петров Сергей Викторович",
                                 position="Заместитель председателя", phone="+7 (4162) 22-33-44",
                                 email="petrov@amurobl.ru")
    html = client.get(region_a.get_absolute_url()).content.decode()
    assert "Петров Сергей Викторович" in html
    assert "petrov@amurobl.ru" not in html
    assert "Контакты координатора видны после входа на платформу" in html


def test_F_ACC_6_history_of_appointments_shown_to_agency_and_coordinator(client, region_a, asi_moderator,
                                                                         coordinator, author):
    services.appoint_coordinator(region_a, by=asi_moderator, full_name="Прежний Координатор Иванович",
                                 position="Руководитель проектного офиса", phone="+7 111", email="old@amurobl.ru",
                                 appointed_at=datetime.date(2024, 3, 1))
    services.appoint_coordinator(region_a, by=asi_moderator, user=coordinator, full_name="Новый Координатор",
                                 position="Заместитель председателя", phone="+7 222", email="new@amurobl.ru",
                                 appointed_at=datetime.date(2025, 2, 1))
    for user in (asi_moderator, coordinator):
        client.force_login(user)
        html = client.get(region_a.get_absolute_url()).content.decode()
        assert "История назначений координаторов" in html
        assert "Прежний Координатор Иванович" in html and "01.03.2024 — 01.02.2025" in html
    client.force_login(author)
    html = client.get(region_a.get_absolute_url()).content.decode()
    assert "Прежний Координатор Иванович" not in html


def test_F_REF_1_region_page_of_2022_subject_says_it_is_in_no_district(client):
    html = client.get(reverse("regions:detail", args=["khersonskaya-oblast"])).content.decode()
    assert "не входит в федеральный округ" in html
    assert client.get(reverse("regions:detail", args=["no-such-region"])).status_code == 404
