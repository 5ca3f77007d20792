from django import forms
from django.utils import timezone

from regions.models import (
    QOL_DIRECTION_ONLY,
    QOL_DIRECTION_REQUIRED,
    QOL_REASONS,
    CoordinatorAppointment,
    LeaderReason,
    Region,
)
from smarteka.accounts.models import User


class CoordinatorAppointmentForm(forms.ModelForm):
    """F-ACC-6 (2.2.3.1): ФИО, должность, телефон, e-mail and the platform profile. Fields left empty
    are taken from the linked profile."""

    class Meta:
        model = CoordinatorAppointment
        fields = ["user", "full_name", "position", "phone", "email", "appointed_at", "basis", "basis_document"]
        widgets = {"appointed_at": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "user": "Если координатор зарегистрирован на платформе, выберите его профиль: он получит роль "
                    "регионального координатора. Пустые поля ниже заполнятся из профиля.",
            "basis": "Например: распоряжение Губернатора от 01.02.2026 № 15-р",
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["user"].queryset = User.objects.filter(region=region, is_active=True).order_by(
            "last_name", "first_name")
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} — {u.position} ({u.email})"
        self.fields["user"].empty_label = "— не зарегистрирован на платформе —"
        self.fields["appointed_at"].initial = timezone.localdate()
        for name in ("full_name", "position", "phone", "email"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None:
            fallback = {"full_name": user.full_name, "position": user.position,
                        "phone": user.work_phone or user.mobile_phone, "email": user.email}
            for name, value in fallback.items():
                if not data.get(name) and value:
                    data[name] = value
        for name in ("full_name", "position", "phone", "email"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, "Обязательное поле." + (" В профиле оно тоже не заполнено." if user else ""))
        current = self.region.current_coordinator
        appointed_at = data.get("appointed_at")
        if current and appointed_at and appointed_at < current.appointed_at:
            self.add_error("appointed_at", "Дата назначения не может быть раньше назначения действующего "
                                           f"координатора ({current.appointed_at:%d.%m.%Y}).")
        return data


class RegionHeadForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["head_name", "head_position"]
        help_texts = {"head_position": "Например: Губернатор Амурской области"}


class TeamMemberForm(forms.Form):
    full_name = forms.CharField(label="ФИО", max_length=300)
    position = forms.CharField(label="Должность", max_length=300)
    order = forms.IntegerField(label="Порядок", min_value=0, required=False)


TeamFormSet = forms.formset_factory(TeamMemberForm, extra=3, can_delete=True)


def year_choices():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this + 1, 2019, -1)]


class LeaderEntryForm(forms.Form):
    """F-REF-4: one region, one year, one ground of 3.1.1; the QoL direction for the QoL grounds."""

    year = forms.TypedChoiceField(label="Год", coerce=int, choices=year_choices)
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.order_by("name"))
    reason = forms.ChoiceField(label="Основание (п. 3.1.1 Регламента)", choices=LeaderReason.choices)
    direction = forms.CharField(
        label="Направление (фактор) Рейтинга качества жизни", max_length=200, required=False,
        help_text="Обязательно для лидеров и лидеров роста Рейтинга качества жизни.",
    )

    def clean(self):
        data = super().clean()
        reason, direction = data.get("reason"), (data.get("direction") or "").strip()
        if reason in QOL_REASONS and not direction:
            self.add_error("direction", QOL_DIRECTION_REQUIRED)
        elif reason and reason not in QOL_REASONS and direction:
            self.add_error("direction", QOL_DIRECTION_ONLY)
        return data
