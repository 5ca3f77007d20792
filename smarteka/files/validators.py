"""Upload checks by CONTENT (F-FILE-1): size, real format, and agreement with the declared extension.

A file is never trusted for its name or the browser's content type: images are opened and verified
with Pillow, documents are recognised by their magic bytes and inner structure (OLE2 stream names,
ZIP members), and the extension the user gave must name the format the content really has.

    detected = validate_upload(upload, kinds=("pdf", "docx"))   # raises ValidationError in Russian
    detected.kind, detected.content_type, detected.extension
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image


@dataclass(frozen=True)
class Kind:
    code: str
    title: str  # shown in «Допустимые форматы: …»
    nominative: str  # «по содержимому это документ PDF»
    instrumental: str  # «не является документом PDF»
    extensions: tuple
    content_type: str


KINDS = {
    k.code: k
    for k in (
        Kind("pdf", "PDF", "документ PDF", "документом PDF", (".pdf",), "application/pdf"),
        Kind("doc", "DOC", "документ Word (DOC)", "документом Word (DOC)", (".doc",), "application/msword"),
        Kind("xls", "XLS", "таблица Excel (XLS)", "таблицей Excel (XLS)", (".xls",), "application/vnd.ms-excel"),
        Kind("ppt", "PPT", "презентация PowerPoint (PPT)", "презентацией PowerPoint (PPT)", (".ppt",),
             "application/vnd.ms-powerpoint"),
        Kind("docx", "DOCX", "документ Word (DOCX)", "документом Word (DOCX)", (".docx",),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Kind("xlsx", "XLSX", "таблица Excel (XLSX)", "таблицей Excel (XLSX)", (".xlsx",),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind("pptx", "PPTX", "презентация PowerPoint (PPTX)", "презентацией PowerPoint (PPTX)", (".pptx",),
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        Kind("odt", "ODT", "текстовый документ OpenDocument (ODT)", "текстовым документом OpenDocument (ODT)",
             (".odt",), "application/vnd.oasis.opendocument.text"),
        Kind("ods", "ODS", "таблица OpenDocument (ODS)", "таблицей OpenDocument (ODS)", (".ods",),
             "application/vnd.oasis.opendocument.spreadsheet"),
        Kind("odp", "ODP", "презентация OpenDocument (ODP)", "презентацией OpenDocument (ODP)", (".odp",),
             "application/vnd.oasis.opendocument.presentation"),
        Kind("zip", "ZIP", "архив ZIP", "архивом ZIP", (".zip",), "application/zip"),
        Kind("jpeg", "JPG", "изображение JPEG", "изображением JPEG", (".jpg", ".jpeg"), "image/jpeg"),
        Kind("png", "PNG", "изображение PNG", "изображением PNG", (".png",), "image/png"),
        Kind("bmp", "BMP", "изображение BMP", "изображением BMP", (".bmp",), "image/bmp"),
        Kind("webp", "WebP", "изображение WebP", "изображением WebP", (".webp",), "image/webp"),
    )
}

DOCUMENT_KINDS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp")
ARCHIVE_KINDS = ("zip",)
IMAGE_KINDS = ("jpeg", "png", "bmp", "webp")


def image_kinds():
    """Image formats accepted where images are asked for (``settings.FILE_IMAGE_KINDS`` overrides)."""
    return tuple(getattr(settings, "FILE_IMAGE_KINDS", IMAGE_KINDS))


def all_kinds():
    return DOCUMENT_KINDS + ARCHIVE_KINDS + image_kinds()


def max_bytes():
    return getattr(settings, "FILE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def extensions_for(kinds):
    return [ext for code in kinds for ext in KINDS[code].extensions]


def formats_text(kinds):
    return ", ".join(KINDS[code].title for code in kinds)


@dataclass(frozen=True)
class Detected:
    kind: str  # a KINDS code
    content_type: str
    extension: str  # canonical extension for the storage name, e.g. ".pdf"


# --- recognising the content

_PIL_FORMATS = {"JPEG": "jpeg", "PNG": "png", "BMP": "bmp", "WEBP": "webp"}
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_STREAMS = (  # stream names in the compound file's directory (UTF-16LE)
    ("doc", ("WordDocument",)),
    ("xls", ("Workbook", "Book")),
    ("ppt", ("PowerPoint Document",)),
)
_OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_DIRS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
# What a refused file really is, for the message («по содержимому это …»).
_FOREIGN = {
    "exe": "исполняемый файл",
    "elf": "исполняемый файл",
    "mach": "исполняемый файл",
    "dex": "исполняемый файл",
    "msi": "установочный пакет",
    "rar": "архив RAR",
    "7z": "архив 7-Zip",
    "gz": "архив GZIP",
    "tar": "архив TAR",
    "bz2": "архив BZIP2",
    "xz": "архив XZ",
    "gif": "изображение GIF",
    "tif": "изображение TIFF",
    "heic": "изображение HEIC",
    "mp4": "видеофайл",
    "avi": "видеофайл",
    "mkv": "видеофайл",
    "mov": "видеофайл",
    "mp3": "аудиофайл",
    "wav": "аудиофайл",
    "rtf": "документ RTF",
    "swf": "файл Flash",
    "sqlite": "база данных SQLite",
}


def _detect_ole2(data):
    for code, streams in _OLE2_STREAMS:
        if any(name.encode("utf-16-le") in data for name in streams):
            return code
    return None


def _detect_zip(data):
    """('docx' | 'xlsx' | … | 'zip', None) or (None, description) for a damaged archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, code in _OOXML_DIRS:
                    if any(name.startswith(prefix) for name in names):
                        return code
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
                if mimetype in _OPENDOCUMENT:
                    return _OPENDOCUMENT[mimetype]
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None


