from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from smarteka.accounts.models import User


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
