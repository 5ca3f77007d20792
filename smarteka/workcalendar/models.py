from django.db import models


class CalendarDay(models.Model):
    """One day of the Russian production calendar (SPEC §10). Days missing from the table follow the
    plain rule: Monday to Friday working, Saturday and Sunday off."""

    class Kind(models.TextChoices):
        WORKDAY = "workday", "Рабочий день"
        WEEKEND = "weekend", "Выходной день"
        HOLIDAY = "holiday", "Нерабочий праздничный день"
        TRANSFER = "transfer", "Перенос (выходной или рабочий день по постановлению)"
        SHORTENED = "shortened", "Предпраздничный (сокращённый) рабочий день"

    date = models.DateField("дата", primary_key=True)
    is_working = models.BooleanField("рабочий день")
    kind = models.CharField("вид дня", max_length=16, choices=Kind.choices)
    note = models.CharField("примечание", max_length=255, blank=True)

    class Meta:
        verbose_name = "день производственного календаря"
        verbose_name_plural = "производственный календарь"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.get_kind_display()}"
