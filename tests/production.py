"""The production environment for tests that start Django in a subprocess (issue 15 item 2, issue 17 item 1).

``production_env(**overrides)``: this process's environment (DATABASE_URL, REDIS_URL of the test stack)
without the development switches, with DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS and an https SITE_URL,
and the plain production settings module (smarteka.settings, not the test override)."""

import os
import socket
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# development and test switches that must not leak into a production process
_DEV_SWITCHES = (
    "SMARTEKA_DEV", "DEBUG", "SMARTEKA_SIMPLE_STATIC", "SMARTEKA_LOCMEM_CACHE", "SMARTEKA_FAST_HASHER",
    "CELERY_TASK_ALWAYS_EAGER", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "STATIC_ROOT", "WEB_CONCURRENCY",
)


def production_env(**overrides):
    env = {name: value for name, value in os.environ.items()
           if name not in _DEV_SWITCHES and not name.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="smarteka.settings",
        DEBUG="0",
        SECRET_KEY="production-like-test-key-" + "k3Y9mQ7xR2vT8wZ4nB6cJ1hF5gD0sA" * 2,
        ALLOWED_HOSTS="smarteka.example.ru,127.0.0.1,localhost",
        SITE_URL="https://smarteka.example.ru",
    )
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def database_url(settings_dict):
    """The URL of the database this test process uses (the test database), for a subprocess."""
    from urllib.parse import quote

    user = quote(settings_dict["USER"] or "")
    password = quote(settings_dict["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict["HOST"] or "", settings_dict["PORT"] or ""
    if host.startswith("/"):  # a unix socket folder (the embedded PostgreSQL)
        return f"postgresql://{credentials}{':' + port if port else ''}/{quote(settings_dict['NAME'])}?host={quote(host)}"
    return f"postgresql://{credentials}{host}{':' + port if port else ''}/{quote(settings_dict['NAME'])}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
