from django.contrib import admin

from smarteka.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "file_format", "kind", "size", "uploaded_by", "uploaded_at", "is_public")
    list_filter = ("file_format", "kind", "is_public")
    search_fields = ("original_name", "sha256", "uploaded_by__email", "uploaded_by__last_name")
    readonly_fields = (
        "id", "file", "original_name", "content_type", "file_format", "extension", "size", "sha256",
        "uploaded_by", "uploaded_at", "owner_type", "owner_id",
    )
    fields = readonly_fields[:11] + ("is_public", "kind") + readonly_fields[11:]

    def has_add_permission(self, request):
        return False  # uploads go through store_upload, which checks the content
