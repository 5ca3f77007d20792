from django import forms
from django.contrib.auth import get_user_model

from practices.models import Practice
from regions.models import Region
from replication.models import (
    DismissalGround,
    DocumentKind,
    Event,
    Interest,
    RefusalGround,
    ReplicationRequest,
    ReplicationResult,
)
from replication.services import DOCUMENT_KINDS, NO_LETTER_MESSAGE, NO_MATERIALS_MESSAGE
from smarteka.files.forms import ContentCheckedFileField
from smarteka.forms import SafeTextMixin
from smarteka.roles.models import Role
from smarteka.roles.services import holders


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleContentCheckedFileField(ContentCheckedFileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleContentCheckedFileField, self).clean(d, initial) for d in data if d]
        single = super().clean(data, initial)
        return [single] if single else []


class EventChoiceField(forms.ModelChoiceField):
    """The event of «Хочу внедрить»: required (5.1.1), so marked as required like every required field
    (issue 14 item 9), but satisfied by «Другое мероприятие или источник» too — RequestForm.clean checks
    the pair, so the field's own emptiness check is skipped."""

    def validate(self, value):
        pass


class RequestForm(SafeTextMixin, forms.ModelForm):
    """«Хочу внедрить» (5.1.1): the event and the confirmations."""

    event = EventChoiceField(label="Мероприятие, на котором вы узнали о практике", required=True,
                             queryset=Event.objects.none(), empty_label="— выберите из плана-графика —",
                             help_text="Обязательно: выберите мероприятие или напишите его в поле ниже.")

    class Meta:
        model = ReplicationRequest
        fields = ["event", "event_other", "confirms_studied", "confirms_ready", "confirms_cooperation",
                  "undertakes_documents", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"event_other": "Если мероприятия нет в списке, напишите, где вы узнали о практике."}

    def __init__(self, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        events = Event.objects.select_related("format").order_by("-date")
        if practice is not None:
            presented = events.filter(practices=practice)
            events = presented if presented.exists() else events
        self.fields["event"].queryset = events
        for name in ("confirms_studied", "confirms_ready", "confirms_cooperation", "undertakes_documents"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = "Без этого подтверждения заявку подать нельзя."

    def clean(self):
        data = super().clean()
        if not data.get("event") and not (data.get("event_other") or "").strip():
            self.add_error("event_other", "Укажите, в рамках какого мероприятия вы узнали о практике.")
        return data


class AssignForm(forms.Form):
    moderator = forms.ModelChoiceField(label="Модератор внедрения", queryset=get_user_model().objects.none())
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in holders(Role.IMPLEMENTATION_MODERATOR)]
        self.fields["moderator"].queryset = get_user_model().objects.filter(pk__in=ids)


class CommentForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Вид документа", choices=[(k, v) for k, v in DocumentKind.choices
                                                            if k != DocumentKind.LETTER])
    file = ContentCheckedFileField(label="Файл", kinds=DOCUMENT_KINDS)
    comment = forms.CharField(label="Комментарий", required=False, max_length=500)


