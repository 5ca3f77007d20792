from django import forms

from smarteka.notifications import preferences
from smarteka.notifications.models import EmailMode


class NoticeSettingsForm(forms.Form):
    """One choice per group of notices (F-PLUS-9)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, help_text in preferences.GROUPS:
            self.fields[key] = forms.ChoiceField(
                label=label, help_text=help_text, choices=EmailMode.choices, widget=forms.RadioSelect,
                error_messages={"required": "Выберите, как получать эти уведомления.",
                                "invalid_choice": "Выберите один из предложенных вариантов."})
