"""Form helpers every app shares."""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import fields as model_fields

EMPTY_CHOICE = "— выберите —"


def use_russian_empty_choice():
    """The empty choice of every select is «— выберите —», never Django's «---------» (issue 14 item 9).

    One place for the whole site, set at start-up (smarteka/apps.py): the blank choice a model field with
    ``choices`` offers (``BLANK_CHOICE_DASH``, the default of ``Field.get_choices``, changed in place)
    and the default ``empty_label`` of ``ModelChoiceField`` (a foreign key's select). A form that wants a
    more precise text still passes its own ``empty_label`` («— выберите регион —»)."""
    model_fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE)]
    forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE


def _add_new(form, field, errors):
    """Add the messages the form does not already show at that place (a service repeating the form's own
    check must not print it twice)."""
    shown = set(form.errors.get(field or "__all__", [])) if form.is_bound else set()
    new = [message for message in ValidationError(errors).messages if message not in shown]
    if new:
        form.add_error(field, new)


def add_service_errors(form, exc):
    """Put a service's ValidationError on the form: at the field when it names one of the form's
    fields, otherwise above the form — so the refused form re-renders with everything typed kept."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            _add_new(form, field if field in form.fields else None, errors)
    else:
        _add_new(form, None, exc.messages)


# --- text a user types (issue 15 item 5)

TEXT_MAX = 20_000  # choice: ~10 pages; the longest answer of a real passport is about 3 000 characters
NUL_MESSAGE = "Текст содержит недопустимый нулевой символ (\\x00) — удалите его и сохраните снова."


def text_too_long_message(limit):
    return f"Текст слишком длинный: не более {limit} символов (сейчас %(show_value)d)."


def check_text(value, *, limit=TEXT_MAX, label=""):
    """Refuse what PostgreSQL cannot keep or a page cannot show: a NUL character (``\\x00``, refused by
    PostgreSQL in any text) and a text over ``limit`` characters — a Russian ``ValidationError``
    (``label`` names the item of a list: «Пункт 2: …»)."""
    if value is None:
        return
    value = str(value)
    prefix = f"{label}: " if label else ""
    if "\x00" in value:
        raise ValidationError(prefix + NUL_MESSAGE, code="null_characters_not_allowed")
    if limit is not None and len(value) > limit:
        raise ValidationError(prefix + text_too_long_message(limit), code="max_length",
                              params={"show_value": len(value)})


class SafeTextMixin:
    """Every text field of the form refuses a NUL character and anything over ``TEXT_MAX`` characters
    with a Russian message at the field (issue 15 item 5) — the database then never sees a value it
    would refuse with a 500, and a form that saves nothing on error (Django's ``is_valid`` first) keeps the
    database whole. A field with its own ``max_length`` keeps it; a field that is not a ``CharField`` but
    takes text (a list of items) checks each item with :func:`check_text` itself.

    ``class MyForm(SafeTextMixin, forms.ModelForm)`` — first among the bases."""

    text_max = TEXT_MAX

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            harden_text_field(field, self.text_max)

    def full_clean(self):
        for field in self.fields.values():  # fields a subclass added after __init__ (criteria notes …)
            harden_text_field(field, self.text_max)
        super().full_clean()


def harden_text_field(field, limit=TEXT_MAX):
    """Give one form field the checks of :class:`SafeTextMixin` (idempotent)."""
    if not isinstance(field, forms.CharField):
        return
    field.error_messages["null_characters_not_allowed"] = NUL_MESSAGE
    if field.max_length is None:
        field.max_length = limit  # set once: the next call sees it and adds nothing twice
        field.validators.append(validators.MaxLengthValidator(limit))
        field.error_messages.setdefault("max_length", text_too_long_message(limit))
        if isinstance(field.widget, (forms.Textarea, forms.TextInput)):
            field.widget.attrs.setdefault("maxlength", str(limit))


def post_data(request):
    """The data to bind a form to: the POST's — even one with no fields, which ``request.POST or None`` left
    unbound (a blank form without its errors, the refusal unexplained) — and nothing on a GET."""
    return request.POST if request.method == "POST" else None


def posted(request):
    """``(data, files)`` to bind a form with files to (``post_data`` and the uploads)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)