class ReportForm(forms.Form):
    """The result report (5.3.1.5) with the official letter signed by the head and the additional
    materials (both required: the moderator checks them, 5.3.1.6)."""

    implementation_started_on = forms.DateField(label="Дата начала внедрения",
                                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    implementation_finished_on = forms.DateField(label="Дата завершения внедрения", required=False,
                                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    adaptation = forms.CharField(label="Как практика адаптирована для реализации в регионе",
                                 widget=forms.Textarea(attrs={"rows": 3}))
    first_results = forms.CharField(label="Первичные полученные результаты", widget=forms.Textarea(attrs={"rows": 3}))
    expected_effects = forms.CharField(label="Ожидаемые эффекты", widget=forms.Textarea(attrs={"rows": 3}))
    letter = ContentCheckedFileField(label="Официальное письмо за подписью руководителя", kinds=DOCUMENT_KINDS,
                                     required=False)
    materials = MultipleContentCheckedFileField(
        label="Дополнительные материалы и документы, разработанные или изменённые для внедрения",
        kinds=DOCUMENT_KINDS, required=False)
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, has_letter=False, has_materials=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_letter, self.has_materials = has_letter, has_materials
        if has_letter:
            self.fields["letter"].help_text = "Письмо уже загружено; новый файл добавится к нему."
        self.fields["materials"].help_text = (
            "Материалы уже загружены; новые файлы добавятся к ним." if has_materials else
            "Обязательно: материалы, демонстрирующие процесс реализации практики (фото- и видеоотчёты, "
            "презентации), и разработанные или изменённые документы. Можно выбрать несколько файлов.")

    def clean(self):
        data = super().clean()
        started, finished = data.get("implementation_started_on"), data.get("implementation_finished_on")
        if started and finished and finished < started:
            self.add_error("implementation_finished_on", "Дата завершения не может быть раньше даты начала.")
        if not self.has_letter and not data.get("letter") and "letter" not in self.errors:
            self.add_error("letter", NO_LETTER_MESSAGE)
        if not self.has_materials and not data.get("materials") and "materials" not in self.errors:
            self.add_error("materials", NO_MATERIALS_MESSAGE)
        return data


class ReplicationResultForm(forms.ModelForm):
    """F-PLUS-1: one measured result of the recipient region; a pre-filled row left without values is
    skipped, a row with only some of its values is refused at the field."""

    practice_result = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ReplicationResult
        fields = ["indicator", "unit", "value_before", "date_before", "value_after", "date_after", "source"]
        widgets = {"date_before": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "date_after": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "indicator": {"required": "Укажите показатель или очистите строку."},
            "value_before": {"required": "Укажите значение «до»."},
            "value_after": {"required": "Укажите значение «после»."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False

    def has_changed(self):
        # a pre-filled row (indicator and unit from the practice) counts only once a value is typed
        if self.data.get(self.add_prefix("indicator")) and not self.initial.get("indicator"):
            return True  # a new row: its indicator is typed
        return any(self.data.get(self.add_prefix(name)) for name in
                   ("value_before", "date_before", "value_after", "date_after", "source"))

    def row(self):
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["practice_result_id"] = self.cleaned_data.get("practice_result") or None
        return data


ReplicationResultFormSet = forms.formset_factory(ReplicationResultForm, extra=0, max_num=100, absolute_max=100,
                                                 validate_max=True)


def results_formset(req, data=None):
    """The report's rows: those recorded, or else one per measured result of the practice (pre-filled
    indicator and unit) and one empty row."""
    rows = [{"indicator": r.indicator, "unit": r.unit, "value_before": r.value_before, "date_before": r.date_before,
             "value_after": r.value_after, "date_after": r.date_after, "source": r.source,
             "practice_result": r.practice_result_id} for r in req.results.all()]
    if not rows:
        rows = [{"indicator": r.indicator, "unit": r.unit, "practice_result": r.pk}
                for r in req.practice.results.all()]
    rows.append({})
    return ReplicationResultFormSet(data, initial=rows, prefix="results")


class CheckReportForm(forms.Form):
    decision = forms.ChoiceField(label="Решение", widget=forms.RadioSelect, choices=[
        ("accept", "Форма результата, письмо и дополнительные материалы в порядке"),
        ("return", "Вернуть реципиенту на дополнение")])
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Причина отказа от внедрения", widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label="Основание отказа (п. 5.3.3 Регламента)", widget=forms.RadioSelect,
                               choices=RefusalGround.choices)
    reason = forms.CharField(label="Пояснение", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DismissForm(forms.Form):
    ground = forms.ChoiceField(label="Основание отклонения без рассмотрения (п. 5.1.1 Регламента)",
                               widget=forms.RadioSelect, choices=DismissalGround.choices)
    reason = forms.CharField(label="Пояснение", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MessageForm(forms.Form):
    body = forms.CharField(label="Сообщение", widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleContentCheckedFileField(label="Вложения", kinds=DOCUMENT_KINDS, required=False)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "format", "date", "place", "organiser", "programme", "speakers", "practices",
                  "invited_regions"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "programme": forms.Textarea(attrs={"rows": 4}),
            "speakers": forms.Textarea(attrs={"rows": 3}),
            "practices": forms.SelectMultiple(attrs={"size": 6}),
            "invited_regions": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = Practice.objects.filter(state="published").order_by("title")
        self.fields["invited_regions"].queryset = Region.objects.order_by("name")


class InterestForm(forms.Form):
    region = forms.ModelChoiceField(label="Регион", queryset=Region.objects.none())
    practice = forms.ModelChoiceField(label="Практика", queryset=Region.objects.none())
    interest = forms.ChoiceField(label="Обратная связь", choices=Interest.choices)
    comment = forms.CharField(label="Комментарий", required=False)

    def __init__(self, *args, event, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["practice"].queryset = event.practices.all()
