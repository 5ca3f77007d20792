import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from smarteka.kepturls import reverse  # kept per process (issue 17)


def storage_name(instance, filename):
    """``files/YYYY/MM/DD/<uuid><canonical extension>``: the user's file name never becomes a path."""
    today = timezone.localdate()
    extension = instance.extension or ""
    return f"files/{today:%Y/%m/%d}/{instance.pk.hex}{extension}"


class StoredFile(models.Model):
    """An uploaded file checked by content (F-FILE-1), served only through ``files:download``.

    ``owner`` is the object the file belongs to (a practice, a replication request …); the owning
    app answers who else may download it with the rule ``download_file:<app_label>.<model_name>``
    (see ``smarteka.files.permissions``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField("Файл", upload_to=storage_name, max_length=255)
    original_name = models.CharField("Имя файла", max_length=255)
    content_type = models.CharField("Тип содержимого", max_length=120)
    file_format = models.CharField("Формат", max_length=10, help_text="Определён по содержимому")
    extension = models.CharField("Расширение", max_length=10, blank=True)
    size = models.PositiveBigIntegerField("Размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Загрузил", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField("Загружен", default=timezone.now)
    is_public = models.BooleanField("Доступен всем", default=False)
    kind = models.CharField("Назначение", max_length=50, blank=True,
                            help_text="Например: protocol, material, photo")
    owner_type = models.ForeignKey(ContentType, verbose_name="Тип владельца", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField("Владелец (id)", null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "файл"
        verbose_name_plural = "файлы"
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="files_owner_idx")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("files:download", args=[self.pk])
