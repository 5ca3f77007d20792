"""Forms of the review actions (SPEC §6): Russian errors at the field; a refused form keeps what was typed."""

from django import forms
from django.contrib.auth import get_user_model

from practices.models import Category, Level, Practice, Track
from smarteka.files.forms import ContentCheckedFileField
from smarteka.files.validators import DOCUMENT_KINDS, IMAGE_KINDS
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from validation.services import DELETION_REQUESTERS

# a signed protocol or letter: office documents or a scan
PROTOCOL_KINDS = (*DOCUMENT_KINDS, *IMAGE_KINDS)


def _document_field(label, required=False):
    return ContentCheckedFileField(label=label, required=required, kinds=PROTOCOL_KINDS)


class CommentForm(forms.Form):
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(label="Комментарий для автора", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Напишите, что нужно доработать."})
    attachment = None

    def __init__(self, *args, label=None, required_message=None, with_file=True, points_from=None, **kwargs):
        super().__init__(*args, **kwargs)
        if points_from is not None:  # F-PLUS-8: each line a numbered point the team answers
            self.fields["comment"].help_text = ("Каждое замечание — с новой строки: строки станут пронумерованными "
                                                "пунктами, и автор ответит на каждый отдельно.")
            self.fields["comment"].widget.attrs.update({"data-points-preview": "", "data-points-start": points_from})
        if label:
            self.fields["comment"].label = label
        if required_message:
            self.fields["comment"].error_messages["required"] = required_message
        if with_file:
            self.fields["attachment"] = _document_field("Файл с замечаниями (необязательно)")


class DeletionRequestForm(forms.Form):
    """4.1.13: the official request on which the ASI moderator deletes a practice."""

    requester = forms.ChoiceField(
        label="Кто обратился", widget=forms.RadioSelect,
        choices=[(r, r[:1].upper() + r[1:]) for r in DELETION_REQUESTERS],
        error_messages={"required": "Укажите, кто обратился с просьбой удалить практику (п. 4.1.13).",
                        "invalid_choice": "Выберите, кто обратился, из списка."})
    request_document = None
    comment = forms.CharField(label="Кто подписал обращение, его номер и дата", widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": "Укажите, кто подписал обращение, его номер и дату."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_document"] = _document_field("Официальное обращение об удалении", required=True)
        self.fields["request_document"].error_messages["required"] = (
            "Загрузите официальное обращение об удалении практики.")
        self.order_fields(["requester", "request_document", "comment"])


class StateCouncilLetterForm(forms.Form):
    """F-TRACK-2: the letter and protocol of the commission of the State Council or the federal body (3.2.2)."""

    letter = None
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"] = _document_field("Письмо и протокол комиссии Госсовета / профильного ФОИВ",
                                                required=True)
        self.fields["letter"].error_messages["required"] = "Загрузите письмо и протокол комиссии."
        self.order_fields(["letter", "comment"])


class PartnerLetterForm(StateCouncilLetterForm):
    """F-TRACK-2, 2.2.5: the Partner records its recommendation letter on a submitted practice of the track."""

    practice = forms.ModelChoiceField(
        label="Практика", queryset=Practice.objects.none(),
        error_messages={"required": "Выберите практику, которую рекомендует комиссия.",
                        "invalid_choice": "Выберите практику из списка."})

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices
        self.fields["practice"].label_from_instance = lambda p: f"{p} — {p.region.name} ({p.get_state_display()})"
        self.order_fields(["practice", "letter", "comment"])


class ConfirmForm(forms.Form):
    """F-VAL-1: the commission protocol (or the agency's letter) is uploaded with the confirmation."""

    document = None
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, practice, has_document, **kwargs):
        super().__init__(*args, **kwargs)
        label = ("Письмо-запрос Агентства" if practice.track == Track.AGENCY_REQUEST
                 else "Протокол решения региональной межведомственной комиссии")
        self.fields["document"] = _document_field(label, required=not has_document)
        self.fields["document"].error_messages["required"] = f"Загрузите файл: {label.lower()}."
        self.order_fields(["document", "comment"])


class RejectForm(forms.Form):
    grounds = forms.MultipleChoiceField(label="Основания отклонения", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label="Пояснение", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, grounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = [(g, g) for g in grounds]
        if not grounds:
            del self.fields["grounds"]
            self.fields["comment"].label = "Причина отклонения"
            self.fields["comment"].required = True
            self.fields["comment"].error_messages["required"] = "Укажите причину отклонения."
        else:
            self.fields["grounds"].error_messages["invalid_choice"] = "Выберите основания из списка."

    def clean(self):
        data = super().clean()
        if "grounds" in self.fields and not data.get("grounds") and "grounds" not in self.errors:
            self.add_error("grounds", "Выберите хотя бы одно основание отклонения.")
        return data


class CategoryForm(forms.Form):
    """Прил.2: the real category of a practice filed under «Я не знаю, что выбрать»."""

    category = forms.ModelChoiceField(
        label="Категория практики", queryset=Category.objects.none(), widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Выберите категорию практики.",
                        "invalid_choice": "Выберите категорию из списка."})
    comment = forms.CharField(label="Комментарий для автора", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            category_set_id=practice.category.category_set_id, is_unknown=False)


class RouteForm(forms.Form):
    expert_moderator = forms.ModelChoiceField(
        label="Эксперт-модератор", queryset=get_user_model().objects.none(),
        error_messages={"required": "Выберите эксперта-модератора.",
                        "invalid_choice": "Выберите эксперта-модератора категории практики."})
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        holding = [user.pk for user in holders(Role.EXPERT_MODERATOR, category=practice.category_id)]
        self.fields["expert_moderator"].queryset = (get_user_model().objects.filter(pk__in=holding)
                                                    .order_by("last_name", "first_name"))
        self.fields["expert_moderator"].initial = practice.expert_moderator_id


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(label="Уровень практики (п. 2.1.6)", choices=Level.choices, coerce=int,
                                   error_messages={"required": "Выберите уровень практики.",
                                                   "invalid_choice": "Выберите уровень практики: 1, 2 или 3."})

    def __init__(self, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if practice is not None and practice.level:
            self.fields["level"].initial = practice.level


class CommentWithFileForm(CommentForm):
    attachment = _document_field("Документ (необязательно)")
