import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from smarteka.files import validators
from smarteka.files.models import StoredFile


def store_upload(upload, *, by, owner=None, kind="", is_public=False, kinds=None):
    """Check ``upload`` by content and keep it as a :class:`StoredFile` (F-FILE-1).

    The storage name is ``files/YYYY/MM/DD/<uuid>.<ext>`` — never the user's file name; the
    original name is kept for the download's Content-Disposition. Raises ``ValidationError``
    (Russian) when the file is refused.
    """
    detected = getattr(upload, "detected", None)
    if not isinstance(detected, validators.Detected) or (kinds and detected.kind not in kinds):
        detected = validators.validate_upload(upload, kinds)
    data = validators.read_upload(upload)
    stored = StoredFile(
        original_name=validators.PurePath(upload.name).name[:255],
        content_type=detected.content_type,
        file_format=detected.kind,
        extension=detected.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by if by is not None and by.is_authenticated else None,
        is_public=is_public,
        kind=kind,
    )
    if owner is not None:
        stored.owner_type = ContentType.objects.get_for_model(owner)
        stored.owner_id = owner.pk
    upload.seek(0)
    stored.file.save(f"upload{detected.extension}", upload, save=False)
    try:
        with transaction.atomic():
            stored.save(force_insert=True)
    except BaseException:
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


def sweep_orphans(*, today=None, grace_days=2, window_days=30):
    """Delete stored bytes that no :class:`StoredFile` names — left when the transaction around an
    upload rolled back after the bytes were written. Looks at the day folders ``files/YYYY/MM/DD/``
    from ``window_days`` to ``grace_days`` ago (uploads in flight are never touched) and returns the
    names it deleted. Safe to run twice or in two workers: deleting a missing name is a no-op."""
    storage = StoredFile._meta.get_field("file").storage
    today = today or timezone.localdate()
    removed = []
    for age in range(grace_days, window_days + 1):
        folder = f"files/{today - datetime.timedelta(days=age):%Y/%m/%d}"
        try:
            names = storage.listdir(folder)[1]
        except FileNotFoundError:
            continue
        paths = [f"{folder}/{name}" for name in names]
        known = set(StoredFile.objects.filter(file__in=paths).values_list("file", flat=True))
        for path in paths:
            if path not in known:
                storage.delete(path)
                removed.append(path)
    return removed

