from django.contrib import admin

from smarteka.deadlines.models import Deadline, Reminder


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    readonly_fields = ["stage", "sent_at"]
    can_delete = False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "content_type", "object_id", "starts_on", "due_on", "state"]
    list_filter = ["state", "kind"]
    date_hierarchy = "due_on"
    raw_id_fields = ["assignees", "escalate_to"]
    readonly_fields = ["created_at", "closed_at"]
    inlines = [ReminderInline]
