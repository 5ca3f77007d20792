"""Issue 13 item 11 (4.1.6, 152-ФЗ): personal-data consents are never public.

Existing consents uploaded with «Показывать в каталоге» ticked become private (their stored files too),
then a constraint forbids a public material of a personal-data kind."""

from django.conf import settings
from django.db import migrations, models

# practices.enums.PERSONAL_DATA_KINDS at the time of this migration
PERSONAL_DATA_KINDS = ("pd_consent",)


def make_consents_private(apps, schema_editor):
    Material = apps.get_model("practices", "Material")
    StoredFile = apps.get_model("files", "StoredFile")
    consents = Material.objects.filter(kind__in=PERSONAL_DATA_KINDS)
    StoredFile.objects.filter(pk__in=consents.exclude(file=None).values("file_id")).update(is_public=False)
    consents.filter(is_public=True).update(is_public=False)


class Migration(migrations.Migration):

    dependencies = [
        ('files', '0001_initial'),
        ('practices', '0008_catalogue_speed2'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(make_consents_private, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='material',
            constraint=models.CheckConstraint(condition=models.Q(('is_public', True), ('kind__in', ('pd_consent',)), _negated=True), name='material_personal_data_private'),
        ),
    ]
