"""issue 15 item 9 — backups: `make backup` / `make restore FILE=…` round trip.

The test dumps the test database (rows and a stored file), restores the archive into a scratch
database created on the same server (never the test database in use) and a fresh media folder,
and compares the row counts of every table and the SHA-256 of every file.
"""

import io
import json
import tarfile
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from practices.models import Material, MaterialKind, Practice
from smarteka.backup import (
    BackupError,
    create_backup,
    media_files,
    raw_connection,
    restore_backup,
    table_counts,
)
from smarteka.files.models import StoredFile
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows


@pytest.fixture
def scratch_db():
    """An empty database on the test server, dropped afterwards."""
    name = f"smarteka_restore_{uuid.uuid4().hex[:12]}"
    server = dict(connection.settings_dict, NAME="postgres")
    with raw_connection(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield dict(connection.settings_dict, NAME=name)
    finally:
        with raw_connection(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_of(db):
    with raw_connection(db) as conn, conn.cursor() as cursor:
        return table_counts(cursor)


def test_issue_15_item_9_backup_restore_round_trip(tmp_path, scratch_db):
    author = factories.UserFactory()
    practices = [factories.published_practice(author, title=f"Практика {n}") for n in range(3)]
    material = factories.add_material(practices[0], MaterialKind.PRESENTATION, by=author, name="презентация.pdf")
    stored_path = material.file.file.path
    stored_sha = material.file.sha256

    archive = create_backup(tmp_path / "backups")

    assert archive.name.startswith("smarteka-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert "db.dump" in names
    assert f"media/{material.file.file.name}" in names
    assert manifest["tables"]["public.practices_practice"] == Practice.objects.count() == 3
    assert manifest["tables"]["public.files_storedfile"] == StoredFile.objects.count() == 1
    assert manifest["files"][material.file.file.name]["sha256"] == stored_sha

    # restore into an empty stack: a scratch database and a fresh media folder
    media = tmp_path / "restored-media"
    restored = restore_backup(archive, database=scratch_db, media_root=media)

    source_counts = counts_of(connection.settings_dict)
    assert counts_of(scratch_db) == source_counts == restored["tables"]
    for table in ("public.practices_practice", "public.practices_material", "public.files_storedfile",
                  "public.accounts_user", "public.django_migrations"):
        assert source_counts[table] > 0 and counts_of(scratch_db)[table] == source_counts[table], table
    assert media_files(media) == media_files(settings.MEDIA_ROOT) == manifest["files"]
    assert media_files(media)[material.file.file.name]["sha256"] == stored_sha
    assert (media / material.file.file.name).read_bytes() == open(stored_path, "rb").read()
    with raw_connection(scratch_db) as conn:
        titles = {row[0] for row in conn.execute("SELECT title FROM practices_practice")}
        material_file = conn.execute("SELECT file_id FROM practices_material").fetchone()[0]
    assert titles == {"Практика 0", "Практика 1", "Практика 2"}
    assert material_file == material.file_id
    assert Material.objects.count() == 1  # the source is untouched


def test_issue_15_item_9_restore_refuses_a_non_empty_stack_and_a_damaged_archive(tmp_path, scratch_db):
    factories.UserFactory()
    archive = create_backup(tmp_path / "backups", media_root=tmp_path / "no-media")
    media = tmp_path / "m"
    restore_backup(archive, database=scratch_db, media_root=media)

    with pytest.raises(BackupError, match="не пуста"):
        restore_backup(archive, database=scratch_db, media_root=tmp_path / "m2")
    restore_backup(archive, database=scratch_db, media_root=media, force=True)  # --force wipes and restores
    assert counts_of(scratch_db) == counts_of(connection.settings_dict)

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "db.dump":
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="повреждён"):
        restore_backup(damaged, database=scratch_db, media_root=media, force=True)

    smuggled = tmp_path / "smuggled.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(smuggled, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        extra = tarfile.TarInfo("media/files/extra.pdf")
        extra.size = 3
        target.addfile(extra, io.BytesIO(b"pdf"))
    with pytest.raises(BackupError, match="не совпадают с манифестом: files/extra.pdf"):
        restore_backup(smuggled, database=scratch_db, media_root=media, force=True)
    assert counts_of(scratch_db) == counts_of(connection.settings_dict)  # refused before touching the database


def test_issue_15_item_9_backup_command_writes_into_the_given_folder(tmp_path):
    call_command("backup", "--dir", str(tmp_path))
    [archive] = tmp_path.glob("smarteka-*.tar.gz")
    assert not list(tmp_path.glob("*.partial"))
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "db.dump"} <= set(tar.getnames())
