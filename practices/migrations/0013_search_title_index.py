"""Issue 17 item 2 (F-CAT-1): a GIN index of the practice names' words, so a broad query ranks only the
practices that can reach the first page — the newest name matches first (practices.catalogue.broad).
Its expression is ``broad.TITLE_MATCH``'s; the name is the A part of the search vector (0006_catalogue)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0012_search_synonyms"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS practice_title_tsv ON practices_practice "
            "USING gin (to_tsvector('russian', coalesce(title, '')))",
            "DROP INDEX IF EXISTS practice_title_tsv",
        ),
    ]
