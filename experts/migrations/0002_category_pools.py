"""Every practice category that a practice may be filed under has its expert pool (4.4.2): the pools of
the categories that exist already (new ones get theirs from ``experts.services.ensure_pool``)."""

from django.db import migrations


def create_pools(apps, schema_editor):
    Category = apps.get_model("practices", "Category")
    ExpertPool = apps.get_model("experts", "ExpertPool")
    for category in Category.objects.filter(is_unknown=False):
        ExpertPool.objects.get_or_create(category=category)


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0001_initial"),
        ("practices", "0003_seed_reference_data"),
    ]

    operations = [migrations.RunPython(create_pools, migrations.RunPython.noop)]
