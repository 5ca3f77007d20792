"""Every file the site sends (issue 15 item 4): a download, never a page.

``Content-Disposition: attachment`` with the user's name (RFC 5987/6266 ``filename*=utf-8''…`` for a
Cyrillic name), ``X-Content-Type-Options: nosniff``, and a content type the content check gave (one of
the ``validators.KINDS``) — anything else goes out as ``application/octet-stream``. An ``<img>`` shows an
attachment all the same, so photos, covers and thumbnails keep working; an HTML or SVG file can never run
in the site's origin (and such files are refused at upload: ``validators.detect``).
"""

from pathlib import PurePath

from django.http import FileResponse
from django.utils.http import content_disposition_header

from smarteka.files.validators import KINDS

SAFE_CONTENT_TYPES = frozenset(kind.content_type for kind in KINDS.values())
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def safe_content_type(content_type):
    """``content_type`` when it is a format the content check knows, else ``application/octet-stream``."""
    return content_type if content_type in SAFE_CONTENT_TYPES else FALLBACK_CONTENT_TYPE


def content_type_for_name(name):
    """The content type of a file the site itself named by its checked content (``photo.png``)."""
    extension = PurePath(str(name or "")).suffix.lower()
    for kind in KINDS.values():
        if extension in kind.extensions:
            return kind.content_type
    return FALLBACK_CONTENT_TYPE


def download_name(name):
    """The user's file name as a header may carry it: no path, no control characters (a CR/LF would
    break the header), never empty."""
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = "".join("_" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in name).strip()
    return name or "file"


def attachment_disposition(name):
    """``attachment; filename="Report.pdf"`` or ``attachment; filename*=utf-8''%D0%9F…`` (RFC 5987)."""
    return content_disposition_header(True, download_name(name))


def harden(response, name):
    """Make any file response a download: attachment + nosniff + a known content type."""
    response["Content-Type"] = safe_content_type(response.get("Content-Type", "").split(";")[0].strip())
    response["Content-Disposition"] = attachment_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_response(handle, *, name, content_type, size=None):
    """A :class:`FileResponse` streaming ``handle`` as a download named ``name``."""
    response = FileResponse(handle, as_attachment=True, filename=download_name(name),
                            content_type=safe_content_type(content_type))
    if size is not None:
        response["Content-Length"] = size
    return harden(response, name)
