"""Reusable upload validators (F-ACC-2; also for covers and materials later).

Files are checked by their content, never by their name: a text file renamed ``photo.jpg`` is
refused.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# Pillow format name -> (label shown to people, file extension to store)
PHOTO_FORMATS = {"JPEG": ("JPG", "jpg"), "PNG": ("PNG", "png")}


def validate_max_size(upload, max_bytes=MAX_UPLOAD_BYTES):
    """At most 20 MB (the regulation's limit for every upload)."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            "Файл слишком большой: %(size)s. Допустимый размер — не более %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )


def image_format(upload):
    """The Pillow format name of the upload's content (``"JPEG"``, ``"PNG"`` …) or None."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
        upload.seek(0)
        with Image.open(upload) as image:  # verify() leaves the image unusable; decode once more
            image.load()
        return fmt
    except Exception:
        return None
    finally:
        if position is not None:
            upload.seek(0)


def validate_image_content(upload, formats=PHOTO_FORMATS):
    """The content is an image in one of ``formats`` (checked with Pillow, not by the name)."""
    fmt = image_format(upload)
    allowed = ", ".join(label for label, _ext in formats.values())
    if fmt is None:
        raise ValidationError(
            "Файл не является изображением. Загрузите фотографию в формате %(allowed)s.",
            code="not_an_image", params={"allowed": allowed},
        )
    if fmt not in formats:
        raise ValidationError(
            "Формат изображения %(format)s не поддерживается. Загрузите фотографию в формате %(allowed)s.",
            code="bad_image_format", params={"format": fmt, "allowed": allowed},
        )
    return fmt


def validate_photo(upload):
    """A profile photo: ≤ 20 MB and a JPG or PNG image by content."""
    validate_max_size(upload)
    return validate_image_content(upload)


def photo_extension(upload):
    """The extension that matches the content (so «photo.jpg» holding a PNG is stored as .png)."""
    fmt = image_format(upload)
    return PHOTO_FORMATS.get(fmt, (None, "bin"))[1]


# --- profile text fields

_NAME_RE = re.compile(r"^[А-ЯЁа-яё]+(?:[ -][А-ЯЁа-яё]+)*$")
_PHONE_RE = re.compile(r"^\+?[\d\s()\-]+$")


def normalize_name(value):
    return re.sub(r"\s+", " ", (value or "").strip())


def validate_cyrillic_name(value):
    """ФИО in Cyrillic: Russian letters, hyphen and space only (F-ACC-2)."""
    if value and not _NAME_RE.match(normalize_name(value)):
        raise ValidationError(
            "Допустимы только русские буквы, дефис и пробел (например, «Петрова-Водкина»).",
            code="not_cyrillic",
        )


def validate_phone(value):
    digits = re.sub(r"\D", "", value or "")
    if value and (not _PHONE_RE.match(value.strip()) or not 10 <= len(digits) <= 15):
        raise ValidationError(
            "Укажите номер телефона с кодом, например +7 (4162) 20-00-00.", code="bad_phone",
        )
