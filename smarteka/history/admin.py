from django.contrib import admin

from smarteka.history.models import Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "from_label", "to_label", "action", "by")
    list_filter = ("content_type", "action")
    search_fields = ("comment", "by__email", "by__last_name")
    list_select_related = ("content_type", "by")
    raw_id_fields = ("by", "files")

    # The log is written by services only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
