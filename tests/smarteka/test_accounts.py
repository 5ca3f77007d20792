"""F-ACC-1 (registration, consents, e-mail verification, login, password reset) and
F-ACC-2 (profile, completeness, Cyrillic ФИО, photo checked by content)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smarteka.accounts.models import Consent, ConsentKind, ConsentText, User
from smarteka.accounts.signals import user_registered
from smarteka.accounts.validators import MAX_UPLOAD_BYTES
from tests import factories

PASSWORD = "Smarteka-Reg-2026!"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a callable and the on_commit callbacks it scheduled (mail is sent on commit)."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def registration_data(**overrides):
    data = {
        "email": "Novikova@Example.ru", "password1": PASSWORD, "password2": PASSWORD,
        "last_name": "Новикова", "first_name": "Ольга", "middle_name": "Петровна",
        "consent_terms": "on", "consent_personal_data": "on", "consent_distribution": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_from(message):
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_f_acc_1_registration_sends_link_and_account_activates_only_through_it(client, committed):
    received = []

    def receiver(sender, user, **kwargs):
        received.append(user.email)

    user_registered.connect(receiver)
    try:
        response = committed(client.post, reverse("accounts:register"), registration_data())
        assert response.status_code == 302 and response["Location"] == reverse("accounts:register_done")
        user = User.objects.get(email="novikova@example.ru")
        assert not user.is_active and user.email_verified_at is None
        assert received == []

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["novikova@example.ru"]
        assert "Подтвердите адрес электронной почты" in message.subject
        assert "Здравствуйте, Ольга!" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and "Подтвердить адрес" in html
        link = link_from(message)
        assert link in html

        # a forged token does nothing
        bad = client.get(reverse("accounts:verify_email", args=["forged:token"]))
        assert bad.status_code == 400 and "недействительна" in bad.content.decode()
        assert not User.objects.get(pk=user.pk).is_active

        response = client.get(link.replace("http://testserver", ""))
        assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
        user = User.objects.get(pk=user.pk)
        assert user.is_active and user.email_verified_at is not None
        assert received == ["novikova@example.ru"]
        page = client.get(reverse("accounts:profile")).content.decode()
        assert "Адрес электронной почты подтверждён" in page
        assert "Профиль не заполнен" in page
        # following the link again neither re-sends the signal nor fails
        client.get(link.replace("http://testserver", ""))
        assert received == ["novikova@example.ru"]
    finally:
        user_registered.disconnect(receiver)


@pytest.mark.django_db
def test_f_acc_1_three_consents_stored_with_text_version_time_and_ip(client, committed):
    committed(client.post, reverse("accounts:register"), registration_data())
    user = User.objects.get(email="novikova@example.ru")
    consents = {c.kind: c for c in Consent.objects.filter(user=user)}
    assert set(consents) == {ConsentKind.TERMS, ConsentKind.PERSONAL_DATA, ConsentKind.DISTRIBUTION}
    for kind, consent in consents.items():
        assert consent.text_version == "2025-1"
        assert consent.text == ConsentText.objects.get(kind=kind, is_current=True)
        assert consent.accepted_at is not None
        assert consent.ip == "127.0.0.1"


@pytest.mark.django_db
def test_f_acc_1_a_new_consent_text_version_is_what_new_users_accept(client, committed):
    old = ConsentText.current(ConsentKind.PERSONAL_DATA)
    old.is_current = False
    old.save()
    ConsentText.objects.create(kind=ConsentKind.PERSONAL_DATA, version="2026-1", title="Согласие",
                               text="Новая редакция согласия.")
    committed(client.post, reverse("accounts:register"), registration_data())
    consent = Consent.objects.get(user__email="novikova@example.ru", kind=ConsentKind.PERSONAL_DATA)
    assert consent.text_version == "2026-1"
    assert "Новая редакция согласия." in client.get(reverse("accounts:register")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("missing, message", [
    ("consent_terms", "Без согласия с правилами пользования регистрация невозможна."),
    ("consent_personal_data", "Без согласия на обработку персональных данных регистрация невозможна."),
    ("consent_distribution", "Без согласия на обработку персональных данных, разрешенных для распространения"),
])
def test_f_acc_1_each_consent_is_required_and_typed_data_is_kept(client, missing, message):
    response = client.post(reverse("accounts:register"), registration_data(**{missing: None}))
    assert response.status_code == 200
    assert message in response.context["form"].errors[missing][0]
    html = response.content.decode()
    assert message in html
    assert 'value="Новикова"' in html and 'value="Novikova@Example.ru"' in html
    others = {"consent_terms", "consent_personal_data", "consent_distribution"} - {missing}
    for name in others:
        assert re.search(rf'name="{name}" id="id_{name}" checked', html)
    assert not User.objects.filter(email="novikova@example.ru").exists()
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_f_acc_1_registration_refuses_latin_fio_mismatched_passwords_and_taken_email(client):
    factories.UserFactory(email="taken@example.ru")
    response = client.post(reverse("accounts:register"), registration_data(
        email="taken@example.ru", last_name="Novikova", password2="другой-пароль"))
    errors = response.context["form"].errors
    assert "уже зарегистрирован" in errors["email"][0]
    assert errors["last_name"] == ["Допустимы только русские буквы, дефис и пробел (например, «Петрова-Водкина»)."]
    assert errors["password2"] == ["Пароли не совпадают."]


@pytest.mark.django_db
def test_f_acc_1_login_refused_before_verification_with_a_resend_link(client, committed):
    committed(client.post, reverse("accounts:register"), registration_data())
    response = client.post(reverse("accounts:login"), {"username": "novikova@example.ru", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Адрес электронной почты ещё не подтверждён" in html
    assert reverse("accounts:resend_verification") + "?email=novikova%40example.ru" in html
    assert "_auth_user_id" not in client.session

    # the resend page sends a fresh working link
    mail.outbox.clear()
    committed(client.post, reverse("accounts:resend_verification"), {"email": "novikova@example.ru"})
    assert len(mail.outbox) == 1
    client.get(link_from(mail.outbox[0]).replace("http://testserver", ""))
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:login"), {"username": "Novikova@Example.ru", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="novikova@example.ru").pk)


@pytest.mark.django_db
def test_f_acc_1_wrong_password_gets_a_russian_message(client):
    factories.UserFactory(email="ivanov@example.ru")
    response = client.post(reverse("accounts:login"), {"username": "ivanov@example.ru", "password": "нет"})
    assert "Неверный адрес электронной почты или пароль." in response.content.decode()


@pytest.mark.django_db
def test_f_acc_1_expired_link_is_refused(client, committed):
    import time_machine

    committed(client.post, reverse("accounts:register"), registration_data())
    link = link_from(mail.outbox[0]).replace("http://testserver", "")
    with time_machine.travel("2099-01-01"):
        response = client.get(link)
    assert response.status_code == 400
    assert "Срок действия ссылки истёк" in response.content.decode()
    assert not User.objects.get(email="novikova@example.ru").is_active


@pytest.mark.django_db
def test_f_acc_1_password_reset_mail_in_russian_sets_a_new_password(client):
    factories.UserFactory(email="ivanov@example.ru")
    response = client.post(reverse("accounts:password_reset"), {"email": "ivanov@example.ru"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Восстановление пароля — Смартека"
    assert "Чтобы задать новый пароль, перейдите по ссылке" in message.body
    assert "Задать новый пароль" in message.alternatives[0][0]
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)
    response = client.get(path, follow=True)
    assert "Задайте новый пароль" in response.content.decode()
    new = "Novyi-Parol-2026!"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    response = client.post(reverse("accounts:login"), {"username": "ivanov@example.ru", "password": new})
    assert response.status_code == 302  # the login page (django-axes needs the request: issue 15 item 3)


@pytest.mark.django_db
def test_f_acc_1_header_menus_and_logout_by_post_only(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in html and "Войти" in html
    assert f'href="{reverse("accounts:register")}"' in html and "Регистрация" in html
    user = factories.UserFactory()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    for text in ("Профиль", "Доступ к паспорту", "Выйти"):
        assert text in html
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in html
    response = client.get(reverse("accounts:logout"))  # a GET asks, it never logs out (issue 14, item 8)
    assert response.status_code == 200 and "Выйти из Смартеки?" in response.content.decode()
    assert "_auth_user_id" in client.session
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


# --- F-ACC-2 profile


def profile_data(user, **overrides):
    data = {
        "last_name": "Петрова-Водкина", "first_name": "Анна", "middle_name": "Сергеевна",
        "organisation_type": user.organisation_type_id or factories.author_org_type().pk,
        "organisation_name": "Министерство финансов Амурской области",
        "region": factories.region("28", "Амурская область").pk, "position": "Заместитель министра",
        "is_head": "on", "work_phone": "+7 (4162) 22-33-44", "mobile_phone": "+7 914 555-66-77",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_f_acc_2_profile_state_lists_the_missing_fields(client):
    user = factories.UserFactory(middle_name="", work_phone="", photo=None, organisation_type=None)
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Профиль не заполнен:" in html
    assert "не хватает сведений — тип организации, рабочий телефон, фотография." in html
    # a patronymic is not required: not every citizen has one
    assert user.profile_missing() == ["Тип организации", "Рабочий телефон", "Фотография"]
    complete = factories.UserFactory()
    client.force_login(complete)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Профиль заполнен" in html and "Профиль не заполнен" not in html


@pytest.mark.django_db
def test_f_acc_2_profile_edit_saves_every_field_and_keeps_email_read_only(client):
    user = factories.UserFactory(email="petrova@example.ru", photo=None, middle_name="")
    client.force_login(user)
    data = profile_data(user, email="hacker@example.ru")
    data["photo"] = factories.image_upload("me.png", fmt="PNG")
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(pk=user.pk)
    assert user.email == "petrova@example.ru"
    assert (user.last_name, user.middle_name, user.position) == ("Петрова-Водкина", "Сергеевна", "Заместитель министра")
    assert user.is_head and user.work_phone == "+7 (4162) 22-33-44"
    assert user.photo.name.endswith(".png")
    assert user.is_profile_complete
    photo = client.get(reverse("accounts:photo", args=[user.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["Petrova", "Петрова1", "Петрова!", "-Петрова"])
def test_f_acc_2_fio_must_be_cyrillic(client, value):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile_edit"), profile_data(user, last_name=value))
    assert response.status_code == 200
    assert response.context["form"].errors["last_name"] == [
        "Допустимы только русские буквы, дефис и пробел (например, «Петрова-Водкина»)."]
    html = response.content.decode()
    assert f'value="{value}"' in html and 'value="Заместитель министра"' in html
    assert User.objects.get(pk=user.pk).last_name == "Иванов"


@pytest.mark.django_db
def test_f_acc_2_photo_is_checked_by_content_not_by_name(client):
    user = factories.UserFactory()
    old_photo = user.photo.name
    client.force_login(user)
    for name, content in [("photo.jpg", b"this is a text file, not a photo\n"),
                          ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200)]:
        data = profile_data(user, photo=SimpleUploadedFile(name, content, content_type="image/jpeg"))
        response = client.post(reverse("accounts:profile_edit"), data)
        assert response.status_code == 200
        assert response.context["form"].errors["photo"] == [
            "Файл не является изображением. Загрузите фотографию в формате JPG, PNG."]
    gif = SimpleUploadedFile("photo.jpg", factories.image_bytes(fmt="GIF"), content_type="image/jpeg")
    response = client.post(reverse("accounts:profile_edit"), profile_data(user, photo=gif))
    assert "Формат изображения GIF не поддерживается" in response.context["form"].errors["photo"][0]
    assert User.objects.get(pk=user.pk).photo.name == old_photo


@pytest.mark.django_db
def test_f_acc_2_photo_over_20_mb_is_refused(client):
    user = factories.UserFactory()
    client.force_login(user)
    big = factories.image_bytes(fmt="PNG") + b"\x00" * (MAX_UPLOAD_BYTES + 1)
    response = client.post(reverse("accounts:profile_edit"),
                           profile_data(user, photo=SimpleUploadedFile("big.png", big, content_type="image/png")))
    assert response.status_code == 200
    assert response.context["form"].errors["photo"][0].startswith("Файл слишком большой")
    assert "не более 20,0" in response.context["form"].errors["photo"][0]


@pytest.mark.django_db
def test_f_acc_2_valid_photo_is_not_lost_when_another_field_is_invalid(client):
    user = factories.UserFactory(photo=None)
    client.force_login(user)
    data = profile_data(user, first_name="Anna", photo=factories.image_upload("new.png", fmt="PNG"))
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Новая фотография загружена и будет сохранена вместе с профилем" in html
    token = re.search(r'name="pending_photo" value="([^"]+)"', html).group(1)
    assert not User.objects.get(pk=user.pk).photo

    # another user cannot claim the pending photo
    other = factories.UserFactory(photo=None)
    client.force_login(other)
    client.post(reverse("accounts:profile_edit"), profile_data(other, pending_photo=token))
    assert not User.objects.get(pk=other.pk).photo

    client.force_login(user)
    response = client.post(reverse("accounts:profile_edit"), profile_data(user, pending_photo=token))
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.photo.name.startswith("profiles/") and "pending" not in user.photo.name
    assert user.photo.read().startswith(b"\x89PNG")
    assert user.is_profile_complete
