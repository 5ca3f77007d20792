from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

from smarteka.accounts.services import search_users
from smarteka.roles.models import SCOPE_FIELDS, Role, scope_field

USER_HELP = "Введите e-mail или фамилию, имя и отчество и выберите пользователя из подсказки."


def _regions():
    return apps.get_model("regions", "Region").objects.order_by("name")


def _categories():
    return (apps.get_model("practices", "Category").objects
            .filter(category_set__is_current=True, is_unknown=False).order_by("order", "name"))


def _districts():
    return apps.get_model("regions", "FederalDistrict").objects.all()


class GrantRoleForm(forms.Form):
    """F-ROLE-2: who gets which role in which scope, and on what basis."""

    user = forms.CharField(label="Пользователь", max_length=254, help_text=USER_HELP,
                           error_messages={"required": "Укажите пользователя."})
    role = forms.ChoiceField(label="Роль", choices=[("", "— выберите роль —"), *Role.choices],
                             error_messages={"required": "Выберите роль.",
                                             "invalid_choice": "Выберите роль из списка."})
    region = forms.ModelChoiceField(label="Регион", queryset=None, required=False, empty_label="— выберите регион —",
                                    help_text="Для автора практики, регионального координатора и реципиента.")
    category = forms.ModelChoiceField(label="Категория", queryset=None, required=False,
                                      empty_label="— выберите категорию —",
                                      help_text="Для эксперта-модератора и эксперта.")
    federal_district = forms.ModelChoiceField(label="Федеральный округ", queryset=None, required=False,
                                              empty_label="— выберите федеральный округ —",
                                              help_text="Для куратора ФО.")
    comment = forms.CharField(label="Основание", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Например: приказ, письмо региона, решение АСИ.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["category"].queryset = _categories()
        self.fields["federal_district"].queryset = _districts()
        for name in SCOPE_FIELDS:
            self.fields[name].error_messages["invalid_choice"] = "Выберите значение из списка."
        self.fields["user"].widget.attrs.update({"list": "user-suggestions", "autocomplete": "off"})

    def clean_user(self):
        query = self.cleaned_data["user"].strip()
        if "@" in query:
            found = list(search_users("").filter(email__iexact=query)[:1])
            if not found:
                raise forms.ValidationError(f"Пользователь с e-mail «{query}» не найден.")
            return found[0]
        found = list(search_users(query)[:6])
        if not found:
            raise forms.ValidationError(f"Пользователь «{query}» не найден. Введите e-mail или ФИО.")
        if len(found) > 1:
            names = "; ".join(f"{u.full_name or u.email} ({u.email})" for u in found[:5])
            more = " и другие" if len(found) > 5 else ""
            raise forms.ValidationError(
                f"Найдено несколько пользователей: {names}{more}. Уточните запрос или введите e-mail.")
        return found[0]

    def clean(self):
        cleaned = super().clean()
        # Only the scope the chosen role needs is kept: a value left in a hidden field is dropped.
        needed = scope_field(cleaned.get("role"))
        for name in SCOPE_FIELDS:
            if name != needed:
                cleaned[name] = None
        return cleaned

    def scope_kwargs(self):
        return {name: self.cleaned_data.get(name) for name in SCOPE_FIELDS}


class RevokeRoleForm(forms.Form):
    reason = forms.CharField(label="Причина снятия", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Например: перевод на другую должность, письмо региона.")


class GrantFilterForm(forms.Form):
    """Filters of the grants list and the history (GET, every field optional)."""

    show_error_summary = False  # a filter, not a form to save: its errors stay at the field

    q = forms.CharField(label="Пользователь", required=False,
                        widget=forms.TextInput(attrs={"placeholder": "E-mail или ФИО"}))
    role = forms.ChoiceField(label="Роль", required=False, choices=[("", "Все роли"), *Role.choices])
    region = forms.ModelChoiceField(label="Регион", queryset=None, required=False, empty_label="Все регионы")
    category = forms.ModelChoiceField(label="Категория", queryset=None, required=False,
                                      empty_label="Все категории")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions()
        self.fields["category"].queryset = _categories()

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(user__in=search_users(data["q"], get_user_model().objects.all()))
        if data.get("role"):
            queryset = queryset.filter(role=data["role"])
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        return queryset


class HistoryFilterForm(GrantFilterForm):
    status = forms.ChoiceField(label="Состояние", required=False,
                               choices=[("", "Все"), ("active", "Действует"), ("revoked", "Снята")])

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.is_valid():
            if self.cleaned_data.get("status") == "active":
                queryset = queryset.active()
            elif self.cleaned_data.get("status") == "revoked":
                queryset = queryset.revoked()
        return queryset
