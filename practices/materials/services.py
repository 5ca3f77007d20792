"""Services of the passport's materials and cover (F-PASS-2, F-FILE-1): one function per user action."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from practices.enums import PERSONAL_DATA_KINDS
from practices.materials.forms import COVER_KINDS, MATERIAL_FILE_KINDS
from practices.models import Material, MaterialKind
from smarteka import permissions
from smarteka.files.services import store_upload

THUMBNAIL_SIZE = (400, 300)


def add_material(practice, *, by, kind, title="", upload=None, url="", is_public=True):
    """Attach a file (checked by content, ≤ 20 MB) or a link of the given MaterialKind.

    A kind that carries personal data (``PERSONAL_DATA_KINDS``: the consents of 4.1.6) is stored
    private whatever ``is_public`` says: it never reaches the catalogue (issue 13 item 11, 152-ФЗ)."""
    permissions.require(by, "change_practice_materials", practice)
    kind = MaterialKind(kind)
    is_public = is_public and kind not in PERSONAL_DATA_KINDS
    with transaction.atomic():
        stored = None
        if upload is not None:
            stored = store_upload(upload, by=by, owner=practice, kind=f"material:{kind.value}",
                                  kinds=MATERIAL_FILE_KINDS)
        return Material.objects.create(
            practice=practice, kind=kind, title=title or (stored.original_name if stored else ""),
            file=stored, url=url or "", is_public=is_public, added_by=by,
        )


def delete_material(material, *, by):
    """Remove a material; its stored file goes too unless another row still uses it (the published practice
    whose actualization copy shares its files, F-ACT-1)."""
    permissions.require(by, "change_practice_materials", material.practice)
    with transaction.atomic():
        stored = material.file
        material.delete()
        if stored is not None and not Material.objects.filter(file=stored).exists():
            name, storage = stored.file.name, stored.file.storage
            stored.delete()
            transaction.on_commit(lambda: storage.delete(name))


def make_thumbnail(upload, size=THUMBNAIL_SIZE):
    """A JPEG of exactly ``size`` cut from the centre of the image (for catalogue cards)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        thumb = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    upload.seek(0)
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def set_cover(practice, *, by, upload):
    """Keep the cover (a private StoredFile of kind «cover») and its 400×300 JPEG thumbnail."""
    permissions.require(by, "change_practice_materials", practice)
    thumbnail = make_thumbnail(upload)
    with transaction.atomic():
        stored = store_upload(upload, by=by, owner=practice, kind="cover", kinds=COVER_KINDS)
        old_thumb = practice.cover_thumbnail.name if practice.cover_thumbnail else ""
        practice.cover = stored
        practice.cover_thumbnail.save(f"practice-{practice.pk}-{stored.pk.hex[:8]}.jpg", ContentFile(thumbnail),
                                      save=False)
        practice.save(update_fields=["cover", "cover_thumbnail", "updated_at"])
        # the published practice and its actualization copy may share the old thumbnail (F-ACT-1)
        if old_thumb and not type(practice).objects.filter(cover_thumbnail=old_thumb).exists():
            storage = practice.cover_thumbnail.storage
            transaction.on_commit(lambda: storage.delete(old_thumb))
    return stored
