from django.contrib import admin

from replication.models import (
    Event,
    InterestSummary,
    Message,
    RegionInterest,
    ReplicationRequest,
    RequestDocument,
)


class DocumentInline(admin.TabularInline):
    model = RequestDocument
    extra = 0
    raw_id_fields = ["file", "uploaded_by"]


@admin.register(ReplicationRequest)
class ReplicationRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "practice", "recipient_region", "recipient", "state", "implementation_moderator",
                    "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["practice", "recipient", "implementation_moderator", "assigned_by", "report_checked_by",
                     "event"]
    readonly_fields = ["state"]
    inlines = [DocumentInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "format", "place"]
    filter_horizontal = ["practices", "invited_regions"]


admin.site.register(RegionInterest)
admin.site.register(InterestSummary)
admin.site.register(Message)
