"""F-PLUS-1: the free-text results of existing passports become result rows where a line parses
(«… с 40 до 54 %», «…: 30 → 5 дней»); the texts themselves are left exactly as they are, and a
practice whose text did not give rows is marked so its author is asked to fill them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from practices.impact import migrate_free_text

    migrate_free_text(apps.get_model("practices", "Practice"), apps.get_model("practices", "PracticeResult"))


class Migration(migrations.Migration):
    dependencies = [("practices", "0015_impact")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
