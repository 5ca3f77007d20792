from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Notice(models.Model):
    """An in-app notification, also sent by e-mail (F-NOTE-1). ``requires_action`` notices make up
    the list «Ожидают моих действий» until ``action_done_at`` is set."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name="получатель")
    kind = models.CharField("вид", max_length=64)
    title = models.CharField("заголовок", max_length=300)
    body = models.TextField("текст", blank=True)
    url = models.CharField("ссылка", max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("создано", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    emailed_at = models.DateTimeField("отправлено по почте", null=True, blank=True)
    # The outbox (issue 15 item 7): the e-mail is wanted until emailed_at is set; the sweep queues it
    # again once (email_requeued_at) when the first queueing was lost.
    email_wanted = models.BooleanField("нужно отправить по почте", default=False)
    email_requeued_at = models.DateTimeField("повторно поставлено в очередь", null=True, blank=True)
    requires_action = models.BooleanField("требует действия", default=False)
    action_done_at = models.DateTimeField("действие выполнено", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notice_recipient_read"),
            models.Index(fields=["recipient", "requires_action", "action_done_at"], name="notice_recipient_action"),
            models.Index(fields=["content_type", "object_id"], name="notice_object"),
            models.Index(fields=["created_at"], name="notice_email_unsent",
                         condition=models.Q(email_wanted=True, emailed_at__isnull=True,
                                            email_requeued_at__isnull=True)),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None
