"""Health checks behind /healthz (issue 15, item 10): the database, the cache, the broker's Redis, every file
storage (a tiny probe written, read back and deleted) and the Celery worker's heartbeat.

choice: a small own module rather than django-health-check — its Celery check pings workers over the broker
(seconds of waiting, a load balancer probe must answer at once) and cannot read a beat-written timestamp;
these few checks need no new dependency.

choice: the worker is reported, never fatal by default. A stopped worker delays e-mails and periodic tasks
but the site still serves pages, so a load balancer must not take the web nodes out for it: /healthz answers
503 only when the database, the cache, the broker or a storage fails and shows the worker as «stale» in the
JSON; /healthz?full=1 (for monitoring) answers 503 for a stale worker too.

No personal data and no exception messages (they may carry URLs with passwords) — only the exception's
class name."""

import time
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

HEARTBEAT_KEY = "smarteka:worker-heartbeat"
HEARTBEAT_STALE_AFTER = 180  # seconds: the beat writes every minute, three missed beats make it stale
TIMEOUT = 2  # seconds for each network check: a probe must answer fast


def heartbeat_key():
    return getattr(settings, "HEALTH_HEARTBEAT_KEY", HEARTBEAT_KEY)


def broker_client():
    """A redis-py client of the Celery broker (REDIS_URL; ``redis+socket://`` is the embedded server)."""
    url = settings.CELERY_BROKER_URL
    if url.startswith("redis+socket://"):
        url = "unix://" + url[len("redis+socket://"):]
    # no retries: a probe answers within TIMEOUT seconds, the load balancer asks again anyway
    return redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT,
                                retry=Retry(NoBackoff(), 0))


def _failed(exc):
    return {"status": "error", "error": type(exc).__name__}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


def check_cache():
    key, value = f"health:probe:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    found = cache.get(key)
    cache.delete(key)
    return {"status": "ok"} if found == value else {"status": "error", "error": "read back differs"}


def check_broker():
    broker_client().ping()
    return {"status": "ok"}


def check_storage(alias):
    storage = storages[alias]
    name = storage.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name) as probe:
            found = probe.read()
    finally:
        storage.delete(name)
    return {"status": "ok"} if found == b"ok" else {"status": "error", "error": "read back differs"}


def check_worker():
    """The heartbeat the beat's ``smarteka.worker_heartbeat`` task writes every minute."""
    raw = broker_client().get(heartbeat_key())
    if raw is None:
        return {"status": "stale", "age_seconds": None}
    age = max(0, int(time.time() - float(raw)))
    return {"status": "ok" if age <= HEARTBEAT_STALE_AFTER else "stale", "age_seconds": age}


def write_heartbeat():
    broker_client().set(heartbeat_key(), str(time.time()), ex=24 * 3600)


def storage_aliases():
    """Every configured file storage but the static files (the default one and any private one)."""
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def run(full=False):
    """``(healthy, components)``: each component's status; unhealthy when a critical one failed (or, with
    ``full``, the worker is stale)."""
    checks = [("database", check_database), ("cache", check_cache), ("broker", check_broker)]
    checks += [(f"storage:{alias}", lambda alias=alias: check_storage(alias)) for alias in storage_aliases()]
    checks.append(("worker", check_worker))
    components = {}
    for name, check in checks:
        try:
            components[name] = check()
        except Exception as exc:  # noqa: BLE001 — every failure is a reported status, never a 500
            components[name] = _failed(exc)
    if components["broker"]["status"] != "ok":
        components["worker"] = {"status": "unknown", "error": "broker unreachable"}
    critical = [name for name in components if name != "worker" or full]
    healthy = all(components[name]["status"] == "ok" for name in critical)
    return healthy, components
