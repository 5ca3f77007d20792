from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from smarteka.accounts.models import ConsentKind, ConsentText
from smarteka.accounts.validators import (
    normalize_name,
    photo_extension,
    validate_cyrillic_name,
    validate_phone,
    validate_photo,
)

User = get_user_model()

CONSENT_FIELDS = {
    ConsentKind.TERMS: ("consent_terms", "Я принимаю правила пользования платформой «Смартека»",
                        "Без согласия с правилами пользования регистрация невозможна."),
    ConsentKind.PERSONAL_DATA: ("consent_personal_data", "Я даю согласие на обработку персональных данных",
                                "Без согласия на обработку персональных данных регистрация невозможна."),
    ConsentKind.DISTRIBUTION: (
        "consent_distribution",
        "Я даю согласие на обработку персональных данных, разрешенных для распространения",
        "Без согласия на обработку персональных данных, разрешенных для распространения, регистрация невозможна.",
    ),
}


class CyrillicNameField(forms.CharField):
    default_validators = [validate_cyrillic_name]

    def to_python(self, value):
        return normalize_name(super().to_python(value))


class RegistrationForm(forms.Form):
    """F-ACC-1: e-mail, password twice, ФИО and the three consents of 4.1.2."""

    email = forms.EmailField(label="Электронная почта", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                             help_text="На этот адрес придёт письмо со ссылкой для подтверждения.")
    password1 = forms.CharField(label="Пароль", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label="Пароль ещё раз", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    last_name = CyrillicNameField(label="Фамилия", max_length=150)
    first_name = CyrillicNameField(label="Имя", max_length=150)
    middle_name = CyrillicNameField(label="Отчество", max_length=150, required=False,
                                    help_text="Если есть. ФИО — русскими буквами.")
    consent_terms = forms.BooleanField()
    consent_personal_data = forms.BooleanField()
    consent_distribution = forms.BooleanField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_texts = {}
        for kind, (name, label, required_message) in CONSENT_FIELDS.items():
            text = ConsentText.current(kind)
            field = self.fields[name]
            field.label = label
            field.error_messages["required"] = required_message
            field.consent_text = text
            self.consent_texts[name] = text

    def consent_fields(self):
        return [(self[name], self.consent_texts[name]) for name, *_ in CONSENT_FIELDS.values()]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                "Пользователь с таким адресом электронной почты уже зарегистрирован. Войдите или "
                "восстановите пароль; если письмо не пришло — запросите его повторно.",
                code="duplicate",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Пароли не совпадают.")
        elif p1:
            probe = User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""),
                         last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail; an account whose e-mail is not confirmed yet gets its own message (F-ACC-1)."""

    error_messages = {
        "invalid_login": "Неверный адрес электронной почты или пароль.",
        "inactive": "Учётная запись отключена. Обратитесь в техническую поддержку.",
        "unverified": "Адрес электронной почты ещё не подтверждён. Перейдите по ссылке из письма, "
                      "которое мы отправили при регистрации, или запросите новое письмо.",
    }

    unverified_email = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Электронная почта"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})

    def clean(self):
        """The password is checked by ``authenticate()`` first, so a locked-out client learns nothing
        (issue 15 item 3: django-axes refuses it there); only then an unconfirmed account is told apart."""
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        self.cleaned_data["username"] = email
        try:
            return super().clean()
        except ValidationError:
            if email and password and not getattr(self.request, "axes_locked_out", False):
                user = User.objects.filter(email__iexact=email).first()
                if (user is not None and not user.is_active and user.email_verified_at is None
                        and user.check_password(password)):
                    self.unverified_email = user.email
                    raise ValidationError(self.error_messages["unverified"], code="unverified")
            raise


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label="Электронная почта", max_length=254)


class RussianPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(label="Электронная почта", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class RussianSetPasswordForm(SetPasswordForm):
    pass


class ProfileForm(forms.ModelForm):
    """F-ACC-2: every profile field; e-mail read-only; the photo checked by content."""

    last_name = CyrillicNameField(label="Фамилия", max_length=150)
    first_name = CyrillicNameField(label="Имя", max_length=150)
    middle_name = CyrillicNameField(label="Отчество", max_length=150, required=False)
    email = forms.EmailField(label="Электронная почта", disabled=True, required=False,
                             help_text="Адрес, подтверждённый при регистрации; изменить его нельзя.")
    work_phone = forms.CharField(label="Рабочий телефон", max_length=40, required=False,
                                 validators=[validate_phone])
    mobile_phone = forms.CharField(label="Мобильный телефон", max_length=40, required=False,
                                   validators=[validate_phone])
    photo = forms.FileField(
        label="Фотография", required=False, validators=[validate_photo],
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text="Изображение в формате JPG или PNG, не более 20 МБ. Файл проверяется по содержимому.",
    )
    pending_photo = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ["last_name", "first_name", "middle_name", "email", "organisation_type", "organisation_name",
                  "region", "position", "is_head", "work_phone", "mobile_phone", "photo"]
        help_texts = {
            "organisation_name": "Полное наименование органа власти или организации.",
            "region": "Регион, в котором вы работаете: от него зависит, кто проверит заявку на доступ к паспорту.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_type", "region"):
            self.fields[name].empty_label = "— выберите —"

    @property
    def new_photo(self):
        value = getattr(self, "cleaned_data", {}).get("photo")
        return value if isinstance(value, UploadedFile) else None

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            photo.name = f"photo.{photo_extension(photo)}"
        return photo
