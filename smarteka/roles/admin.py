from django.contrib import admin

from smarteka.roles.models import RoleGrant


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "category", "federal_district", "granted_by", "granted_at", "revoked_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["granted_by", "granted_at", "revoked_by", "revoked_at"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
