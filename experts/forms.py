"""Forms of the experts app (pool membership, the expert's evaluation); every message in Russian, at its field."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from experts.criteria import CRITERIA, Decision, InclusionCriterion
from experts.services import clean_evaluation
from smarteka.forms import SafeTextMixin

MET_CHOICES = (("yes", "Соответствует"), ("no", "Не соответствует"))


class MembershipForm(forms.Form):
    """Include a person in the pool for a year with the criteria of 4.4.4 checked (F-VAL-9)."""

    email = forms.EmailField(label="E-mail эксперта", error_messages={
        "required": "Укажите e-mail эксперта.", "invalid": "Введите правильный адрес электронной почты."},
        help_text="Эксперт должен быть зарегистрирован на платформе (Прил. 3).")
    year = forms.IntegerField(label="Год", error_messages={"required": "Укажите год."})
    criteria = forms.MultipleChoiceField(
        label="Критерии включения (п. 4.4.4, не менее двух)", choices=InclusionCriterion.choices,
        widget=forms.CheckboxSelectMultiple, required=False)
    basis = forms.CharField(label="Основание", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text="Например: список экспертов структурного подразделения от 15.01.2026 № 12.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Пользователь с таким e-mail не зарегистрирован на платформе: "
                                        "попросите эксперта сначала зарегистрироваться.")
        self.user = user
        return email

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year < this_year or year > this_year + 1:
            raise forms.ValidationError(f"Укажите {this_year} или {this_year + 1} год.")
        return year

    def clean_criteria(self):
        criteria = self.cleaned_data["criteria"]
        if len(criteria) < 2:
            raise forms.ValidationError("По п. 4.4.4 кандидат должен соответствовать минимум двум критериям "
                                        "включения: отметьте выполненные.")
        return criteria


class EvaluationForm(SafeTextMixin, forms.Form):
    """The criteria of 2.1.5 word for word, one «соответствует / не соответствует» each, and the decision
    of 4.4.7. The rules of 4.4.7 are ``experts.services.clean_evaluation`` (the service asks them too)."""

    decision = forms.ChoiceField(label="Решение", choices=Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Выберите решение."})
    revision_points = forms.CharField(
        label="Пункты необходимой доработки", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Каждый пункт с новой строки: что именно дополнить или исправить в описании практики.")
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, title, _help in CRITERIA:
            self.fields[f"criterion_{code}"] = forms.ChoiceField(
                label=title, choices=MET_CHOICES, widget=forms.RadioSelect,
                error_messages={"required": "Отметьте, соответствует ли практика этому критерию."})
            self.fields[f"note_{code}"] = forms.CharField(label="Замечание", required=False,
                                                          widget=forms.Textarea(attrs={"rows": 2}))

    def criterion_rows(self):
        return [{"code": code, "title": title, "lead": [h for h in help_lines if h.endswith(":")],
                 "items": [h for h in help_lines if not h.endswith(":")], "field": self[f"criterion_{code}"],
                 "note": self[f"note_{code}"]} for code, title, help_lines in CRITERIA]

    def answers(self):
        data = self.cleaned_data
        return {code: {"met": data.get(f"criterion_{code}") == "yes", "note": data.get(f"note_{code}", "")}
                for code, _title, _help in CRITERIA}

    def clean(self):
        cleaned = super().clean()
        if any(f"criterion_{code}" in self.errors for code, _t, _h in CRITERIA):
            return cleaned
        answers = self.answers()
        decision = cleaned.get("decision", "")
        errors = clean_evaluation(answers, decision, cleaned.get("revision_points", ""))
        for field, message in errors.items():
            if message not in self.errors.get(field, []):  # the field's own «required» already says it
                self.add_error(field, message)
        if decision == Decision.APPROVE and "decision" in errors:
            for code, _t, _h in CRITERIA:
                if not answers[code]["met"]:
                    self.add_error(f"criterion_{code}", "Критерий не соблюдён — одобрить публикацию нельзя.")
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Причина отказа", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Укажите причину отказа."},
                             help_text="Например: конфликт интересов, нет возможности оценить в срок.")


class InterestsForm(SafeTextMixin, forms.Form):
    """F-PLUS-7: the declaration of competing interests, asked before the passport is shown."""

    conflict = forms.TypedChoiceField(
        label="Есть ли у вас конфликт интересов в отношении этой практики?", widget=forms.RadioSelect,
        choices=(("no", "Нет конфликта интересов"), ("yes", "Есть конфликт интересов")),
        coerce=lambda v: v == "yes", error_messages={"required": "Выберите ответ: есть или нет конфликта интересов."})
    text = forms.CharField(label="В чём состоит конфликт интересов", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Например: работаю в команде практики, родственник автора, участвую в "
                                     "конкурирующей практике.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") is True and not cleaned.get("text", "").strip():
            self.add_error("text", "Опишите конфликт интересов: с кем и в чём он состоит.")
        return cleaned
