"""F-ACC-6 (2.2.3.1): coordinator appointments and the coordinator role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from regions import services
from regions.models import CoordinatorAppointment
from smarteka.permissions import has_role
from smarteka.roles.models import Role, RoleGrant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _appoint(region, by, user=None, name="Петров Сергей Викторович", when=datetime.date(2025, 1, 15)):
    return services.appoint_coordinator(region, by=by, user=user, full_name=name, position="Заместитель председателя",
                                        phone="+7 (4162) 20-00-01", email="coord@amurobl.ru", appointed_at=when,
                                        basis="Распоряжение Губернатора № 1-р")


def test_F_ACC_6_appointment_records_contacts_and_profile_and_grants_role(region_a, asi_moderator):
    user = UserFactory(email="new-coordinator@example.ru", region=region_a)
    assert not has_role(user, Role.COORDINATOR, region=region_a)
    appointment = _appoint(region_a, asi_moderator, user=user)
    row = CoordinatorAppointment.objects.get(pk=appointment.pk)
    assert (row.full_name, row.position, row.phone, row.email) == (
        "Петров Сергей Викторович", "Заместитель председателя", "+7 (4162) 20-00-01", "coord@amurobl.ru")
    assert row.user == user and row.appointed_by == asi_moderator and row.ended_at is None
    assert row.appointed_at == datetime.date(2025, 1, 15)
    grant = RoleGrant.objects.active().get(user=user, role=Role.COORDINATOR, region=region_a)
    assert grant.granted_by == asi_moderator
    assert region_a.current_coordinator == row


def test_F_ACC_6_new_appointment_ends_previous_and_moves_the_role(region_a, asi_moderator, coordinator):
    first = _appoint(region_a, asi_moderator, user=coordinator, when=datetime.date(2024, 5, 1))
    successor = UserFactory(email="successor@example.ru", region=region_a)
    second = _appoint(region_a, asi_moderator, user=successor, name="Сидорова Анна Петровна",
                      when=datetime.date(2025, 6, 2))
    first.refresh_from_db()
    assert first.ended_at == datetime.date(2025, 6, 2)  # kept as history
    assert second.ended_at is None
    assert CoordinatorAppointment.objects.filter(region=region_a).count() == 2
    assert CoordinatorAppointment.objects.filter(region=region_a, ended_at__isnull=True).get() == second
    old_grants = RoleGrant.objects.filter(user=coordinator, role=Role.COORDINATOR, region=region_a)
    assert not old_grants.active().exists()
    revoked = old_grants.get()
    assert revoked.revoked_by == asi_moderator and revoked.revoked_at is not None
    assert RoleGrant.objects.active().filter(user=successor, role=Role.COORDINATOR, region=region_a).exists()
    assert not has_role(coordinator, Role.COORDINATOR, region=region_a)


def test_F_ACC_6_reappointing_the_same_user_keeps_one_grant(region_a, asi_moderator, coordinator):
    _appoint(region_a, asi_moderator, user=coordinator, when=datetime.date(2024, 5, 1))
    _appoint(region_a, asi_moderator, user=coordinator, when=datetime.date(2025, 5, 1))
    assert RoleGrant.objects.active().filter(user=coordinator, role=Role.COORDINATOR, region=region_a).count() == 1


@pytest.mark.parametrize("who", ["coordinator", "author", "rating_committee", "outsider"])
def test_F_ACC_6_only_asi_moderator_appoints(request, client, region_a, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _appoint(region_a, user)
    client.force_login(user)
    url = reverse("regions:coordinator_appoint", args=[region_a.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"full_name": "X", "position": "Y", "phone": "1", "email": "x@example.ru",
                             "appointed_at": "2025-01-01"}).status_code == 403
    assert not CoordinatorAppointment.objects.filter(region=region_a).exists()


def test_F_ACC_6_asi_moderator_appoints_through_the_form_with_profile_fallback(client, region_a, asi_moderator):
    user = UserFactory(email="profile-coord@example.ru", region=region_a, last_name="Козлов", first_name="Пётр",
                       middle_name="Ильич", position="Руководитель проектного офиса", work_phone="+7 (4162) 55-55-55")
    client.force_login(asi_moderator)
    url = reverse("regions:coordinator_appoint", args=[region_a.slug])
    assert "Назначение регионального координатора" in client.get(url).content.decode()
    response = client.post(url, {"user": user.pk, "full_name": "", "position": "", "phone": "", "email": "",
                                 "appointed_at": "2025-09-01", "basis": "Распоряжение № 7-р"})
    assert response.status_code == 302
    row = CoordinatorAppointment.objects.get(region=region_a)
    assert (row.full_name, row.position, row.phone, row.email, row.user) == (
        "Козлов Пётр Ильич", "Руководитель проектного офиса", "+7 (4162) 55-55-55", "profile-coord@example.ru", user)
    assert has_role(user, Role.COORDINATOR, region=region_a)


def test_F_ACC_6_form_without_profile_requires_contacts_and_keeps_input(client, region_a, asi_moderator):
    client.force_login(asi_moderator)
    url = reverse("regions:coordinator_appoint", args=[region_a.slug])
    response = client.post(url, {"full_name": "Орлов Иван", "position": "", "phone": "", "email": "",
                                 "appointed_at": "2025-09-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert 'value="Орлов Иван"' in html
    assert not CoordinatorAppointment.objects.exists()
