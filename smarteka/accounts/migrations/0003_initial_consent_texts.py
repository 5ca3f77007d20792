from django.db import migrations

# The first version ("2025-1") of the three consent texts of 4.1.2. A later version is a new row
# (admin or a new migration); the DEFAULTS of version 2025-1 are never edited in place.
from smarteka.accounts.consent_texts import DEFAULTS


def load(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    for kind, (version, title, text) in DEFAULTS.items():
        ConsentText.objects.get_or_create(kind=str(kind), version=version,
                                          defaults={"title": title, "text": text, "is_current": True})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_consents_access_requests")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
