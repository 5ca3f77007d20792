"""The production processes, one command each; docker-compose.yml and `make serve` both run these.

``python -m smarteka.production web``     migrate, collectstatic into the manifest storage, then gunicorn
``python -m smarteka.production worker``  the Celery worker
``python -m smarteka.production beat``    Celery beat

Each command ends by replacing this process with the server (``os.execvp``), so the signals a supervisor
(docker, `make serve`) sends reach gunicorn or Celery directly. Settings come from the environment
(smarteka/settings.py); DEBUG is off unless set.

Gunicorn workers: ``WEB_CONCURRENCY`` when set, otherwise 2 × cores + 1 capped at ``WEB_MAX_WORKERS``
(default 8; choice: past 8 sync workers on one machine the database, not the web tier, is the limit).
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def cores():
    try:
        return len(os.sched_getaffinity(0))  # what a container is allowed, not the host's count
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def web_workers(environ=os.environ):
    if environ.get("WEB_CONCURRENCY"):
        return max(1, int(environ["WEB_CONCURRENCY"]))
    return max(1, min(2 * cores() + 1, int(environ.get("WEB_MAX_WORKERS") or 8)))


def gunicorn_command(bind, workers):
    return [
        PYTHON, "-m", "gunicorn", "smarteka.wsgi",
        "--bind", bind,
        "--workers", str(workers),
        "--timeout", os.environ.get("WEB_TIMEOUT", "30"),
        "--graceful-timeout", "20",
        "--max-requests", "2000", "--max-requests-jitter", "200",  # bounded memory of long-lived workers
        "--access-logfile", "-",
    ]  # the proxy's address for X-Forwarded-*: gunicorn reads FORWARDED_ALLOW_IPS from the environment


def celery_command(*args):
    return [PYTHON, "-m", "celery", "-A", "smarteka", *args]


# Every queue of CELERY_TASK_ROUTES (issue 17 item 4); a worker per queue in production, one for all locally.
ALL_QUEUES = "default,mail,deadlines,reports"


def worker_command(queues=None):
    queues = queues or os.environ.get("CELERY_QUEUES") or ALL_QUEUES
    return celery_command("worker", "-l", "info", "-c", os.environ.get("CELERY_CONCURRENCY", "2"), "-Q", queues)


def beat_command(schedule=None):
    return celery_command("beat", "-l", "info", *(["--schedule", schedule] if schedule else []))


def prepare_web(migrate=True):
    """What the web container does before serving: migrate (unless told not to) and collect the static
    files into STATIC_ROOT with the manifest storage (hashed names, compressed copies)."""
    manage = [PYTHON, str(BASE_DIR / "manage.py")]
    if migrate:
        subprocess.run([*manage, "migrate", "--noinput"], check=True, cwd=BASE_DIR)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], check=True, cwd=BASE_DIR)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m smarteka.production")
    sub = parser.add_subparsers(dest="process", required=True)
    web = sub.add_parser("web", help="migrate, collectstatic, gunicorn")
    web.add_argument("--bind", default=os.environ.get("BIND", "0.0.0.0:8000"))
    web.add_argument("--no-migrate", action="store_true", help="a second web replica: another one migrates")
    worker = sub.add_parser("worker", help="the Celery worker")
    worker.add_argument("--queues", help=f"comma-separated queues (default: CELERY_QUEUES or {ALL_QUEUES})")
    beat = sub.add_parser("beat", help="Celery beat")
    beat.add_argument("--schedule", help="the schedule file (default: CELERY_BEAT_SCHEDULE_FILENAME in var/)")
    args = parser.parse_args(argv)
    os.chdir(BASE_DIR)
    if args.process == "web":
        prepare_web(migrate=not args.no_migrate)
        command = gunicorn_command(args.bind, web_workers())
    elif args.process == "worker":
        command = worker_command(args.queues)
    else:
        command = beat_command(args.schedule)
    print("[smarteka] " + " ".join(command[1:]), flush=True)
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
