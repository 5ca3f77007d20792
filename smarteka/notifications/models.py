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
    # F-PLUS-9: the recipient wants this notice in the daily digest; digested_at marks it sent there once.
    digest_wanted = models.BooleanField("в ежедневную сводку", default=False)
    digested_at = models.DateTimeField("отправлено в сводке", null=True, blank=True)
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
            models.Index(fields=["recipient", "created_at"], name="notice_digest_due",
                         condition=models.Q(digest_wanted=True, digested_at__isnull=True)),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class EmailMode(models.TextChoices):
    """How a user wants one group of notices (F-PLUS-9)."""

    IMMEDIATE = "immediate", "Сразу на почту"
    DIGEST = "digest", "Ежедневная сводка"
    IN_APP = "in_app", "Только на платформе"


class NotificationSetting(models.Model):
    """A user's choice for one group of notices (F-PLUS-9); no row means «сразу на почту»."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_settings",
                             verbose_name="пользователь")
    group = models.CharField("группа уведомлений", max_length=32)
    mode = models.CharField("доставка", max_length=16, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "настройка уведомлений"
        verbose_name_plural = "настройки уведомлений"
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="notice_setting_user_group")]

    def __str__(self):
        return f"{self.user_id}: {self.group} — {self.get_mode_display()}"


class EmailLog(models.Model):
    """One e-mail sent (or tried) by the notifications (F-PLUS-9): to whom, subject, when, the result.
    Shown in the object's history to those who may see that history."""

    class Result(models.TextChoices):
        SENT = "sent", "доставлено на почтовый сервер"
        FAILED = "failed", "ошибка отправки"
        NO_ADDRESS = "no_address", "не отправлено: нет адреса или учётная запись отключена"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="получатель")
    recipients = models.TextField("адреса получателей", blank=True)
    subject = models.CharField("тема", max_length=400)
    kind = models.CharField("вид", max_length=64, blank=True)
    is_digest = models.BooleanField("ежедневная сводка", default=False)
    notice = models.ForeignKey(Notice, on_delete=models.SET_NULL, null=True, blank=True, related_name="email_logs",
                               verbose_name="уведомление")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField("время", auto_now_add=True)
    result = models.CharField("результат", max_length=16, choices=Result.choices)
    error = models.CharField("ошибка", max_length=500, blank=True)

    class Meta:
        verbose_name = "отправленное письмо"
        verbose_name_plural = "журнал писем"
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "sent_at"], name="emaillog_object_at")]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"
