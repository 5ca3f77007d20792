from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from smarteka.permissions import forget_grants
from smarteka.roles import services
from smarteka.roles.models import RoleGrant


class ActiveFilter(admin.SimpleListFilter):
    title = "состояние"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Действует"), ("revoked", "Снята")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "revoked":
            return queryset.revoked()
        return queryset


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Django admin side of F-ROLE-2: a grant made here records who granted it; a grant is never
    edited into another role or scope nor deleted — it is revoked with «Снять роль»."""

    list_display = ["user", "role", "region", "category", "federal_district", "granted_by", "granted_at",
                    "revoked_by", "revoked_at"]
    list_filter = [ActiveFilter, "role", "region", "category", "federal_district"]
    search_fields = ["user__email", "user__last_name", "user__first_name"]
    readonly_fields = ["granted_by", "granted_at", "revoked_by", "revoked_at", "revoke_reason"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "region", "category", "federal_district", "granted_by", "revoked_by"]
    actions = ["revoke_selected"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # the record of a grant: only its basis may be corrected
            return ["user", "role", "region", "category", "federal_district", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
        forget_grants(obj.user)

    @admin.action(description="Снять роль", permissions=["change"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for grant in queryset.active().select_related("user"):
            try:
                services.close_grant(grant, by=request.user, reason="Снята в административном интерфейсе")
            except ValidationError as error:
                self.message_user(request, f"{grant.user}: {' '.join(error.messages)}", messages.ERROR)
            else:
                revoked += 1
        self.message_user(request, f"Снято ролей: {revoked}.", messages.SUCCESS if revoked else messages.WARNING)
