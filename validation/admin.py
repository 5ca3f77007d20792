"""Admin views of selections and КСИ sessions (read and correct; the workflow runs through the services)."""

from django.contrib import admin

from validation.models import ActualizationRequest, KsiDecision, KsiSession, Selection, SelectionApplication


class ApplicationInline(admin.TabularInline):
    model = SelectionApplication
    extra = 0
    raw_id_fields = ["practice", "applied_by", "moderated_by"]


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "intake_from", "intake_to"]
    list_filter = ["state"]
    readonly_fields = ["state"]
    raw_id_fields = ["regulation"]
    filter_horizontal = ["experts"]
    inlines = [ApplicationInline]


class DecisionInline(admin.TabularInline):
    model = KsiDecision
    extra = 0
    raw_id_fields = ["practice", "decided_by"]


@admin.register(KsiSession)
class KsiSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "date"]
    raw_id_fields = ["protocol"]
    filter_horizontal = ["participants"]
    inlines = [DecisionInline]


@admin.register(ActualizationRequest)
class ActualizationRequestAdmin(admin.ModelAdmin):
    """Requests to actualize (4.5.4–4.5.6, F-ACT-1): read only — they move through the services."""

    list_display = ["practice", "requester_role", "state", "created_at", "granted_at"]
    list_filter = ["state", "requester_role"]
    readonly_fields = ["practice", "requested_by", "requester_role", "reason", "created_at", "state", "granted_by",
                       "granted_at", "edit", "closed_at"]
