"""Form helpers every app shares."""


def add_service_errors(form, exc):
    """Put a service's ValidationError on the form: at the field when it names one of the form's
    fields, otherwise above the form — so the refused form re-renders with everything typed kept."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
