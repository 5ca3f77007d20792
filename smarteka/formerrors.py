"""The error summary of a refused form (issue 14 item 3): every error of every bound form (and formset)
on the page, each linked to its field, shown at the top of the page, which receives the focus.

``base.html`` renders it once for every page through ``{% error_summary %}``: the forms are found in the
template context (a form, a formset, or a list/dict of them), so a new form page gets it without doing
anything. A form opts out with ``show_error_summary = False`` (a search/filter form).
"""

from django.forms import BaseForm
from django.forms.formsets import BaseFormSet


def _is_form(value):
    # type() and not isinstance(): a lazy object in the context (the user) must not be evaluated here
    return issubclass(type(value), BaseForm)


def _is_formset(value):
    return issubclass(type(value), BaseFormSet)


def _candidates(context_values):
    for value in context_values:
        if _is_form(value) or _is_formset(value):
            yield value
        elif type(value) in (list, tuple):
            for v in value:
                if _is_form(v) or _is_formset(v):
                    yield v
                elif type(v) is dict:  # a page's action blocks: [{"action": …, "form": form}, …]
                    yield from (f for f in v.values() if _is_form(f) or _is_formset(f))
        elif type(value) is dict:
            yield from (v for v in value.values() if _is_form(v) or _is_formset(v))


def field_anchor(bound_field):
    """The id to link to and focus: the input itself, or the first of a group of radios/checkboxes."""
    if bound_field.is_hidden:
        return ""
    anchor = bound_field.id_for_label
    if not anchor:
        subwidgets = bound_field.subwidgets
        anchor = subwidgets[0].id_for_label if subwidgets else bound_field.auto_id
    return anchor or ""


def _form_errors(form, row=None):
    items = []
    if not form.is_bound or not form.errors:
        return items
    prefix = f"Строка {row}: " if row is not None else ""
    for error in form.non_field_errors():
        items.append({"text": f"{prefix}{error}", "anchor": ""})
    for name in form.fields:  # in the order of the fields on the page, also for errors added by clean()
        errors = form.errors.get(name)
        if not errors:
            continue
        bound_field = form[name]
        label = bound_field.label or name
        for error in errors:
            items.append({"label": f"{prefix}{label}", "text": error, "anchor": field_anchor(bound_field),
                          "name": bound_field.html_name})
    return items


def summary_items(context_values):
    """The error list of every bound form with errors among ``context_values``, in page order."""
    items, seen = [], set()
    for candidate in _candidates(context_values):
        if id(candidate) in seen or not getattr(candidate, "show_error_summary", True):
            continue
        seen.add(id(candidate))
        if _is_formset(candidate):
            if not candidate.is_bound:
                continue
            for error in candidate.non_form_errors():
                items.append({"text": error, "anchor": ""})
            for index, form in enumerate(candidate.forms, start=1):
                seen.add(id(form))
                items += _form_errors(form, row=index)
        else:
            items += _form_errors(candidate)
    unique, keys = [], set()
    for item in items:
        key = (item.get("label"), str(item["text"]), item["anchor"])
        if key not in keys:
            keys.add(key)
            unique.append(item)
    return unique
