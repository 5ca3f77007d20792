from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from smarteka.accounts.models import AccessRequest, Consent, ConsentText, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "last_name", "first_name", "region", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "region"]
    search_fields = ["email", "last_name", "first_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Профиль", {"fields": ["last_name", "first_name", "middle_name", "organisation_type",
                                "organisation_name", "region", "position", "is_head", "work_phone",
                                "mobile_phone", "photo", "email_verified_at"]}),
        ("Доступ", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Даты", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """A new version of a consent text: add a row, mark it current, unmark the old one (F-ACC-1)."""

    list_display = ["kind", "version", "is_current", "published_at"]
    list_filter = ["kind", "is_current"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "text_version", "accepted_at", "ip", "withdrawn_at"]
    list_filter = ["kind", "text_version"]
    search_fields = ["user__email", "user__last_name"]
    readonly_fields = ["user", "kind", "text", "text_version", "accepted_at", "ip"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Read-only here: decisions go through the queue so that permissions and notices apply (F-ACC-3)."""

    list_display = ["user", "region", "status", "created_at", "verified_by", "granted_by", "refused_by"]
    list_filter = ["status", "region"]
    search_fields = ["user__email", "user__last_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
