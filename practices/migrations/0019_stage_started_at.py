"""F-VAL-7, issue 17: ``Practice.stage_started_at`` — when the practice entered its current state — filled from
the history (the latest transition into the current state that changed it; a record inside the state is
not one), so the review queues sort from the index practice_stage_queue."""

from django.conf import settings
from django.db import migrations, models


def fill_from_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="practices", model="practice").first()
    if content_type is None:  # a new database: no practice, no history
        return
    schema_editor.execute("""
        UPDATE practices_practice AS p SET stage_started_at = entered.at
        FROM (SELECT DISTINCT ON (h.object_id) h.object_id, h.at
              FROM history_transition AS h JOIN practices_practice AS q ON q.id = h.object_id
              WHERE h.content_type_id = %s AND h.to_state = q.state AND h.from_state <> h.to_state
              ORDER BY h.object_id, h.at DESC, h.id DESC) AS entered
        WHERE p.id = entered.object_id""", [content_type.pk])


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_initial'),
        ('history', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('practices', '0018_revision_points'),
        ('regions', '0005_quarterly_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='practice',
            name='stage_started_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='В текущем статусе с'),
        ),
        migrations.RunPython(fill_from_history, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='practice',
            index=models.Index(fields=['state', 'stage_started_at', 'id'], name='practice_stage_queue'),
        ),
    ]
