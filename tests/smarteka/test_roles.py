"""Roles as data and their grant/revoke UI (SPEC §1, F-ROLE-1, F-ROLE-2; STYLE 5–8)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from smarteka import permissions
from smarteka.accounts import lockout
from smarteka.permissions import has_role, role_categories, role_regions
from smarteka.roles import objects, services
from smarteka.roles.models import Role, RoleGrant
from smarteka.roles.utils import roles_display
from tests import factories

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


# --- F-ROLE-1: roles are data, several per user, bound to their scope


def test_f_role_1_user_holds_several_roles(region_a, region_b, category_a):
    user = factories.UserFactory()
    factories.grant(user, Role.COORDINATOR, region=region_a)
    factories.grant(user, Role.RECIPIENT, region=region_b)
    factories.grant(user, Role.EXPERT, category=category_a)
    factories.grant(user, Role.PARTNER)

    assert has_role(user, Role.COORDINATOR)
    assert has_role(user, Role.RECIPIENT, region=region_b)
    assert has_role(user, Role.EXPERT, category=category_a)
    assert has_role(user, Role.PARTNER)
    assert not has_role(user, Role.ASI_MODERATOR)
    assert sorted(roles_display(user)) == sorted([
        f"Региональный координатор ({region_a})", f"Реципиент ({region_b})",
        f"Эксперт ({category_a})", "Партнёр",
    ])
    rendered = Template('{% load smarteka %}{{ u|roles_display|join:"; " }}').render(Context({"u": user}))
    assert "Партнёр" in rendered and f"Реципиент ({region_b})" in rendered


def test_f_role_1_coordinator_is_bound_to_his_region(coordinator, coordinator_of_other_region, region_a, region_b):
    assert has_role(coordinator, Role.COORDINATOR, region=region_a)
    assert not has_role(coordinator, Role.COORDINATOR, region=region_b)
    assert role_regions(coordinator, Role.COORDINATOR) == {region_a.pk}
    assert has_role(coordinator_of_other_region, Role.COORDINATOR, region=region_b)
    assert not has_role(coordinator_of_other_region, Role.COORDINATOR, region=region_a)


@pytest.mark.django_db
def test_f_role_1_holders_are_the_active_users_with_an_active_grant_in_the_scope(
        asi_moderator, coordinator, coordinator_of_other_region, region_a, region_b):
    assert services.holders(Role.COORDINATOR, region=region_a) == [coordinator]
    assert services.holders(Role.COORDINATOR, region=region_b.pk) == [coordinator_of_other_region]
    assert services.holders(Role.COORDINATOR) == sorted([coordinator, coordinator_of_other_region], key=lambda u: u.pk)
    assert services.holders(Role.ASI_MODERATOR) == [asi_moderator]
    services.revoke_role(RoleGrant.objects.get(user=coordinator, role=Role.COORDINATOR), by=asi_moderator)
    coordinator_of_other_region.is_active = False
    coordinator_of_other_region.save()
    assert services.holders(Role.COORDINATOR) == []


def test_f_role_1_expert_roles_are_bound_to_categories(expert_moderator, expert_moderator_of_other_category,
                                                        experts, category_a, category_b):
    assert has_role(expert_moderator, Role.EXPERT_MODERATOR, category=category_a)
    assert not has_role(expert_moderator, Role.EXPERT_MODERATOR, category=category_b)
    assert role_categories(expert_moderator_of_other_category, Role.EXPERT_MODERATOR) == {category_b.pk}
    assert all(has_role(e, Role.EXPERT, category=category_a) for e in experts)
    assert not any(has_role(e, Role.EXPERT, category=category_b) for e in experts)


@pytest.mark.parametrize("role, missing, message", [
    (Role.AUTHOR, "region", "Для роли «Автор практики» укажите регион."),
    (Role.COORDINATOR, "region", "Для роли «Региональный координатор» укажите регион."),
    (Role.RECIPIENT, "region", "Для роли «Реципиент» укажите регион."),
    (Role.EXPERT_MODERATOR, "category", "Для роли «Эксперт-модератор» укажите категорию."),
    (Role.EXPERT, "category", "Для роли «Эксперт» укажите категорию."),
    (Role.FD_CURATOR, "federal_district", "Для роли «Куратор ФО» укажите федеральный округ."),
])
def test_f_role_1_scoped_role_without_its_scope_is_refused_in_russian(asi_moderator, role, missing, message):
    user = factories.UserFactory()
    with pytest.raises(ValidationError) as error:
        services.grant_role(user, role, by=asi_moderator)
    assert error.value.message_dict == {missing: [message]}
    assert not RoleGrant.objects.filter(user=user).exists()


@pytest.mark.parametrize("role, scope, field, message", [
    (Role.ASI_MODERATOR, "region", "region", "Роль «Модератор АСИ» не привязывается к региону."),
    (Role.PARTNER, "category", "category", "Роль «Партнёр» не привязывается к категории."),
    (Role.COORDINATOR, "both", "category", "Роль «Региональный координатор» не привязывается к категории."),
])
def test_f_role_1_scope_a_role_does_not_have_is_refused(asi_moderator, region_a, category_a,
                                                         role, scope, field, message):
    user = factories.UserFactory()
    kwargs = {"region": {"region": region_a}, "category": {"category": category_a},
              "both": {"region": region_a, "category": category_a}}[scope]
    with pytest.raises(ValidationError) as error:
        services.grant_role(user, role, by=asi_moderator, **kwargs)
    assert error.value.message_dict == {field: [message]}


def test_f_role_1_scope_is_validated_by_model_clean_too(region_a):
    grant = RoleGrant(user=factories.UserFactory(), role=Role.EXPERT, region=region_a)
    with pytest.raises(ValidationError) as error:
        grant.full_clean()
    assert error.value.message_dict == {
        "category": ["Для роли «Эксперт» укажите категорию."],
        "region": ["Роль «Эксперт» не привязывается к региону."],
    }


# --- F-ROLE-2: the ASI moderator grants and revokes, and the record says who and when


def test_f_role_2_grant_by_asi_moderator_is_recorded_with_who_and_when(asi_moderator, region_a):
    user = factories.UserFactory(last_name="Сидорова", first_name="Мария")
    before = timezone.now()
    grant = services.grant_role(user, Role.COORDINATOR, by=asi_moderator, region=region_a,
                                comment="Письмо губернатора № 12")
    grant.refresh_from_db()
    assert grant.granted_by == asi_moderator
    assert before <= grant.granted_at <= timezone.now()
    assert grant.comment == "Письмо губернатора № 12"
    assert grant.is_active
    assert has_role(user, Role.COORDINATOR, region=region_a)


def test_f_role_2_grant_through_the_form(client, asi_moderator, region_a):
    user = factories.UserFactory(email="petrova@example.ru", last_name="Петрова", first_name="Ольга")
    client.force_login(asi_moderator)
    response = client.post(reverse("roles:grant"), {
        "user": "Петрова Ольга", "role": Role.AUTHOR, "region": region_a.pk, "comment": "Заявка региона",
    }, follow=True)
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.region, grant.granted_by) == (Role.AUTHOR, region_a, asi_moderator)
    assert grant.comment == "Заявка региона"
    page = html(response)
    assert "Роль «Автор практики (Амурская область)» назначена: Петрова Ольга" in page
    assert "petrova@example.ru" in page  # the list of active grants


def test_f_role_2_grant_form_drops_a_scope_the_role_does_not_need(client, asi_moderator, region_a, category_a):
    user = factories.UserFactory(email="expert-new@example.ru")
    client.force_login(asi_moderator)
    client.post(reverse("roles:grant"), {"user": user.email, "role": Role.EXPERT, "region": region_a.pk,
                                         "category": category_a.pk})
    grant = RoleGrant.objects.get(user=user)
    assert (grant.category, grant.region) == (category_a, None)


def test_f_role_2_grant_form_errors_are_russian_at_the_field_and_keep_input(client, asi_moderator):
    factories.UserFactory(email="kozlov@example.ru")
    client.force_login(asi_moderator)
    response = client.post(reverse("roles:grant"), {
        "user": "kozlov@example.ru", "role": Role.COORDINATOR, "comment": "Приказ № 7",
    })
    assert response.status_code == 200
    assert response.context["form"].errors == {"region": ["Для роли «Региональный координатор» укажите регион."]}
    page = html(response)
    assert 'value="kozlov@example.ru"' in page
    assert "Приказ № 7" in page
    assert f'<option value="{Role.COORDINATOR}" selected>' in page
    assert not RoleGrant.objects.filter(user__email="kozlov@example.ru").exists()


def test_f_role_2_grant_form_unknown_and_ambiguous_users(client, asi_moderator):
    factories.UserFactory(email="a1@example.ru", last_name="Белов", first_name="Пётр")
    factories.UserFactory(email="a2@example.ru", last_name="Белов", first_name="Павел")
    client.force_login(asi_moderator)
    response = client.post(reverse("roles:grant"), {"user": "nobody@example.ru", "role": Role.PARTNER})
    assert response.context["form"].errors["user"] == ["Пользователь с e-mail «nobody@example.ru» не найден."]
    response = client.post(reverse("roles:grant"), {"user": "Белов", "role": Role.PARTNER})
    [message] = response.context["form"].errors["user"]
    assert message.startswith("Найдено несколько пользователей:")
    assert "a1@example.ru" in message and "a2@example.ru" in message
    response = client.post(reverse("roles:grant"), {"user": "Белов Павел", "role": Role.PARTNER})
    assert response.status_code == 302
    assert RoleGrant.objects.get(role=Role.PARTNER).user.email == "a2@example.ru"


def test_f_role_2_user_search_suggests_by_fio_and_email(client, asi_moderator):
    factories.UserFactory(email="orlova@example.ru", last_name="Орлова", first_name="Анна")
    client.force_login(asi_moderator)
    page = html(client.get(reverse("roles:user_search"), {"user": "орлов"}))
    assert '<option value="orlova@example.ru">Орлова Анна' in page
    assert "orlova" not in html(client.get(reverse("roles:user_search"), {"user": "Смирнов"}))


def test_f_role_2_duplicate_active_grant_is_refused(client, asi_moderator, coordinator, region_a, region_b):
    with pytest.raises(ValidationError) as error:
        services.grant_role(coordinator, Role.COORDINATOR, by=asi_moderator, region=region_a)
    message = "У пользователя уже есть действующая роль «Региональный координатор» (Амурская область)."
    assert error.value.message_dict == {"role": [message]}
    client.force_login(asi_moderator)
    response = client.post(reverse("roles:grant"), {"user": coordinator.email, "role": Role.COORDINATOR,
                                                    "region": region_a.pk})
    assert response.context["form"].errors == {"role": [message]}
    assert RoleGrant.objects.active().filter(user=coordinator, role=Role.COORDINATOR).count() == 1
    # the same role in another region is another grant
    services.grant_role(coordinator, Role.COORDINATOR, by=asi_moderator, region=region_b)
    assert role_regions(coordinator, Role.COORDINATOR) == {region_a.pk, region_b.pk}


def test_f_role_2_revoke_is_recorded_and_the_grant_no_longer_counts(client, asi_moderator, coordinator, region_a):
    grant = RoleGrant.objects.get(user=coordinator)
    client.force_login(asi_moderator)
    page = html(client.get(reverse("roles:revoke", args=[grant.pk])))
    assert "Снять роль" in page and coordinator.email in page
    response = client.post(reverse("roles:revoke", args=[grant.pk]), {"reason": "Перевод на другую должность"},
                           follow=True)
    assert "Роль «Региональный координатор (Амурская область)» снята" in html(response)
    grant.refresh_from_db()
    assert grant.revoked_by == asi_moderator
    assert timezone.now() - grant.revoked_at < datetime.timedelta(minutes=1)
    assert grant.revoke_reason == "Перевод на другую должность"
    assert not RoleGrant.objects.active().filter(pk=grant.pk).exists()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()  # the row is kept as the record
    assert not has_role(type(coordinator).objects.get(pk=coordinator.pk), Role.COORDINATOR, region=region_a)
    assert coordinator.email not in html(client.get(reverse("roles:list")))
    # a second revocation is refused in Russian
    with pytest.raises(ValidationError, match="Эта роль уже снята."):
        services.revoke_role(grant, by=asi_moderator)


def test_f_role_2_history_shows_who_granted_and_revoked_what_when(client, asi_moderator, region_a):
    asi_moderator.last_name, asi_moderator.first_name, asi_moderator.middle_name = "Орлова", "Анна", ""
    asi_moderator.save()
    user = factories.UserFactory(email="history@example.ru")
    grant = services.grant_role(user, Role.RECIPIENT, by=asi_moderator, region=region_a, comment="Заявка")
    services.revoke_role(grant, by=asi_moderator, reason="Ошибка в заявке")
    services.grant_role(user, Role.AUTHOR, by=asi_moderator, region=region_a)
    client.force_login(asi_moderator)
    page = html(client.get(reverse("roles:history"), {"q": "history@"}))
    assert page.count("history@example.ru") == 2
    assert "Реципиент" in page and "Автор практики" in page
    assert "Орлова Анна" in page and "Ошибка в заявке" in page and "Основание: Заявка" in page
    assert timezone.localtime(grant.revoked_at).strftime("%d.%m.%Y %H:%M") in page
    revoked_only = html(client.get(reverse("roles:history"), {"q": "history@", "status": "revoked"}))
    assert "<td>Реципиент" in revoked_only and "<td>Автор практики" not in revoked_only


def test_f_role_2_list_filters_by_role_region_and_user(client, asi_moderator, coordinator, coordinator_of_other_region,
                                                       author, region_a, region_b):
    client.force_login(asi_moderator)
    url = reverse("roles:list")
    by_region = html(client.get(url, {"region": region_b.pk}))
    assert coordinator_of_other_region.email in by_region and coordinator.email not in by_region
    by_role = html(client.get(url, {"role": Role.AUTHOR}))
    assert author.email in by_role and coordinator.email not in by_role
    by_user = html(client.get(url, {"q": "coordinator-b"}))
    assert coordinator_of_other_region.email in by_user and author.email not in by_user


def test_f_role_2_last_asi_moderator_cannot_be_revoked(asi_moderator):
    grant = RoleGrant.objects.get(user=asi_moderator)
    with pytest.raises(ValidationError, match="последнего модератора АСИ"):
        services.revoke_role(grant, by=asi_moderator)
    other = factories.UserFactory()
    services.grant_role(other, Role.ASI_MODERATOR, by=asi_moderator)
    services.revoke_role(grant, by=other)
    assert not has_role(type(asi_moderator).objects.get(pk=asi_moderator.pk), Role.ASI_MODERATOR)


def test_f_role_2_service_invalidates_the_request_cache_of_grants(asi_moderator, region_a):
    user = factories.UserFactory()
    assert not has_role(user, Role.AUTHOR)  # cached on the object, as for one request
    grant = services.grant_role(user, Role.AUTHOR, by=asi_moderator, region=region_a)
    assert has_role(user, Role.AUTHOR, region=region_a)
    grant.user = user
    services.revoke_role(grant, by=asi_moderator)
    assert not has_role(user, Role.AUTHOR)


# --- F-ROLE-2 through the Django admin


def test_f_role_2_admin_grant_records_granted_by_and_admin_action_revokes(client, region_a):
    admin_user = factories.UserFactory(email="admin@example.ru", is_staff=True, is_superuser=True)
    user = factories.UserFactory(email="via-admin@example.ru")
    client.force_login(admin_user)
    response = client.post(reverse("admin:roles_rolegrant_add"), {
        "user": user.pk, "role": Role.COORDINATOR, "region": region_a.pk, "comment": "Приказ",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = RoleGrant.objects.get(user=user)
    assert grant.granted_by == admin_user
    # a second identical grant in the admin is refused at the form, not by a database error
    response = client.post(reverse("admin:roles_rolegrant_add"), {
        "user": user.pk, "role": Role.COORDINATOR, "region": region_a.pk,
    })
    assert response.status_code == 200
    assert "уже есть действующая роль" in html(response)
    client.post(reverse("admin:roles_rolegrant_changelist"), {
        "action": "revoke_selected", "_selected_action": [grant.pk],
    })
    grant.refresh_from_db()
    assert grant.revoked_by == admin_user and grant.revoked_at is not None
    assert not has_role(user, Role.COORDINATOR)


# --- STYLE 8: a permission matrix — every role but the ASI moderator, against every roles action

ROLE_FIXTURES = [
    "author", "coordinator", "coordinator_of_other_region", "expert_moderator",
    "expert_moderator_of_other_category", "expert", "implementation_moderator", "rating_committee",
    "recipient", "outsider", "fd_curator", "partner",
]
# the rules this matrix covers (tests/smarteka/test_rule_coverage.py): the roles pages and services ask them
COVERED_ACTIONS = {"grant_roles", "view_role_history", "unlock_logins"}


@pytest.fixture
def expert(experts):
    return experts[0]


@pytest.fixture
def fd_curator(region_b):
    user = factories.UserFactory(email="curator@example.ru", region=region_b)
    factories.grant(user, Role.FD_CURATOR, federal_district=region_b.federal_district)
    return user


@pytest.fixture
def partner(db):
    user = factories.UserFactory(email="partner@example.ru", region=None)
    factories.grant(user, Role.PARTNER)
    return user


@pytest.fixture
def some_grant(asi_moderator, region_a):
    return factories.grant(factories.UserFactory(email="target@example.ru"), Role.AUTHOR, region=region_a)


def _requests(grant, region):
    return [
        ("get", reverse("roles:list"), None),
        ("get", reverse("roles:grant"), None),
        ("post", reverse("roles:grant"), {"user": "target@example.ru", "role": Role.COORDINATOR, "region": region.pk}),
        ("get", reverse("roles:revoke", args=[grant.pk]), None),
        ("post", reverse("roles:revoke", args=[grant.pk]), {"reason": "—"}),
        ("get", reverse("roles:history"), None),
        ("get", reverse("roles:user_search"), {"user": "target"}),
        # login lockouts (issue 15 item 3); tests/smarteka/test_ratelimit.py has one actually locked
        ("get", reverse("roles:lockouts"), None),
        ("post", reverse("roles:lockout_unlock"), {"kind": "account", "username": "target@example.ru"}),
    ]


@pytest.mark.parametrize("who", ROLE_FIXTURES)
def test_f_role_2_only_the_asi_moderator_reaches_roles_pages(request, client, who, some_grant, region_a):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for method, url, data in _requests(some_grant, region_a):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (who, method, url)
    some_grant.refresh_from_db()
    assert some_grant.is_active
    assert RoleGrant.objects.filter(user=some_grant.user).count() == 1


@pytest.mark.parametrize("who", ROLE_FIXTURES)
def test_f_role_2_services_refuse_everyone_but_the_asi_moderator(request, who, some_grant, region_a):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.grant_role(some_grant.user, Role.COORDINATOR, by=user, region=region_a)
    with pytest.raises(PermissionDenied):
        services.grant_role(user, Role.ASI_MODERATOR, by=user)
    with pytest.raises(PermissionDenied):
        services.revoke_role(some_grant, by=user)
    some_grant.refresh_from_db()
    assert some_grant.is_active
    assert not has_role(user, Role.ASI_MODERATOR)
    assert not permissions.can(user, "grant_roles")
    assert not permissions.can(user, "view_role_history")
    assert not permissions.can(user, "unlock_logins")
    with pytest.raises(PermissionDenied):
        lockout.unlock("account", by=user, username=some_grant.user.email)


def test_f_role_2_asi_moderator_reaches_every_roles_page(client, asi_moderator, some_grant, region_a):
    client.force_login(asi_moderator)
    for method, url, data in _requests(some_grant, region_a):
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), (method, url)
    some_grant.refresh_from_db()
    assert not some_grant.is_active
    assert RoleGrant.objects.active().filter(user=some_grant.user, role=Role.COORDINATOR).exists()


def test_f_role_2_anonymous_visitor_is_sent_to_login(client, some_grant, settings):
    settings.LOGIN_URL = "/login/"
    for url in (reverse("roles:list"), reverse("roles:history"), reverse("roles:revoke", args=[some_grant.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_f_role_2_menu_link_only_for_who_may_grant(client, asi_moderator, coordinator):
    client.force_login(asi_moderator)
    assert "Роли и назначения" in html(client.get(reverse("home")))
    client.force_login(coordinator)
    assert "Роли и назначения" not in html(client.get(reverse("home")))


# --- the permission module


def test_f_role_1_unknown_action_raises_loudly(coordinator):
    with pytest.raises(permissions.UnknownAction):
        permissions.can(coordinator, "grant_rolez")
    with pytest.raises(KeyError):
        permissions.can(AnonymousUser(), "no_such_action")
    request = RequestFactory().get("/")
    request.user = coordinator
    with pytest.raises(permissions.UnknownAction):
        Template('{% load smarteka %}{% can "no_such_action" as x %}').render(Context({"request": request}))


def test_f_role_1_allowed_actions_tag_answers_several_actions(asi_moderator, coordinator):
    template = Template('{% load smarteka %}{% allowed_actions "grant_roles" "view_role_history" as allowed %}'
                        '{% if allowed.grant_roles %}G{% endif %}{% if allowed.view_role_history %}H{% endif %}')
    for user, expected in ((asi_moderator, "GH"), (coordinator, "")):
        request = RequestFactory().get("/")
        request.user = user
        assert template.render(Context({"request": request})) == expected


# --- F-ROLE-1: object grants through django-guardian


def test_f_role_1_object_grant_is_per_object_and_per_user(asi_moderator, region_a, region_b):
    member, other = factories.UserFactory(), factories.UserFactory()
    assert not objects.has_object(member, "change_region", region_a)
    objects.grant_object(member, "regions.change_region", region_a, by=asi_moderator)
    assert objects.has_object(member, "change_region", region_a)
    assert objects.has_object(member, "regions.change_region", region_a)
    assert permissions.has_object(member, "change_region", region_a)
    assert not objects.has_object(member, "change_region", region_b)
    assert not objects.has_object(member, "delete_region", region_a)
    assert not objects.has_object(other, "change_region", region_a)
    assert list(objects.objects_for(member, "change_region", type(region_a).objects.all())) == [region_a]
    assert list(objects.users_with_object("change_region", region_a)) == [member]
    objects.grant_object(member, "change_region", region_a, by=asi_moderator)  # idempotent
    objects.revoke_object(member, "change_region", region_a, by=asi_moderator)
    assert not objects.has_object(member, "change_region", region_a)


def test_f_role_1_object_grant_is_not_implied_by_superuser_or_inactive(asi_moderator, region_a):
    superuser = factories.UserFactory(is_superuser=True, is_staff=True)
    assert not objects.has_object(superuser, "change_region", region_a)
    member = factories.UserFactory()
    objects.grant_object(member, "change_region", region_a, by=asi_moderator)
    member.is_active = False
    assert not objects.has_object(member, "change_region", region_a)
    assert not objects.has_object(AnonymousUser(), "change_region", region_a)


def test_f_role_1_object_grant_can_ask_the_callers_rule(coordinator, region_a):
    with pytest.raises(PermissionDenied):
        objects.grant_object(factories.UserFactory(), "change_region", region_a, by=coordinator,
                             action="grant_roles")