def _detect_image(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of errors on damaged or hostile input
        return None
    return _PIL_FORMATS.get(fmt)


def _looks_like_text(data):
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:  # a multibyte character cut at the end of the sample
        return exc.start >= len(sample) - 3


def _markup(head):
    """A Russian description when the bytes are markup a browser would run (HTML, SVG, XML), else None.

    issue 15 item 4: such a file is refused whatever its name says — an SVG or an HTML page renamed
    ``.png``/``.pdf`` must never be stored (served, it could run script in the site's origin)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c")
    if not stripped.startswith(b"<"):
        return None
    sample = stripped[:4096].lower()
    if b"<svg" in sample:
        return "изображение SVG"
    if any(tag in sample for tag in (b"<html", b"<!doctype html", b"<script", b"<body", b"<head", b"<iframe")):
        return "HTML-страница"
    return "документ XML или HTML"


def detect(data):
    """The KINDS code the bytes really are, or ``(None, Russian description)``."""
    head = data[:2048]
    markup = _markup(data[:8192])
    if markup:
        return None, markup
    marker = head[:1024].find(b"%PDF-")
    if marker >= 0:
        if b"<" in head[:marker]:  # markup before the PDF header: an HTML/PDF polyglot (issue 15 item 4)
            return None, "HTML-страница со вставкой PDF"
        return "pdf", None
    if head.startswith(_OLE2_MAGIC):
        code = _detect_ole2(data)
        if code:
            return code, None
        return None, "составной файл Microsoft, не являющийся документом Word, Excel или PowerPoint"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        code = _detect_zip(data)
        if code:
            return code, None
        return None, "повреждённый архив ZIP"
    image = _detect_image(data)
    if image:
        return image, None
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension in _FOREIGN:
            return None, _FOREIGN[guess.extension]
        if guess.mime.startswith("image/"):
            return None, f"повреждённое или неподдерживаемое изображение ({guess.extension.upper()})"
        return None, f"файл формата {guess.extension.upper()}"
    if head.startswith(b"MZ"):
        return None, "исполняемый файл"
    if head.startswith(b"\x7fELF"):
        return None, "исполняемый файл"
    if _looks_like_text(data):
        return None, "текстовый файл"
    return None, "файл неизвестного формата"


# --- the check


def read_upload(upload):
    """All bytes of an uploaded file (callers check the size first)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def validate_upload(upload, kinds=None):
    """Check an uploaded file against the allowed ``kinds``; return :class:`Detected`.

    Raises ``ValidationError`` with a Russian message naming the file and the allowed formats.
    """
    kinds = tuple(kinds or all_kinds())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown file kinds {unknown!r}")
    name = PurePath(getattr(upload, "name", "") or "файл").name
    allowed = formats_text(kinds)
    limit = max_bytes()

    size = getattr(upload, "size", None)
    if size is None:
        size = len(read_upload(upload))
    if size > limit:
        raise ValidationError(
            "Файл «%(name)s» слишком большой (%(size)s). Максимальный размер файла — %(limit)s.",
            code="too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise ValidationError("Файл «%(name)s» пуст.", code="empty", params={"name": name})

    extension = PurePath(name).suffix.lower()
    declared = [code for code in kinds if extension in KINDS[code].extensions]
    if not declared:
        raise ValidationError(
            "Файл «%(name)s» имеет недопустимый формат. Допустимые форматы: %(allowed)s.",
            code="extension",
            params={"name": name, "allowed": allowed},
        )
    expected = KINDS[declared[0]]

    code, description = detect(read_upload(upload))
    if code != expected.code:
        actual = KINDS[code].nominative if code else description
        raise ValidationError(
            "Файл «%(name)s» не является %(expected)s: по содержимому это %(actual)s. "
            "Допустимые форматы: %(allowed)s.",
            code="content_mismatch",
            params={"name": name, "expected": expected.instrumental, "actual": actual, "allowed": allowed},
        )
    return Detected(kind=code, content_type=expected.content_type, extension=expected.extensions[0])
