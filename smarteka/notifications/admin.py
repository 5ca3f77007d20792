from django.contrib import admin

from smarteka.notifications.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at", "requires_action",
                    "action_done_at"]
    list_filter = ["kind", "requires_action"]
    search_fields = ["title", "recipient__email"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
