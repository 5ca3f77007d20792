"""Forms of selections (F-TRACK-4) and КСИ sessions (F-TRACK-5); Russian messages at the field."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db.models import Case, Value, When

from practices.models import Practice, PracticeState, Track
from smarteka.files.forms import ContentCheckedFileField
from validation.models import KsiOutcome, KsiSession, Selection
from validation.selections.services import (
    KSI_SESSION_FIELDS,
    RESERVED_SLUGS,
    SELECTION_DOCUMENT_KINDS,
    SELECTION_FIELDS,
)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _users_by_email(text, field_label):
    emails = []
    for line in _lines(text.replace(",", "\n").replace(";", "\n")):
        try:
            validate_email(line)
        except forms.ValidationError:
            raise forms.ValidationError(f"«{line}» — это не адрес электронной почты.") from None
        emails.append(line.lower())
    users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails, is_active=True)}
    unknown = [e for e in emails if e not in users]
    if unknown:
        raise forms.ValidationError(
            f"{field_label}: на платформе нет активных пользователей с адресами {', '.join(unknown)}. "
            "Эксперт сначала регистрируется на платформе (п. 3.2.6).")
    return list(dict.fromkeys(users[e] for e in emails))


def _name_stored_file(field, stored, uploaded):
    """The file field's help says which file is stored (``uploaded``: «Загружено»/«Загружен») and that
    choosing one replaces it."""
    field.help_text = f"{uploaded}: {stored.original_name}. Выберите файл, чтобы заменить. " + field.help_text


class SelectionForm(forms.ModelForm):
    criteria_text = forms.CharField(
        label="Обязательные требования (критерии) комиссии", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Каждое требование — с новой строки (п. 3.2.6).",
        error_messages={"required": "Перечислите обязательные требования (критерии), по одному в строке."},
    )
    experts_text = forms.CharField(
        label="Эксперты отбора", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Адреса электронной почты зарегистрированных пользователей, по одному в строке.",
    )
    regulation_file = ContentCheckedFileField(label="Положение о проведении отбора", required=False,
                                              kinds=SELECTION_DOCUMENT_KINDS)

    class Meta:
        model = Selection
        fields = list(SELECTION_FIELDS)
        widgets = {
            "launch_requested_on": _date_widget(), "intake_from": _date_widget(), "intake_to": _date_widget(),
            "results_on": _date_widget(), "description": forms.Textarea(attrs={"rows": 4}),
            "awards": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "title": {"required": "Укажите название отбора."},
            "initiator": {"required": "Укажите комиссию Госсовета, инициировавшую отбор."},
            "launch_requested_on": {"required": "Укажите дату запроса на запуск отбора.",
                                    "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
            "intake_from": {"required": "Укажите дату начала приёма заявок.",
                            "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
            "intake_to": {"required": "Укажите дату окончания приёма заявок.",
                          "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
            "results_on": {"invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
            "slug": {"invalid": "Адрес страницы: только латинские буквы, цифры, дефис и подчёркивание.",
                     "unique": "Отбор с таким адресом страницы уже есть."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["criteria_text"] = "\n".join(self.instance.criteria)
            self.initial["experts_text"] = "\n".join(self.instance.experts.values_list("email", flat=True))
        if self.instance.regulation_id:
            _name_stored_file(self.fields["regulation_file"], self.instance.regulation, "Загружено")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError("Этот адрес страницы зарезервирован, выберите другой.")
        return slug

    def clean_criteria_text(self):
        criteria = _lines(self.cleaned_data["criteria_text"])
        if not criteria:
            raise forms.ValidationError("Перечислите обязательные требования (критерии), по одному в строке.")
        return criteria

    def clean_experts_text(self):
        return _users_by_email(self.cleaned_data.get("experts_text", ""), "Эксперты отбора")

    def selection_data(self):
        """The cleaned data as ``services.save_selection`` takes it."""
        data = {name: self.cleaned_data[name] for name in SELECTION_FIELDS}
        return {**data, "criteria": self.cleaned_data["criteria_text"], "experts": self.cleaned_data["experts_text"]}


NEW_PRACTICE = "new"


class ApplicationForm(forms.Form):
    """«Подать заявку на отбор»: one of the author's practices, or a new practice on the «Отбор» track."""

    practice = forms.ChoiceField(
        label="Практика", widget=forms.RadioSelect,
        error_messages={"required": "Выберите практику или создайте новую.",
                        "invalid_choice": "Выберите одну из своих практик."})
    new_title = forms.CharField(label="Название новой практики", max_length=110, required=False,
                                help_text="Не более 110 знаков с пробелами. Паспорт заполняется после подачи заявки.")
    confirms_criteria = forms.BooleanField(
        label="Подтверждаю, что заявка соответствует обязательным требованиям (критериям) отбора",
        error_messages={"required": "Подтвердите соответствие заявки обязательным требованиям отбора."})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.practices = list(
            Practice.objects.filter(author=user, selection_application__isnull=True)
            .exclude(state__in=[PracticeState.DELETED, PracticeState.REJECTED, PracticeState.ARCHIVED])
            .order_by("-updated_at"))
        choices = [(str(p.pk), f"{p} · {p.get_state_display()}") for p in self.practices]
        choices.append((NEW_PRACTICE, "Новая практика (трек «Отбор»)"))
        self.fields["practice"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("practice") == NEW_PRACTICE and not (cleaned.get("new_title") or "").strip():
            self.add_error("new_title", "Укажите название новой практики.")
        return cleaned

    def chosen_practice(self):
        value = self.cleaned_data["practice"]
        if value == NEW_PRACTICE:
            return None
        return next(p for p in self.practices if str(p.pk) == value)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение", widget=forms.RadioSelect,
        choices=[("accept", "Принять заявку"), ("refuse", "Отклонить заявку")],
        error_messages={"required": "Выберите решение по заявке."})
    reason = forms.CharField(label="Причина отклонения", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Обязательна при отклонении; автор получит её в уведомлении.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Укажите причину отклонения заявки.")
        return cleaned


class WinnerForm(forms.Form):
    is_winner = forms.BooleanField(label="Победитель отбора", required=False)
    award = forms.CharField(label="Награда", max_length=300, required=False)


class KsiSessionForm(forms.ModelForm):
    participants_text = forms.CharField(
        label="Участники — пользователи платформы", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Адреса электронной почты, по одному в строке.")
    protocol_file = ContentCheckedFileField(label="Протокол заседания", required=False,
                                            kinds=SELECTION_DOCUMENT_KINDS)

    class Meta:
        model = KsiSession
        fields = list(KSI_SESSION_FIELDS)
        widgets = {"date": _date_widget(), "external_participants": forms.Textarea(attrs={"rows": 4}),
                   "notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "date": {"required": "Укажите дату заседания.", "invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
            "title": {"required": "Укажите тему заседания."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["participants_text"] = "\n".join(self.instance.participants.values_list("email", flat=True))
        if self.instance.protocol_id:
            _name_stored_file(self.fields["protocol_file"], self.instance.protocol, "Загружен")

    def clean_participants_text(self):
        return _users_by_email(self.cleaned_data.get("participants_text", ""), "Участники")

    def session_data(self):
        """The cleaned data as ``services.save_ksi_session`` takes it."""
        data = {name: self.cleaned_data[name] for name in KSI_SESSION_FIELDS}
        return {**data, "participants": self.cleaned_data["participants_text"]}


class KsiDecisionForm(forms.Form):
    practice = forms.ModelChoiceField(
        label="Практика", queryset=Practice.objects.none(),
        error_messages={"required": "Выберите практику.", "invalid_choice": "Выберите практику из списка."})
    outcome = forms.ChoiceField(label="Решение", choices=KsiOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Выберите решение: рекомендована или не допущена."})
    reason = forms.CharField(label="Обоснование", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Обязательно, если практика не допущена.")

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        # choice: proposals received from regions (not drafts, not deleted); Agency-request practices first (4.4.9)
        queryset = (Practice.objects.exclude(state__in=[PracticeState.DRAFT, PracticeState.DELETED])
                    .exclude(ksi_decisions__session=session).select_related("region"))
        agency_first = Case(When(track=Track.AGENCY_REQUEST, then=Value(0)), default=Value(1))
        self.fields["practice"].queryset = queryset.order_by(agency_first, "title")
        self.fields["practice"].label_from_instance = (
            lambda p: f"{p} · {p.region.name} · {p.get_track_display()} · {p.get_state_display()}")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == KsiOutcome.NOT_ADMITTED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Укажите причину, по которой практика не допущена.")
        return cleaned
