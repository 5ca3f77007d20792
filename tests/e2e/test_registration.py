"""F-ACC-1 → F-ACC-2 → F-ACC-3 in a browser: register, confirm the e-mail from the link in the
letter, fill the profile with a photo, ask for passport access."""

import re

from django.core import mail

from smarteka.accounts.models import AccessRequest, AccessRequestStatus, User
from tests import factories
from tests.e2e.helpers import image_width


def test_f_acc_1_2_3_register_confirm_fill_profile_and_ask_for_passport_access(live_server, page, shot,
                                                                             transactional_db):
    region = factories.region("28", "Амурская область")
    org_type = factories.author_org_type()
    mail.outbox.clear()

    page.goto(live_server.url + "/")
    page.click("#nav-register")
    page.locator("#id_email").fill("smirnova@example.ru")
    page.locator("#id_password1").fill("Smarteka-E2E-2026!")
    page.locator("#id_password2").fill("Smarteka-E2E-2026!")
    page.locator("#id_last_name").fill("Смирнова")
    page.locator("#id_first_name").fill("Елена")
    page.locator("#id_middle_name").fill("Викторовна")
    page.get_by_label("Я принимаю правила пользования платформой «Смартека»").check()
    page.get_by_label("Я даю согласие на обработку персональных данных", exact=True).check()
    shot("register-one-consent-missing")
    page.get_by_role("button", name="Зарегистрироваться").click()
    # the third consent is missing: refused at the field, the typed data kept
    assert page.locator("#id_consent_distribution_error").inner_text().startswith(
        "Без согласия на обработку персональных данных, разрешенных для распространения")
    assert page.locator("#id_last_name").input_value() == "Смирнова"
    shot("register-refused-at-the-field")
    page.locator("#id_password1").fill("Smarteka-E2E-2026!")
    page.locator("#id_password2").fill("Smarteka-E2E-2026!")
    page.get_by_label(re.compile("разрешенных для распространения")).check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_role("heading", name="Проверьте почту").wait_for()
    shot("check-your-mail")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["smirnova@example.ru"]
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.get_by_text("Адрес электронной почты подтверждён").wait_for()
    assert "Профиль не заполнен" in page.locator("#profile-state").inner_text()
    shot("verified-profile-incomplete")

    page.click("#profile-edit-link")
    page.locator("#id_region").select_option(label=region.name)
    page.locator("#id_organisation_type").select_option(label=org_type.name)
    page.locator("#id_organisation_name").fill("Министерство экономического развития Амурской области")
    page.locator("#id_position").fill("Начальник отдела проектной деятельности")
    page.locator("#id_work_phone").fill("+7 (4162) 20-00-00")
    page.locator("#id_mobile_phone").fill("+7 (914) 555-66-77")
    page.locator("#id_photo").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": factories.image_bytes(fmt="PNG")})
    shot("profile-filled")
    page.get_by_role("button", name="Сохранить профиль").click()
    page.get_by_text("Профиль сохранён.").wait_for()
    assert page.locator("#profile-state").inner_text().strip() == "Профиль заполнен"
    assert image_width(page, "#profile-photo") == 200
    shot("profile-complete")

    page.click("#nav-profile")
    page.locator(".dropdown-menu").get_by_role("link", name="Доступ к паспорту").click()
    page.get_by_role("button", name="Запросить доступ к паспорту").click()
    page.get_by_text("Заявка на доступ к заполнению паспорта практики отправлена").wait_for()
    assert "Ожидает проверки региональным координатором" in page.locator("#my-access-requests").inner_text()
    assert "на рассмотрении" in page.locator("#access-pending").inner_text()
    shot("access-requested")

    user = User.objects.get(email="smirnova@example.ru")
    assert user.is_active and user.email_verified_at and user.is_profile_complete
    assert AccessRequest.objects.get(user=user).status == AccessRequestStatus.REQUESTED

    # F-ACC-3 onwards: the coordinator of the region verifies, the ASI moderator grants
    from django.utils import timezone

    from regions.models import LeaderReason, LeaderRegistryEntry
    from smarteka.roles.models import Role, RoleGrant

    LeaderRegistryEntry.objects.create(region=region, year=timezone.localdate().year,
                                       reason=LeaderReason.QOL_TOP10, direction="Здравоохранение")
    coordinator = factories.UserFactory(email="coord-e2e@example.ru", region=region, last_name="Петров")
    factories.grant(coordinator, Role.COORDINATOR, region=region)
    asi = factories.UserFactory(email="asi-e2e@example.ru", region=None, last_name="Орлова")
    factories.grant(asi, Role.ASI_MODERATOR)

    def login_as(email):
        page.click("#nav-profile")
        page.click("#nav-logout")
        page.click("#nav-login")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill("Smarteka-2026!")
        page.get_by_role("button", name="Войти").click()
        page.goto(live_server.url + "/accounts/access/queue/")

    login_as("coord-e2e@example.ru")
    assert "Смирнова Елена Викторовна" in page.locator("#coordinator-queue").inner_text()
    shot("coordinator-queue")
    page.get_by_role("button", name="Подтвердить").click()
    page.get_by_text("Заявка подтверждена и передана модератору АСИ.").wait_for()

    login_as("asi-e2e@example.ru")
    row = page.locator("#asi-queue")
    assert "Регион-лидер" in row.inner_text() and "Тип организации может быть автором" in row.inner_text()
    shot("asi-queue-with-leader-status")
    page.get_by_role("button", name="Предоставить доступ").click()
    page.get_by_text("Доступ к заполнению паспорта практики предоставлен.").wait_for()
    shot("access-granted")
    assert RoleGrant.objects.active().get(user=user, role=Role.AUTHOR, region=region).granted_by == asi
