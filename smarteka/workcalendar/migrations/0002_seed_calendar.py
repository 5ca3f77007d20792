from django.db import migrations


def seed_calendar(apps, schema_editor):
    from smarteka.workcalendar.seed import seed

    seed(apps.get_model("workcalendar", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
