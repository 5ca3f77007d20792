"""Forms of the review round (F-VAL-3 invitations, F-VAL-4 offline meetings); Russian messages at the field."""

from django import forms
from django.contrib.auth import get_user_model

from experts.models import Outcome
from smarteka.files.forms import ContentCheckedFileField


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.email})"


class InviteForm(forms.Form):
    expert = UserChoiceField(label="Эксперт пула", queryset=get_user_model().objects.none(),
                             error_messages={"required": "Выберите эксперта.",
                                             "invalid_choice": "Выберите эксперта из пула категории."})

    def __init__(self, *args, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if experts is not None:
            self.fields["expert"].queryset = experts


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Дата заседания", widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": "Укажите дату заседания.",
                                              "invalid": "Введите дату в формате ДД.ММ.ГГГГ."})
    place = forms.CharField(label="Место или формат проведения", required=False, max_length=300)


class MeetingMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="Члены заседания", queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Отметьте хотя бы одного эксперта."})

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["members"].queryset = candidates


class MeetingPracticeForm(forms.Form):
    practice = forms.ModelChoiceField(label="Практика", queryset=None,
                                      error_messages={"required": "Выберите практику.",
                                                      "invalid_choice": "Выберите практику из списка."})

    def __init__(self, *args, practices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices


class ProtocolUploadForm(forms.Form):
    protocol = ContentCheckedFileField(label="Скан-копия подписанного протокола", kinds=("pdf", "jpeg", "png"))


class MeetingOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Решение по протоколу", choices=Outcome.choices,
                                error_messages={"required": "Выберите решение по протоколу."})
    revision_points = forms.CharField(label="Пункты доработки из протокола", required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") in (Outcome.APPROVE_WITH_ADDITIONS, Outcome.REVISION) \
                and not cleaned.get("revision_points", "").strip():
            self.add_error("revision_points", "Перечислите пункты доработки из протокола.")
        return cleaned


class ReplaceExpertForm(forms.Form):
    """F-PLUS-7: «Заменить эксперта» is one click — the service picks the pool's next expert."""
