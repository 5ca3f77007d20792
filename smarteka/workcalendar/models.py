from django.conf import settings
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


class CalendarYear(models.Model):
    """Whether a year's production calendar is confirmed (F-DL-12): the government's decree on day
    transfers for the year is published (usually in autumn) and its days are in the table. Deadlines
    counted into a year that is not confirmed (or has no row) are provisional."""

    year = models.PositiveSmallIntegerField("год", primary_key=True)
    confirmed = models.BooleanField("подтверждён", default=False)
    decree_number = models.CharField("номер постановления", max_length=64, blank=True)
    decree_date = models.DateField("дата постановления", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="кто подтвердил", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("когда подтверждён", null=True, blank=True)
    note = models.CharField("примечание", max_length=255, blank=True)

    class Meta:
        verbose_name = "год производственного календаря"
        verbose_name_plural = "годы производственного календаря"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year} — {'подтверждён' if self.confirmed else 'не подтверждён'}"


class CalendarYearReminder(models.Model):
    """One reminder about an unconfirmed year sent on one day (F-DL-12): the unique constraint keeps a
    second run of the daily task on the same day from sending it again."""

    year = models.PositiveSmallIntegerField("год")
    sent_on = models.DateField("дата напоминания")

    class Meta:
        verbose_name = "напоминание о календаре"
        verbose_name_plural = "напоминания о календаре"
        constraints = [models.UniqueConstraint(fields=["year", "sent_on"], name="calendar_reminder_once_a_day")]

    def __str__(self):
        return f"{self.year}: {self.sent_on:%d.%m.%Y}"
