from django.contrib import admin

from regions.models import (
    CoordinatorAppointment,
    FederalDistrict,
    LeaderRegistryEntry,
    ManagementTeamMember,
    QuarterlyReport,
    Region,
)


@admin.register(FederalDistrict)
class FederalDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order"]


class ManagementTeamInline(admin.TabularInline):
    model = ManagementTeamMember
    extra = 0
    fields = ["year", "full_name", "position", "order"]


class CoordinatorAppointmentInline(admin.TabularInline):
    """Read-only here: appointments go through «Назначить координатора» on the region page, which also
    grants and revokes the coordinator role (F-ACC-6)."""

    model = CoordinatorAppointment
    extra = 0
    fields = ["full_name", "position", "phone", "email", "user", "appointed_at", "ended_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "federal_district", "admitted_2022", "head_name"]
    list_filter = ["federal_district", "admitted_2022"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CoordinatorAppointmentInline, ManagementTeamInline]


@admin.register(CoordinatorAppointment)
class CoordinatorAppointmentAdmin(admin.ModelAdmin):
    """Corrections of recorded data (a typo in a phone); a new appointment is made on the region page."""

    list_display = ["full_name", "region", "position", "appointed_at", "ended_at", "user"]
    list_filter = ["region"]
    search_fields = ["full_name", "email", "region__name"]
    readonly_fields = ["region", "user", "appointed_by", "recorded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ManagementTeamMember)
class ManagementTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "region", "year", "order"]
    list_filter = ["year", "region"]
    search_fields = ["full_name", "region__name"]


@admin.register(LeaderRegistryEntry)
class LeaderRegistryEntryAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "reason", "direction", "entered_by", "entered_at"]
    list_filter = ["year", "reason"]
    search_fields = ["region__name", "direction"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(admin.ModelAdmin):
    """F-REPORT-2: when a region's quarterly report was first downloaded and confirmed (read only: the coordinator's
    download and «Подтвердить отправку отчёта» write it)."""

    list_display = ["region", "year", "quarter", "first_downloaded_at", "confirmed_at"]
    list_filter = ["year", "quarter"]
    search_fields = ["region__name"]
    readonly_fields = ["region", "year", "quarter", "first_downloaded_at", "first_downloaded_by", "confirmed_at",
                       "confirmed_by", "created_at"]

    def has_add_permission(self, request):
        return False
