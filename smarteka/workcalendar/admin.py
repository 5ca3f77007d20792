from django.contrib import admin, messages
from django.utils import timezone

from smarteka.workcalendar import seed
from smarteka.workcalendar.models import CalendarDay, CalendarYear, CalendarYearReminder
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


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """F-DL-12: the ASI moderator confirms a year once the government's decree on day transfers is
    published: the transfers entered by hand in «Производственный календарь» or re-imported here from a
    newer `holidays` package (the action below), then «подтверждён» with the decree's number and date."""

    list_display = ["year", "confirmed", "decree_number", "decree_date", "confirmed_by", "confirmed_at", "note"]
    list_filter = ["confirmed"]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    fields = ["year", "confirmed", "decree_number", "decree_date", "note", "confirmed_by", "confirmed_at"]
    actions = ["reload_from_holidays"]

    def save_model(self, request, obj, form, change):
        if obj.confirmed and (not change or "confirmed" in form.changed_data):
            obj.confirmed_by, obj.confirmed_at = request.user, timezone.now()
        elif not obj.confirmed:
            obj.confirmed_by, obj.confirmed_at = None, None
        super().save_model(request, obj, form, change)
        invalidate()

    @admin.action(description="Перезагрузить из пакета holidays")
    def reload_from_holidays(self, request, queryset):
        """Replace the selected years' days with those of the installed `holidays` (hand corrections of
        those years are lost). The confirmation stays as it is: the moderator confirms after checking."""
        known, unknown = [], []
        for year in queryset.order_by("year"):
            (known if seed.reload_year(CalendarDay, year.year) else unknown).append(str(year.year))
            year.note = seed.package_note()
            year.save(update_fields=["note"])
        invalidate()
        if known:
            self.message_user(request, f"Дни перезагружены из пакета holidays; переносы известны: {', '.join(known)}. "
                                       f"Проверьте и отметьте год подтверждённым.", messages.SUCCESS)
        if unknown:
            self.message_user(request, f"Пакет holidays не знает переносов на {', '.join(unknown)}: загружены "
                                       f"только праздники ст. 112 ТК РФ. Обновите пакет или внесите переносы "
                                       f"вручную.", messages.WARNING)


@admin.register(CalendarYearReminder)
class CalendarYearReminderAdmin(admin.ModelAdmin):
    list_display = ["year", "sent_on"]
    list_filter = ["year"]
