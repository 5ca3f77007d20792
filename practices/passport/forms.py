"""Forms of the passport sections (F-PASS-1, F-PASS-3). Drafts may be incomplete: no field is
required here, but whatever is typed is validated, with Russian messages at the field.

The questions and help texts of Прил.2 are word for word (REFERENCE_LISTS.md §18)."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from practices.models import (
    Category,
    ImplementationMethod,
    OrganisationType,
    Practice,
    PracticeResult,
    RatingIndicator,
    ThirdParty,
)
from regions.models import Region
from smarteka.forms import SafeTextMixin, check_text

IMPORTANT_ABBREVIATIONS = "ВАЖНО: При использовании аббревиатур и сокращений обязательно расшифровывайте их."

# Прил.2: item number -> (question, help text), verbatim
PRIL2 = {
    1: ("Как называется практика?",
        "Укажите полное название практики. Название должно отражать ее суть и содержать не более 110 символов "
        "с пробелами."),
    2: ("Для достижения какой цели она была создана?",
        "Опишите цель практики, она должна отвечать на вопрос: «Зачем мы реализовали эту практику?», звучать "
        "емко и отражать тему практики."),
    3: ("Какие задачи вы перед собой ставили для достижения цели?",
        "Перечислите кратко все задачи практики. Задачи – это краткое описание действий, которые вы совершили "
        "для достижения указанной выше цели. Каждую задачу нужно выделять отдельным буллитом."),
    4: ("Опишите суть практики",
        "Начните описание с общего определения («Название практики» – это …). Далее необходимо описать "
        "функции, которые она выполняет, и рассказать, как она работает, т.е. описать механизм ее реализации "
        "(последовательность ваших действий в процессе реализации практики). Перед тем как приступить к "
        "заполнению этого пункта изучите приведенный в паспорте пример. Также вы можете посмотреть, как "
        "описаны уже опубликованные на платформе практики."),
    5: ("Укажите целевую аудиторию",
        "Перечислите главные и второстепенные целевые аудитории. Целевая аудитория - это прямые пользователи "
        "практики, та категория населения, для которой она была создана."),
    6: ("Каких результатов вы добились?",
        "Укажите главные и дополнительные результаты. Результат должен соответствовать поставленной цели и "
        "задачам. Указывайте изменившиеся количественные показатели, если они имеются."),
    7: ("Выберите категорию",
        "Выберите одну из 10 категорий. Под знаком вопроса напротив каждой практики даны их краткие "
        "определения. Если невозможно выбрать категорию, поставьте галочку в пункте «Я не знаю, что выбрать», "
        "наши модераторы помогут"),
    8: ("Укажите организацию, от которой вы подаете практику",
        "Выберите тип организации в выпадающем списке, затем в соседней колонке укажите название вашей "
        "организации. ВАЖНО: к публикации на платформе «Смартека» принимаются только практики от исполнительных "
        "органов власти субъектов Российской Федерации и подведомственных им организаций."),
    9: ("Поделитесь материалами о практике",
        "Прикрепите все необходимые материалы в соответствии с критериями платформы (п.2.1.5. Регламента), "
        "наличие которых необходимо для реализации практики или помогает лучше раскрыть ее суть. Важно: каждый "
        "файл должен быть не более 20 МБ, если файл превышает указанный объем, можете разместить его в любом "
        "облачном хранилище и прикрепить ссылку."),
    10: ("Обложка карточки практики",
         "Загрузите фотографию для обложки, она должна соответствовать техническим требованиям (Формат: JPG, "
         "PNG, BMP; формата 4:3, минимальное разрешение: 900х675 px), быть визуально корректной, отражать суть "
         "и ассоциироваться с практикой. Рекомендуем выбирать изображение, не содержащее текст. Вы можете "
         "проверить, как будет выглядеть обложка вашего паспорта, нажав кнопку «Предпросмотр»."),
    11: ("В каких регионах уже реализована практика?",
         "Выберите из выпадающего списка регион, где впервые реализована практика (регион-автор). Если ваша "
         "практика уже внедрена в других регионах, укажите их в выпадающем списке соседнего столбца."),
    12: ("Сколько стоила реализация?",
         "Выберите из предложенных вариантов подходящий вашей практике диапазон стоимости."),
    13: ("Каким образом можно внедрить практику в другом регионе?",
         "Укажите, каким образом можно внедрить вашу практику, выбрав из выпадающего списка вариантов. Если вы "
         "считаете, что предложенные варианты не подходят, выбирайте пункт «Другое» и пишите ваш вариант."),
    14: ("Опишите основные шаги плана реализации практики",
         "Изложите краткую дорожную карту реализации практики (т.е. какие действия необходимо предпринять, "
         "чтобы пройти путь от идеи до запуска реализации практики). Какие меры были предприняты, какие "
         "нормативно-правовые акты были разработаны и внедрены, какие мероприятия были организованы?"),
    15: ("Были ли задействованы сторонние организации для реализации?",
         "Перечислите организации, которые принимали участие в реализации практики (фонды, общественные "
         "объединения, коммерческие организации и т.п.), опишите условия вашего взаимодействия и зоны "
         "ответственности каждой из сторон."),
    16: ("Укажите сколько времени потребовалось для запуска практики", "Укажите количество месяцев."),
    17: ("Есть ли особенности, которые нужно учесть при внедрении?",
         "Перечислите особенности, которые необходимо учитывать реципиенту при внедрении. Например, внесение "
         "изменений в региональное законодательство, сезонность, определенные климатические условия, "
         "необходимость строгого соблюдения требований безопасности, привлечение определенных партнеров, "
         "особенные технические требования к оборудованию и пр."),
    18: ("Какую поддержку, кроме консультационной, вы готовы оказать при внедрении?",
         "Перечислите все меры поддержки реципиентов. Например, передать IT-решение, провести обучение "
         "сотрудников, командировать вашего специалиста для консультирования. Условия оказания дополнительных "
         "видов поддержки указывать не обязательно, они могут обговариваться индивидуально."),
}

# Wording of the regulation for the author's confirmations (4.1.6, 4.1.7)
CONFIRMATION_LABELS = {
    "confirms_criteria": "Подтверждаю, что практика соответствует критериям, представленным в подпункте 2.1.5 "
                         "Регламента (п. 4.1.6 Регламента)",
    "confirms_accuracy": "Гарантирую достоверность сведений, размещенных в паспорте практики "
                         "(п. 4.1.6 Регламента)",
    "confirms_consulting": "Подтверждаю согласие на оказание консультационной помощи при ее тиражировании "
                           "(п. 4.1.7 Регламента)",
}

TITLE_MAX = 110
FIRST_YEAR = 1990
ITEM_MAX = 2000


class ListInput(forms.Widget):
    """One input per item with «добавить» / «удалить» (F-PASS-3). Without JavaScript an empty row is
    always there for a new item, and clearing a row removes it on save."""

    def __init__(self, item_label, add_label, multiline=False, attrs=None):
        super().__init__(attrs)
        self.item_label, self.add_label, self.multiline = item_label, add_label, multiline

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty list is a value: every item removed

    def format_value(self, value):
        return [str(v) for v in (value or []) if v is not None and str(v).strip()]

    def _row(self, name, number, value, element_id):
        label = f"{self.item_label} {number}"
        if self.multiline:
            field = format_html('<textarea class="form-control" rows="2" name="{}" id="{}" aria-label="{}" '
                                'maxlength="{}">{}</textarea>', name, element_id, label, ITEM_MAX, value)
        else:
            field = format_html('<input type="text" class="form-control" name="{}" id="{}" value="{}" '
                                'aria-label="{}" maxlength="{}">', name, element_id, value, label, ITEM_MAX)
        return format_html(
            '<li class="input-group mb-2" data-list-item><span class="input-group-text">{}</span>{}'
            '<button type="button" class="btn btn-outline-secondary" data-list-remove title="Удалить" '
            'aria-label="Удалить: {}"><i class="bi bi-x-lg"></i></button></li>',
            number, field, label)

    def render(self, name, value, attrs=None, renderer=None):
        base_id = (attrs or {}).get("id") or f"id_{name}"
        items = self.format_value(value) + [""]
        rows = format_html_join("", "{}", ((self._row(name, i, v, f"{base_id}_{i}"),)
                                           for i, v in enumerate(items, start=1)))
        return format_html(
            '<div class="list-input" id="{}" data-list-input>'
            '<ol class="list-unstyled mb-1" data-list-rows>{}</ol>'
            '<button type="button" class="btn btn-sm btn-outline-primary" data-list-add>'
            '<i class="bi bi-plus-lg"></i> {}</button></div>', base_id, rows, self.add_label)


class ListField(forms.Field):
    """A list of short texts (tasks, roadmap steps): empty rows are dropped."""

    def __init__(self, *, item_label, add_label, multiline=False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", ListInput(item_label, add_label, multiline))
        super().__init__(**kwargs)
        self.item_label = item_label

    def to_python(self, value):
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v).strip() for v in value if v is not None and str(v).strip()]

    def validate(self, value):
        super().validate(value)
        for number, item in enumerate(value, start=1):
            check_text(item, limit=None, label=f"Пункт {number}")  # a NUL (issue 15 item 5)
            if len(item) > ITEM_MAX:
                raise forms.ValidationError(
                    f"Пункт {number} слишком длинный: не более {ITEM_MAX} символов (сейчас {len(item)}).")

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class SectionForm(SafeTextMixin, forms.ModelForm):
    """Base of the section forms: nothing is required in a draft; every text refuses a NUL and more than
    ``TEXT_MAX`` characters with a Russian message (issue 15 item 5)."""

    section = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class AboutForm(SectionForm):
    section = "about"
    tasks = ListField(item_label="Задача", add_label="Добавить задачу", label="Задачи")

    class Meta:
        model = Practice
        fields = ["title", "goal", "tasks", "essence"]
        labels = {"title": "Название практики", "goal": "Цель практики", "essence": "Суть практики"}
        widgets = {"goal": forms.Textarea(attrs={"rows": 3}), "essence": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = self.fields["title"]
        title.widget.attrs.update({"maxlength": TITLE_MAX, "data-count-max": TITLE_MAX})
        title.error_messages["max_length"] = (
            "Название должно содержать не более 110 символов с пробелами (сейчас %(show_value)d).")


class AudienceForm(SectionForm):
    section = "audience"

    class Meta:
        model = Practice
        fields = ["audience_main", "audience_secondary", "results_main", "results_additional"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class CategoryForm(SectionForm):
    section = "category"

    class Meta:
        model = Practice
        fields = ["category", "rating_indicators"]
        widgets = {"category": forms.RadioSelect, "rating_indicators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(category_set__is_current=True)
        self.fields["category"].empty_label = None
        self.fields["rating_indicators"].queryset = RatingIndicator.objects.filter(
            is_active=True, rating__is_active=True).select_related("rating")

    def category_choices(self):
        """Categories with their definitions for the radio list."""
        selected = str(self["category"].value() or "")
        return [(c, str(c.pk) == selected) for c in self.fields["category"].queryset]

    def indicator_groups(self):
        """Indicators grouped by rating, with the checked state from what was typed or saved."""
        chosen = {str(v) for v in (self["rating_indicators"].value() or [])}
        groups = {}
        for indicator in self.fields["rating_indicators"].queryset:
            groups.setdefault(indicator.rating, []).append((indicator, str(indicator.pk) in chosen))
        return [(rating, items, any(checked for _, checked in items)) for rating, items in groups.items()]


class OrganisationForm(SectionForm):
    section = "organisation"

    class Meta:
        model = Practice
        fields = ["organisation_type", "organisation_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"].queryset = OrganisationType.objects.all()
        self.fields["organisation_type"].empty_label = "— выберите тип организации —"


class ImplementationForm(SectionForm):
    section = "implementation"
    roadmap_steps = ListField(item_label="Шаг", add_label="Добавить шаг", multiline=True,
                              label="Шаги плана реализации")

    class Meta:
        model = Practice
        fields = ["implemented_regions", "implementation_year", "is_leader_project", "cost_range",
                  "implementation_methods", "implementation_method_other", "roadmap_steps", "normative_acts",
                  "months_to_launch", "specifics", "support_offered"]
        labels = {
            "implemented_regions": "Другие регионы, где практика уже внедрена",
            "implementation_year": "Год, в котором практика реализована",
            "is_leader_project": "Практика реализации лидерского проекта АСИ / идеи ТОП-100 Форума",
            "cost_range": "Диапазон стоимости",
            "implementation_methods": "Способы внедрения",
            "implementation_method_other": "Ваш вариант («Другое»)",
            "normative_acts": "Какие меры были предприняты, какие нормативно-правовые акты были разработаны и "
                              "внедрены, какие мероприятия были организованы?",
            "months_to_launch": "Количество месяцев",
            "specifics": "Особенности внедрения",
            "support_offered": "Меры поддержки реципиентов",
        }
        help_texts = {
            "implementation_year": "Практика должна быть реализована не ранее трех лет до года публикации "
                                   "(п. 2.1.5, критерий 1 Регламента).",
            "is_leader_project": "Для таких практик обязательно письмо за подписью заместителя высшего "
                                 "должностного лица субъекта Российской Федерации (п. 2.1.5, критерий 4).",
        }
        widgets = {
            "implemented_regions": forms.SelectMultiple(attrs={"size": 8}),
            "implementation_methods": forms.CheckboxSelectMultiple,
            "normative_acts": forms.Textarea(attrs={"rows": 4}),
            "specifics": forms.Textarea(attrs={"rows": 4}),
            "support_offered": forms.Textarea(attrs={"rows": 3}),
            "implementation_year": forms.NumberInput(attrs={"min": FIRST_YEAR, "step": 1}),
            "months_to_launch": forms.NumberInput(attrs={"min": 1, "step": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        practice = self.instance
        self.fields["implemented_regions"].queryset = Region.objects.exclude(pk=practice.region_id).order_by("name")
        self.fields["implemented_regions"].help_text = (
            "Удерживайте Ctrl (⌘ на Mac), чтобы выбрать несколько регионов.")
        self.fields["cost_range"].empty_label = "— выберите диапазон —"
        self.fields["implementation_methods"].queryset = ImplementationMethod.objects.all()
        this_year = timezone.localdate().year
        self.fields["implementation_year"].widget.attrs["max"] = this_year
        self.this_year = this_year

    def clean_implementation_year(self):
        year = self.cleaned_data.get("implementation_year")
        if year is not None and not FIRST_YEAR <= year <= self.this_year:
            raise forms.ValidationError(f"Укажите год от {FIRST_YEAR} до {self.this_year}.")
        return year

    def clean_months_to_launch(self):
        months = self.cleaned_data.get("months_to_launch")
        if months is not None and not 1 <= months <= 600:
            raise forms.ValidationError("Укажите количество месяцев — целое число от 1 до 600.")
        return months

    def clean(self):
        data = super().clean()
        methods = data.get("implementation_methods") or []
        other = (data.get("implementation_method_other") or "").strip()
        if any(m.is_other for m in methods) and not other:
            self.add_error("implementation_method_other",
                           "Вы выбрали «Другое» — напишите свой вариант способа внедрения.")
        return data


class ConfirmationsForm(SectionForm):
    section = "confirmations"

    class Meta:
        model = Practice
        fields = ["confirms_criteria", "confirms_accuracy", "confirms_consulting"]
        labels = CONFIRMATION_LABELS


SECTION_FORMS = {
    "about": AboutForm,
    "audience": AudienceForm,
    "category": CategoryForm,
    "organisation": OrganisationForm,
    "implementation": ImplementationForm,
    "confirmations": ConfirmationsForm,
}

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RowForm(SafeTextMixin, forms.ModelForm):
    """A row of a section's list. The id an autosave gave a new row (issue 14 item 1) is not a change
    of its own: a new row cleared after its autosave is empty again, and is deleted, not refused."""

    def has_changed(self):
        return any(name != self._meta.model._meta.pk.name for name in self.changed_data)


class ResultForm(RowForm):
    class Meta:
        model = PracticeResult
        fields = ["indicator", "rating_indicator", "unit", "value_before", "date_before", "value_after", "date_after",
                  "source"]
        widgets = {"date_before": _date, "date_after": _date}
        help_texts = {"rating_indicator": "Если результат измеряет показатель рейтинга — выберите его."}
        error_messages = {
            "indicator": {"required": "Укажите показатель или очистите строку."},
            "value_before": {"required": "Укажите значение «до»."},
            "value_after": {"required": "Укажите значение «после»."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating_indicator"].queryset = RatingIndicator.objects.filter(is_active=True).select_related("rating")


class ThirdPartyForm(RowForm):
    class Meta:
        model = ThirdParty
        fields = ["name", "terms", "responsibility"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 2}), "responsibility": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "name": {"required": "Укажите организацию или очистите строку."},
            "terms": {"required": "Опишите условия взаимодействия."},
            "responsibility": {"required": "Опишите зону ответственности."},
        }


# issue 15 item 5: a posted «TOTAL_FORMS» of thousands made thousands of forms (seconds of work for one
# request); a list holds at most ROWS_MAX rows (choice: far above any real passport), more is refused.
ROWS_MAX = 100
_ROW_LIMITS = {"max_num": ROWS_MAX, "absolute_max": ROWS_MAX, "validate_max": True}
ResultFormSet = inlineformset_factory(Practice, PracticeResult, form=ResultForm, extra=1, can_delete=True,
                                      **_ROW_LIMITS)
ThirdPartyFormSet = inlineformset_factory(Practice, ThirdParty, form=ThirdPartyForm, extra=1, can_delete=True,
                                          **_ROW_LIMITS)

# section -> {formset prefix: formset class}
SECTION_FORMSETS = {
    "audience": {"results": ResultFormSet},
    "implementation": {"third_parties": ThirdPartyFormSet},
}


def build_section(section, practice, data=None):
    """The section's form and its formsets, bound to ``data`` on POST."""
    form = SECTION_FORMS[section](data, instance=practice)
    formsets = {prefix: cls(data, instance=practice, prefix=prefix)
                for prefix, cls in SECTION_FORMSETS.get(section, {}).items()}
    return form, formsets


