"""F-CAT-1 speed, part 2: the search vector stays in the practice's row (see STORAGE), and the facet
counts of the whole catalogue (no text query, no filter) are read from a small summary table instead
of counted over every public practice on each visit.

``practices_catalogue_facet (state, facet, value, n)`` holds, per public state (published, archived),
the number of practices with each category, author region, level, cost range, months bucket and
rating indicator, and the total (facet ''). Statement-level triggers with transition tables keep it
exact inside the writing transaction (a rollback rolls the counts back too): on practices_practice
(INSERT, UPDATE — also queryset.update() —, DELETE, TRUNCATE) and on the practice↔indicator table.
The federal district is not stored: it is summed from the region counts at read time, so moving a
region to another district needs nothing here. Each write is one upsert ordered by its key, so
concurrent writers take the row locks in the same order.

Plain SQL (RunSQL) so that the model state — and ``makemigrations --check`` — are unchanged."""

from django.db import migrations

# the months buckets of practices.catalogue.MONTH_BUCKETS, frozen here as a migration must be
MONTHS = """CASE WHEN {c} BETWEEN 0 AND 3 THEN '0-3' WHEN {c} BETWEEN 4 AND 6 THEN '4-6'
                 WHEN {c} BETWEEN 7 AND 12 THEN '7-12' WHEN {c} >= 13 THEN '13-' END"""

# the (state, facet, value, ±1) rows of the practices of a transition table ``{rel}``
PRACTICE_ROWS = """
    SELECT d.state, x.facet, x.value, {sign} AS n FROM {rel} d
      CROSS JOIN LATERAL (VALUES ('', ''), ('category', d.category_id::text), ('region', d.region_id::text),
                                 ('level', d.level::text), ('cost', d.cost_range_id::text),
                                 ('months', {months})) x(facet, value)
     WHERE d.state IN ('published', 'archived') AND x.value IS NOT NULL
    UNION ALL
    SELECT d.state, 'indicator', t.ratingindicator_id::text, {sign} FROM {rel} d
      JOIN practices_practice_rating_indicators t ON t.practice_id = d.id
     WHERE d.state IN ('published', 'archived')"""

# the (state, 'indicator', value, ±1) rows of a transition table ``{rel}`` of the indicator links
LINK_ROWS = """
    SELECT p.state, 'indicator', t.ratingindicator_id::text, {sign} AS n FROM {rel} t
      JOIN practices_practice p ON p.id = t.practice_id
     WHERE p.state IN ('published', 'archived')"""

UPSERT = """
    INSERT INTO practices_catalogue_facet AS c (state, facet, value, n)
    SELECT state, facet, value, sum(n) FROM ({rows}) delta (state, facet, value, n)
     GROUP BY state, facet, value HAVING sum(n) <> 0
     ORDER BY state, facet, value
    ON CONFLICT (state, facet, value) DO UPDATE SET n = c.n + EXCLUDED.n;"""


def _practice_rows(rel, sign):
    return PRACTICE_ROWS.format(rel=rel, sign=sign, months=MONTHS.format(c="d.months_to_launch"))


# The search vector (about 1.5 kB) is kept in the row (compressed if it helps) instead of the TOAST
# table: a broad search reads and ranks tens of thousands of vectors, and a TOAST fetch per row (an
# index lookup and chunk reads, twice: match and rank) cost more than the wider rows. The UPDATE
# makes the trigger of 0006 rewrite every vector under the new storage (before the triggers below
# exist, so it does not feed them).
STORAGE = """
ALTER TABLE practices_practice ALTER COLUMN search_vector SET STORAGE MAIN;
UPDATE practices_practice SET search_vector = NULL;
"""

STORAGE_REVERSE = """
ALTER TABLE practices_practice ALTER COLUMN search_vector SET STORAGE EXTENDED;
"""

