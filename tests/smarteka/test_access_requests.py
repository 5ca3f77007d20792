"""F-ACC-3 (4.1.3): the user asks → the coordinator of the user's region verifies → the ASI
moderator grants the Author role; refusals with reasons at either step."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from practices.models import OrganisationType
from regions.models import LeaderReason, LeaderRegistryEntry
from smarteka.accounts import services
from smarteka.accounts.models import AccessRequest, AccessRequestStatus
from smarteka.permissions import has_role
from smarteka.roles.models import Role, RoleGrant
from tests import factories


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def applicant(region_a):
    return factories.UserFactory(email="applicant@example.ru", region=region_a, last_name="Заявкина")


def fresh(req):
    return AccessRequest.objects.get(pk=req.pk)  # status is a protected FSM field: re-read, not refresh


def mails_to(email):
    return [m for m in mail.outbox if m.to == [email]]


@pytest.mark.django_db
def test_f_acc_3_full_path_request_verify_grant(client, committed, applicant, coordinator, asi_moderator,
                                                 coordinator_of_other_region):
    client.force_login(applicant)
    response = committed(client.post, reverse("accounts:access"), {"comment": "Хочу подать практику"})
    assert response.status_code == 302
    req = AccessRequest.objects.get(user=applicant)
    assert req.status == AccessRequestStatus.REQUESTED and req.region == applicant.region
    assert [m.subject for m in mails_to("coordinator@example.ru")] == [
        "Новая заявка на доступ к паспорту практики — Смартека"]
    assert mails_to("applicant@example.ru") and not mails_to("coordinator-b@example.ru")
    page = client.get(reverse("accounts:access")).content.decode()
    assert "Ожидает проверки региональным координатором" in page

    client.force_login(coordinator)
    queue = client.get(reverse("accounts:access_queue")).content.decode()
    assert "Заявки на доступ к паспорту" in queue and "Заявкина" in queue
    mail.outbox.clear()
    response = committed(client.post, reverse("accounts:access_decide", args=[req.pk, "verify"]))
    assert response.status_code == 302
    req = fresh(req)
    assert req.status == AccessRequestStatus.VERIFIED
    assert req.verified_by == coordinator and req.verified_at is not None
    assert mails_to("asi@example.ru")[0].subject == "Заявка на доступ к паспорту проверена координатором — Смартека"
    assert mails_to("applicant@example.ru")

    client.force_login(asi_moderator)
    mail.outbox.clear()
    response = committed(client.post, reverse("accounts:access_decide", args=[req.pk, "grant"]))
    assert response.status_code == 302
    req = fresh(req)
    assert req.status == AccessRequestStatus.GRANTED and req.granted_by == asi_moderator
    grant = RoleGrant.objects.active().get(user=applicant, role=Role.AUTHOR)
    assert grant.region == applicant.region and grant.granted_by == asi_moderator
    assert req.role_grant == grant
    assert has_role(applicant, Role.AUTHOR, region=applicant.region)
    assert mails_to("applicant@example.ru")[0].subject == (
        "Доступ к заполнению паспорта практики предоставлен — Смартека")
    assert mails_to("coordinator@example.ru")

    client.force_login(applicant)
    assert "Доступ к заполнению паспорта практики у вас есть" in client.get(reverse("accounts:access")).content.decode()


@pytest.mark.django_db
def test_f_acc_3_incomplete_profile_or_no_region_cannot_request(client, region_a):
    user = factories.UserFactory(photo=None, region=None)
    client.force_login(user)
    page = client.get(reverse("accounts:access")).content.decode()
    assert "Запросить доступ сейчас нельзя" in page
    assert "Профиль не заполнен: не хватает сведений — регион, фотография." in page
    assert 'id="access-form"' not in page
    client.post(reverse("accounts:access"))
    assert not AccessRequest.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.request_access(user, by=user)
    assert "Профиль не заполнен: не хватает сведений — регион, фотография." in error.value.messages


@pytest.mark.django_db
def test_f_acc_3_one_open_request_at_a_time(client, applicant):
    services.request_access(applicant, by=applicant)
    client.force_login(applicant)
    assert "Ваша заявка от" in client.get(reverse("accounts:access")).content.decode()
    response = client.post(reverse("accounts:access"), follow=True)
    assert "У вас уже есть заявка на рассмотрении. Дождитесь решения по ней." in response.content.decode()
    assert AccessRequest.objects.filter(user=applicant).count() == 1


@pytest.mark.django_db
def test_f_acc_3_nobody_asks_on_behalf_of_someone_else(applicant, coordinator):
    with pytest.raises(PermissionDenied):
        services.request_access(applicant, by=coordinator)


@pytest.mark.django_db
def test_f_acc_3_coordinator_of_other_region_is_refused(client, applicant, coordinator_of_other_region):
    req = services.request_access(applicant, by=applicant)
    client.force_login(coordinator_of_other_region)
    # another region's request is not theirs to know of (issue 13 item 14): 404, not 403
    assert client.get(reverse("accounts:access_detail", args=[req.pk])).status_code == 404
    assert client.post(reverse("accounts:access_decide", args=[req.pk, "verify"])).status_code == 404
    assert client.post(reverse("accounts:access_decide", args=[req.pk, "refuse"]),
                       {"reason": "нет"}).status_code == 404
    assert "Заявкина" not in client.get(reverse("accounts:access_queue")).content.decode()
    with pytest.raises(PermissionDenied):
        services.verify_access(req, by=coordinator_of_other_region)
    with pytest.raises(PermissionDenied):
        services.refuse_access(req, by=coordinator_of_other_region, reason="Не наш регион")
    assert fresh(req).status == AccessRequestStatus.REQUESTED


@pytest.mark.django_db
def test_f_acc_3_steps_keep_their_order_and_actors(client, applicant, coordinator, asi_moderator, outsider):
    req = services.request_access(applicant, by=applicant)
    with pytest.raises(PermissionDenied):
        services.grant_access(req, by=asi_moderator)  # not verified yet
    with pytest.raises(PermissionDenied):
        services.verify_access(req, by=asi_moderator)  # the coordinator's step
    with pytest.raises(PermissionDenied):
        services.verify_access(req, by=applicant)
    client.force_login(outsider)
    assert client.get(reverse("accounts:access_queue")).status_code == 403
    services.verify_access(req, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.grant_access(req, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.verify_access(req, by=coordinator)  # twice
    # a double click on «Подтвердить» tells the coordinator the request is already handled
    client.force_login(coordinator)
    response = client.post(reverse("accounts:access_decide", args=[req.pk, "verify"]), follow=True)
    assert response.status_code == 200
    assert "Заявка уже рассмотрена на этом шаге" in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.AUTHOR, user=applicant).exists()


@pytest.mark.django_db
def test_f_acc_3_refusal_needs_a_reason_and_the_user_may_ask_again(client, committed, applicant, coordinator,
                                                                   asi_moderator):
    req = services.request_access(applicant, by=applicant)
    client.force_login(coordinator)
    response = client.post(reverse("accounts:access_decide", args=[req.pk, "refuse"]), {"reason": "  "})
    assert response.status_code == 400 and "Укажите причину отказа." in response.content.decode()
    assert fresh(req).status == AccessRequestStatus.REQUESTED
    committed(client.post, reverse("accounts:access_decide", args=[req.pk, "refuse"]),
              {"reason": "Заявитель не работает в органе власти региона"})
    req = fresh(req)
    assert req.status == AccessRequestStatus.REFUSED_BY_COORDINATOR
    assert (req.refused_by, req.refusal_reason) == (coordinator, "Заявитель не работает в органе власти региона")
    refusal = mails_to("applicant@example.ru")[-1]
    assert "отклонена" in refusal.subject and "Заявитель не работает в органе власти региона" in refusal.body

    second = services.request_access(applicant, by=applicant)
    services.verify_access(second, by=coordinator)
    services.refuse_access(second, by=asi_moderator, reason="Регион не входит в реестр регионов-лидеров")
    second = fresh(second)
    assert second.status == AccessRequestStatus.REFUSED_BY_ASI and second.refused_by == asi_moderator
    assert second.verified_by == coordinator
    assert not RoleGrant.objects.filter(user=applicant, role=Role.AUTHOR).exists()


@pytest.mark.django_db
def test_f_acc_3_asi_moderator_sees_leader_status_and_organisation_type(client, applicant, region_b,
                                                                        coordinator, coordinator_of_other_region,
                                                                        asi_moderator):
    year = timezone.localdate().year
    LeaderRegistryEntry.objects.create(region=applicant.region, year=year, reason=LeaderReason.INVEST_TOP5)
    LeaderRegistryEntry.objects.create(region=region_b, year=year - 1, reason=LeaderReason.FORUM_TOP100)
    commercial = OrganisationType.objects.get_or_create(name="Коммерческая организация", defaults={"may_author": False})[0]
    other = factories.UserFactory(email="other@example.ru", region=region_b, last_name="Коммерсантов",
                                  organisation_type=commercial)
    req_a = services.request_access(applicant, by=applicant)
    req_b = services.request_access(other, by=other)
    services.verify_access(req_a, by=coordinator)
    services.verify_access(req_b, by=coordinator_of_other_region)

    client.force_login(asi_moderator)
    response = client.get(reverse("accounts:access_queue"))
    rows = {row["req"].pk: row for row in response.context["asi_rows"]}
    assert [e.reason for e in rows[req_a.pk]["leader_entries"]] == [LeaderReason.INVEST_TOP5]
    assert rows[req_a.pk]["may_author"] is True
    assert rows[req_b.pk]["leader_entries"] == [] and rows[req_b.pk]["may_author"] is False
    html = response.content.decode()
    assert f"Регион-лидер {year}" in html
    assert "ТОП-5 лидеров по интегральному индексу Рейтинга инвестиционной привлекательности" in html
    assert f"Нет в реестре регионов-лидеров {year}" in html
    assert "Тип организации не может быть автором" in html and "Коммерческая организация" in html
    assert "Тип организации может быть автором" in html
    detail = client.get(reverse("accounts:access_detail", args=[req_b.pk])).content.decode()
    assert "Нет в реестре регионов-лидеров" in detail and "Предоставить доступ к паспорту" in detail


@pytest.mark.django_db
def test_f_acc_3_author_role_goes_to_the_region_the_coordinator_verified_4_1_3(client, applicant, coordinator,
                                                                              asi_moderator, region_a, region_b):
    """4.1.3: access is given «после верификации региональным координатором» — the Author role goes to
    the region of the request the coordinator verified, never to a region the applicant moved his
    profile to while the request waited; such a grant is refused with the reason, at the button."""
    req = services.request_access(applicant, by=applicant)
    services.verify_access(req, by=coordinator)
    applicant.region = region_b  # the profile moves after the verification
    applicant.save(update_fields=["region"])

    with pytest.raises(ValidationError) as refused:
        services.grant_access(req, by=asi_moderator)
    assert "сменил регион в профиле" in refused.value.messages[0]
    assert f"«{region_a}»" in refused.value.messages[0] and f"«{region_b}»" in refused.value.messages[0]
    assert not RoleGrant.objects.filter(user=applicant, role=Role.AUTHOR).exists()
    assert fresh(req).status == AccessRequestStatus.VERIFIED

    client.force_login(asi_moderator)
    page = client.get(reverse("accounts:access_detail", args=[req.pk])).content.decode()
    assert 'id="region-moved"' in page  # the ASI moderator sees it before pressing the button
    response = client.post(reverse("accounts:access_decide", args=[req.pk, "grant"]))
    assert response.status_code == 400
    assert 'id="grant-error"' in response.content.decode()
    assert not RoleGrant.objects.filter(user=applicant, role=Role.AUTHOR).exists()

    applicant.region = region_a  # back in the verified region: the grant is in that region
    applicant.save(update_fields=["region"])
    services.grant_access(req, by=asi_moderator)
    assert RoleGrant.objects.active().get(user=applicant, role=Role.AUTHOR).region == region_a