def section_rows(formsets, *, partial=False):
    """The formsets of a section as plain values for ``practices.passport.services.save_section``:
    ``{prefix (the related name): {"saved": [(pk or None, {field: value})], "deleted": [pk],
    "indices": [form index of each saved row]}}`` — the rows added or changed and the rows marked for
    deletion, exactly those ``formset.save()`` would write.

    ``partial`` (the autosave of issue 14 item 1): rows with errors are left out instead of refusing the
    section — the page keeps them with the error at the field. A new row the autosave already created
    comes back with its id (the page learns it from the autosave's answer), so it is updated, not
    created twice; an id of another practice's row is ignored."""
    rows = {}
    for prefix, formset in formsets.items():
        saved, deleted, indices = [], [], []
        pk_name = formset.model._meta.pk.name
        for index, form in enumerate(formset.forms):
            if partial and form.errors:
                continue
            values = {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
            if index < formset.initial_form_count():
                if form.instance.pk is None:
                    continue
                if form in formset.deleted_forms:
                    deleted.append(form.instance.pk)
                elif form.has_changed():
                    saved.append((form.instance.pk, values))
                    indices.append(index)
                continue
            known = _own_row(formset, form.data.get(form.add_prefix(pk_name)))
            if form.cleaned_data.get("DELETE", False) or not form.has_changed():
                if known is not None:
                    deleted.append(known)
            else:
                saved.append((known, values))
                indices.append(index)
        rows[prefix] = {"saved": saved, "deleted": deleted, "indices": indices}
    return rows


def _own_row(formset, raw_pk):
    """The pk of a row of this formset's practice posted with a new row, or None (an id of another
    practice's row, or garbage, is ignored)."""
    try:
        pk = int(raw_pk)
    except (TypeError, ValueError):
        return None
    return pk if formset.get_queryset().filter(pk=pk).exists() else None
