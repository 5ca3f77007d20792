"""Forms of the yearly audit and of archiving (F-ACT-2, F-ARCH-1): Russian errors at the field; a refused form
keeps what was typed."""

from django import forms

from validation.grounds import ARCHIVING_GROUNDS
from validation.lifecycle.archiving import GROUND_MESSAGE, JUSTIFICATION_MESSAGE
from validation.lifecycle.audit import REASON_MESSAGE
from validation.lifecycle.models_archiving import AuditOutcome

GROUND_CHOICES = [(g, g[:1].upper() + g[1:].rstrip(";.")) for g in ARCHIVING_GROUNDS]


class AuditForm(forms.Form):
    outcome = forms.ChoiceField(label="Итог аудита", choices=AuditOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Выберите итог аудита.",
                                                "invalid_choice": "Выберите итог аудита из списка."})
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="Для запроса актуализации — что нужно обновить в паспорте (п. 4.5.4).")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == AuditOutcome.REQUEST_ACTUALIZATION and not (data.get("comment") or "").strip():
            self.add_error("comment", REASON_MESSAGE)
        return data


class ProposalForm(forms.Form):
    """4.2.1.4–4.2.1.5: a ground of 4.6.1 from the pick list and the justification for the ASI moderator."""

    ground = forms.ChoiceField(label="Основание (п. 4.6.1 Регламента)", choices=GROUND_CHOICES,
                               widget=forms.RadioSelect,
                               error_messages={"required": GROUND_MESSAGE, "invalid_choice": GROUND_MESSAGE})
    justification = forms.CharField(
        label="Обоснование необходимости архивации", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Уйдёт письмом модератору АСИ (п. 4.2.1.5 Регламента).",
        error_messages={"required": JUSTIFICATION_MESSAGE})


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Причина", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Укажите причину."})

    def __init__(self, *args, label=None, required_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if required_message:
            self.fields["reason"].error_messages["required"] = required_message


class ArchiveForm(forms.Form):
    comment = forms.CharField(label="Комментарий (необязательно)", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
