"""F-DL-12: one CalendarYear per seeded year. Choice: a year is confirmed when the installed `holidays`
package knows its day transfers (it lists them per government decree, RussiaStaticHolidays.
special_public_holidays); later years hold the fixed holidays alone and stay unconfirmed until the ASI
moderator confirms them in the admin."""

from django.db import migrations


def seed_years(apps, schema_editor):
    from smarteka.workcalendar.seed import seed_years

    seed_years(apps.get_model("workcalendar", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0003_calendar_year")]

    operations = [migrations.RunPython(seed_years, migrations.RunPython.noop)]
