"""PostgreSQL 18 with contrib in tests as in production (issue 16 item 7)."""

import pytest
from django.db import connection

from smarteka import stack


@pytest.mark.django_db
def test_issue_16_item_7_server_is_postgresql_18_with_contrib_extensions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 180000
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {row[0] for row in cursor.fetchall()}
        assert {"pg_trgm", "unaccent", "fuzzystrmatch", "btree_gin"} <= installed
        cursor.execute("SELECT similarity('школа', 'шкала') > 0.3, unaccent('Ёлка café'), levenshtein('газ', 'газета')")
        assert cursor.fetchone() == (True, "Елка cafe", 3)


def test_issue_16_item_7_old_pgdata_stops_with_upgrade_instructions(tmp_path):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("16\n")
    with pytest.raises(stack.OldPgdata) as refused:
        stack.check_pgdata_version(pgdata)
    message = str(refused.value)
    assert "создана PostgreSQL 16" in message and "PostgreSQL 18" in message
    assert "make pg-upgrade" in message and "make backup" in message and "make restore" in message


def test_issue_16_item_7_current_or_new_pgdata_starts(tmp_path):
    stack.check_pgdata_version(tmp_path / "missing")  # a fresh var/: initdb follows
    (tmp_path / "PG_VERSION").write_text("18\n")
    stack.check_pgdata_version(tmp_path)
