"""Form helpers every app shares."""

from django import forms
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
