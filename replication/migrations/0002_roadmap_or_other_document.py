"""5.3.1.4 «дорожной карты или иного документа» (issue 13, item 9): the start step is met by any
document of the request but the completion letter. Requests that already hold such a document (an act,
materials, another document) without a roadmap get the step's time from their first such document."""

from django.db import migrations, models
from django.db.models import Min

START_DOCUMENT_KINDS = ("roadmap", "act", "material", "other")


def date_the_start_step(apps, schema_editor):
    ReplicationRequest = apps.get_model("replication", "ReplicationRequest")
    waiting = (ReplicationRequest.objects.filter(roadmap_uploaded_at__isnull=True,
                                                 documents__kind__in=START_DOCUMENT_KINDS)
               .annotate(first=Min("documents__uploaded_at")).distinct())
    for req in waiting:
        ReplicationRequest.objects.filter(pk=req.pk).update(roadmap_uploaded_at=req.first)


class Migration(migrations.Migration):

    dependencies = [
        ("replication", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="replicationrequest",
            name="roadmap_uploaded_at",
            field=models.DateTimeField(blank=True, null=True,
                                       verbose_name="Загружена дорожная карта или иной документ"),
        ),
        migrations.RunPython(date_the_start_step, migrations.RunPython.noop),
    ]