SQL = f"""
CREATE TABLE practices_catalogue_facet (
    state varchar(20) NOT NULL,
    facet varchar(20) NOT NULL,
    value varchar(40) NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (state, facet, value)
);

CREATE OR REPLACE FUNCTION practices_catalogue_facet_practices() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {UPSERT.format(rows=_practice_rows("new_rows", 1))}
  ELSIF TG_OP = 'UPDATE' THEN
    {UPSERT.format(rows=_practice_rows("old_rows", -1) + " UNION ALL " + _practice_rows("new_rows", 1))}
  ELSIF TG_OP = 'DELETE' THEN
    {UPSERT.format(rows=_practice_rows("old_rows", -1))}
  ELSE  -- TRUNCATE (Django's flush between transactional tests)
    DELETE FROM practices_catalogue_facet;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION practices_catalogue_facet_links() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {UPSERT.format(rows=LINK_ROWS.format(rel="new_rows", sign=1))}
  ELSIF TG_OP = 'UPDATE' THEN
    {UPSERT.format(rows=LINK_ROWS.format(rel="old_rows", sign=-1) + " UNION ALL "
                   + LINK_ROWS.format(rel="new_rows", sign=1))}
  ELSIF TG_OP = 'DELETE' THEN
    {UPSERT.format(rows=LINK_ROWS.format(rel="old_rows", sign=-1))}
  ELSE
    DELETE FROM practices_catalogue_facet WHERE facet = 'indicator';
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER practices_catalogue_facet_ins AFTER INSERT ON practices_practice
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_practices();
CREATE TRIGGER practices_catalogue_facet_upd AFTER UPDATE ON practices_practice
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_practices();
CREATE TRIGGER practices_catalogue_facet_del AFTER DELETE ON practices_practice
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_practices();
CREATE TRIGGER practices_catalogue_facet_trunc AFTER TRUNCATE ON practices_practice
  FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_practices();

CREATE TRIGGER practices_catalogue_facet_ins AFTER INSERT ON practices_practice_rating_indicators
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_links();
CREATE TRIGGER practices_catalogue_facet_upd AFTER UPDATE ON practices_practice_rating_indicators
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_links();
CREATE TRIGGER practices_catalogue_facet_del AFTER DELETE ON practices_practice_rating_indicators
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_links();
CREATE TRIGGER practices_catalogue_facet_trunc AFTER TRUNCATE ON practices_practice_rating_indicators
  FOR EACH STATEMENT EXECUTE FUNCTION practices_catalogue_facet_links();

{UPSERT.format(rows=_practice_rows("practices_practice", 1))}
"""

SQL_REVERSE = """
DROP TRIGGER IF EXISTS practices_catalogue_facet_trunc ON practices_practice_rating_indicators;
DROP TRIGGER IF EXISTS practices_catalogue_facet_del ON practices_practice_rating_indicators;
DROP TRIGGER IF EXISTS practices_catalogue_facet_upd ON practices_practice_rating_indicators;
DROP TRIGGER IF EXISTS practices_catalogue_facet_ins ON practices_practice_rating_indicators;
DROP TRIGGER IF EXISTS practices_catalogue_facet_trunc ON practices_practice;
DROP TRIGGER IF EXISTS practices_catalogue_facet_del ON practices_practice;
DROP TRIGGER IF EXISTS practices_catalogue_facet_upd ON practices_practice;
DROP TRIGGER IF EXISTS practices_catalogue_facet_ins ON practices_practice;
DROP FUNCTION IF EXISTS practices_catalogue_facet_links();
DROP FUNCTION IF EXISTS practices_catalogue_facet_practices();
DROP TABLE IF EXISTS practices_catalogue_facet;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0007_catalogue_speed"),
    ]

    operations = [
        migrations.RunSQL(STORAGE, reverse_sql=STORAGE_REVERSE),
        migrations.RunSQL(SQL, reverse_sql=SQL_REVERSE),
    ]
