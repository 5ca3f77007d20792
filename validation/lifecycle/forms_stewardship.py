"""Forms of author replacement (4.1.11), recovery (4.1.13) and contacts (4.1.12): Russian errors at the field,
nothing typed lost on error."""

from django import forms
from django.contrib.auth import get_user_model

from practices.models import Practice
from validation.lifecycle.contacts import MANUAL_REASONS, regions_with_coordinators
from validation.lifecycle.permissions_stewardship import PLACED_STATES


class ReplacementRequestForm(forms.Form):
    """4.1.11: the new author's profile on the platform, a contact phone number and the reason. The new author
    is picked (a radio button in the page's list of found users) from the search ``q``."""

    q = forms.CharField(required=False, widget=forms.HiddenInput)
    new_author = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True, email_verified_at__isnull=False),
        label="Новый автор", error_messages={
            "required": "Выберите нового автора — зарегистрированного пользователя платформы.",
            "invalid_choice": "Выберите нового автора из найденных пользователей."})
    phone = forms.CharField(label="Контактный номер телефона нового автора", max_length=40,
                            error_messages={"required": "Укажите контактный номер телефона нового автора."})
    reason = forms.CharField(label="Причина смены автора", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Укажите причину смены автора."})


class DecisionForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    comment = forms.CharField(label="Причина отказа", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Укажите причину отказа в замене автора."})


class RestoreForm(forms.Form):
    comment = forms.CharField(label="Причина восстановления", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Укажите причину восстановления практики."})


class SilenceForm(forms.Form):
    since = forms.DateField(label="Когда направлено обращение автору", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "Укажите дату обращения к автору.",
                                            "invalid": "Введите дату в формате ДД.ММ.ГГГГ."})
    comment = forms.CharField(label="Как обращались к автору (телефон, почта) и о чём",
                              widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Опишите, как и когда вы обращались к автору."})


class AnsweredForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContactRequestForm(forms.Form):
    """4.1.12: the ASI moderator asks a region's coordinator (14 working days)."""

    region = forms.ModelChoiceField(queryset=None, label="Регион", empty_label="— выберите регион —",
                                    error_messages={"required": "Выберите регион.",
                                                    "invalid_choice": "Выберите регион из списка."})
    reason = forms.ChoiceField(label="Основание (п. 4.1.12 Регламента)", widget=forms.RadioSelect,
                               choices=[(r.value, r.label[:1].upper() + r.label[1:]) for r in MANUAL_REASONS],
                               error_messages={"required": "Выберите основание из п. 4.1.12 Регламента."})
    practice = forms.ModelChoiceField(queryset=None, label="Практика (если запрос о конкретной практике)",
                                      required=False, empty_label="— все практики региона —",
                                      error_messages={"invalid_choice": "Выберите практику из списка."})
    comment = forms.CharField(label="Комментарий координатору", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_with_coordinators()
        self.fields["practice"].queryset = (Practice.objects.filter(state__in=PLACED_STATES)
                                            .select_related("region").order_by("region__name", "title"))
        self.fields["practice"].label_from_instance = lambda p: f"{p.region}: {p}"


class ConfirmContactsForm(forms.Form):
    comment = forms.CharField(label="Комментарий (необязательно)", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
