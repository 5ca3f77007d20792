from django import forms

from smarteka.files import validators


class ContentCheckedFileField(forms.FileField):
    """A file field that checks size and format by content (F-FILE-1), with Russian messages.

    ``ContentCheckedFileField(kinds=("pdf", "docx"))``; the cleaned upload carries the result as
    ``upload.detected`` so that ``services.store_upload`` does not read it twice.
    """

    default_error_messages = {
        "required": "Выберите файл.",
        "invalid": "Отправленные данные не являются файлом. Проверьте тип кодировки формы.",
        "missing": "Файл не был отправлен.",
        "empty": "Отправленный файл пуст.",
        "max_length": "Имя файла слишком длинное: не более %(max)d символов (сейчас %(length)d).",
        "contradiction": "Либо выберите новый файл, либо отметьте «Очистить», но не то и другое сразу.",
    }

    def __init__(self, *, kinds=None, max_length=255, **kwargs):
        self.kinds = tuple(kinds or validators.all_kinds())
        for code in self.kinds:
            if code not in validators.KINDS:
                raise ValueError(f"unknown file kind {code!r}")
        kwargs.setdefault(
            "help_text",
            f"Допустимые форматы: {validators.formats_text(self.kinds)}; "
            f"размер не более {validators.max_bytes() // (1024 * 1024)} МБ.",
        )
        super().__init__(max_length=max_length, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(validators.extensions_for(self.kinds))
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            upload.detected = validators.validate_upload(upload, self.kinds)
        return upload
