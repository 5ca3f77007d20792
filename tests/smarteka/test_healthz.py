"""Issue 15 item 10: /healthz reports the database, the cache, the broker's Redis, the file storages and the
Celery worker's heartbeat; 200 when healthy, 503 naming the failed component."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid

import pytest
import time_machine
from django.urls import reverse

from smarteka import health
from smarteka.celery import app
from smarteka.tasks import worker_heartbeat

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def heartbeat_key(settings):
    """A key of this test's own, so parallel tests sharing the embedded Redis cannot disturb each other."""
    key = settings.HEALTH_HEARTBEAT_KEY = f"test:heartbeat:{uuid.uuid4().hex}"
    client = health.broker_client()  # the reachable broker, whatever the test points the check at
    yield key
    client.delete(key)


@pytest.mark.django_db
def test_issue_15_item_10_all_ok_answers_200_with_each_component(client, heartbeat_key):
    with time_machine.travel(NOW, tick=False):
        worker_heartbeat.apply()
    with time_machine.travel(NOW + dt.timedelta(seconds=70), tick=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    storages = {f"storage:{alias}" for alias in health.storage_aliases()}  # default, and private when configured
    assert "storage:default" in storages and "storage:staticfiles" not in storages
    assert set(body["components"]) == {"database", "cache", "broker", "worker"} | storages
    assert all(c["status"] == "ok" for c in body["components"].values())
    assert body["components"]["worker"]["age_seconds"] == 70
    assert response["Cache-Control"].startswith("max-age=0")
    # the full check agrees when the heartbeat is fresh
    with time_machine.travel(NOW + dt.timedelta(seconds=70), tick=False):
        assert client.get(reverse("healthz") + "?full=1").status_code == 200


@pytest.mark.django_db
def test_issue_15_item_10_anonymous_and_no_personal_data(client, heartbeat_key, author):
    response = client.get(reverse("healthz"))
    text = response.content.decode()
    assert response.status_code == 200
    assert author.email not in text and "@" not in text
    assert "redis://" not in text and "unix://" not in text


@pytest.mark.django_db
def test_issue_15_item_10_broker_unreachable_answers_503_naming_the_broker(client, settings, heartbeat_key):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # a closed port
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    components = response.json()["components"]
    assert components["broker"]["status"] == "error"
    assert components["broker"]["error"]  # the exception's class, never its message
    assert "127.0.0.1" not in response.content.decode()
    assert components["worker"]["status"] == "unknown"
    assert components["database"]["status"] == "ok"
    assert components["storage:default"]["status"] == "ok"
    # the old liveness probe keeps answering from the database alone
    assert client.get(reverse("health")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_issue_15_item_10_storage_failure_answers_503_naming_the_storage(client, settings, heartbeat_key,
                                                                         tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(blocked)}}}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["components"]["storage:default"]["status"] == "error"


@pytest.mark.django_db
def test_issue_15_item_10_stale_heartbeat_is_reported_and_fails_only_the_full_check(client, heartbeat_key):
    with time_machine.travel(NOW, tick=False):
        worker_heartbeat.apply()
    with time_machine.travel(NOW + dt.timedelta(minutes=4), tick=False):
        response = client.get(reverse("healthz"))
        full = client.get(reverse("healthz") + "?full=1")
    assert response.status_code == 200  # a load balancer keeps the web node
    worker = response.json()["components"]["worker"]
    assert worker == {"status": "stale", "age_seconds": 240}
    assert full.status_code == 503
    assert full.json()["components"]["worker"]["status"] == "stale"


@pytest.mark.django_db
def test_issue_15_item_10_no_heartbeat_yet_is_stale(client, heartbeat_key):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["components"]["worker"] == {"status": "stale", "age_seconds": None}


def test_issue_15_item_10_heartbeat_task_writes_the_stamp_every_minute(heartbeat_key):
    with time_machine.travel(NOW, tick=False):
        worker_heartbeat.apply()
    assert float(health.broker_client().get(heartbeat_key)) == NOW.timestamp()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        worker_heartbeat.apply()  # a rerun overwrites, nothing more
        assert health.check_worker() == {"status": "ok", "age_seconds": 0}
    entry = app.conf.beat_schedule["smarteka.worker_heartbeat"]
    assert entry["task"] == "smarteka.worker_heartbeat"
    assert entry["schedule"] == 60.0


@pytest.mark.worker
def test_issue_15_item_10_a_real_worker_writes_the_heartbeat(settings):
    """A real `celery -A smarteka worker` runs the beat's task and /healthz's check then sees it fresh."""
    client = health.broker_client()
    client.delete(health.HEARTBEAT_KEY)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="smarteka.settings", SMARTEKA_DEV="1",
               CELERY_TASK_ALWAYS_EAGER="0")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "smarteka", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        app.send_task("smarteka.worker_heartbeat", queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and client.get(health.HEARTBEAT_KEY) is None:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.5)
        assert health.check_worker()["status"] == "ok"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
