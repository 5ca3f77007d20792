from django.contrib import admin

from smarteka.notifications.models import EmailLog, Notice, NotificationSetting


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at", "requires_action",
                    "action_done_at"]
    list_filter = ["kind", "requires_action"]
    search_fields = ["title", "recipient__email"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "mode", "updated_at"]
    list_filter = ["group", "mode"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "recipients", "subject", "kind", "is_digest", "result"]
    list_filter = ["result", "is_digest"]
    search_fields = ["recipients", "subject"]
    raw_id_fields = ["recipient", "notice"]
    date_hierarchy = "sent_at"
