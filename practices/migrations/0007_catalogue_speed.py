"""F-CAT-1 speed at 100,000 practices: the catalogue's first page (newest first) reads its twelve rows
from an index instead of sorting the table, and the facet counts without a text query read the
filter columns from a covering index (an index-only scan) instead of the wide practice rows.

Plain SQL (RunSQL) so that the model state — and ``makemigrations --check`` — are unchanged."""

from django.db import migrations

INDEXES = r"""
CREATE INDEX IF NOT EXISTS practice_catalogue_date
    ON practices_practice (state, published_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS practice_catalogue_facets
    ON practices_practice (state) INCLUDE (id, category_id, region_id, level, cost_range_id, months_to_launch);
"""

INDEXES_REVERSE = r"""
DROP INDEX IF EXISTS practice_catalogue_facets;
DROP INDEX IF EXISTS practice_catalogue_date;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0006_catalogue"),
    ]

    operations = [
        migrations.RunSQL(INDEXES, reverse_sql=INDEXES_REVERSE),
    ]
