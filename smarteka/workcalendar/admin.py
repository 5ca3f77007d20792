from django.contrib import admin

from smarteka.workcalendar.models import CalendarDay
from smarteka.workcalendar.services import invalidate


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Editable for future government decrees on day transfers."""

    list_display = ["date", "is_working", "kind", "note"]
    list_editable = ["is_working", "kind", "note"]
    list_filter = ["is_working", "kind"]
    search_fields = ["note"]
    date_hierarchy = "date"
    list_per_page = 62

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate()
