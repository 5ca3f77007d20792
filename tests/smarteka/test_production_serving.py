"""Issue 17 item 1: production serving works and is tested.

``collectstatic`` runs with the production storage (whitenoise's CompressedManifestStaticFilesStorage, the
one smarteka.settings picks with DEBUG off) into a temporary folder, so a vendored file that references a
missing one (a ``sourceMappingURL`` to an unshipped map) fails CI. Each main page is then rendered with that
manifest and DEBUG off and must answer 200 with hashed static URLs. Finally gunicorn is started with the
very command docker-compose and `make serve` run (smarteka/production.py) on a free port and answers /
with DEBUG off and the production security headers (issue 15 item 2)."""

import http.client
import json
import os
import re
import signal
import subprocess
import time

import pytest
from django.db import connection
from django.urls import reverse

from practices.models import PracticeState
from tests.production import BASE_DIR, PYTHON, database_url, free_port, production_env

HASHED = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")
HASH_IN_NAME = re.compile(r"\.[0-9a-f]{12}\.\w+$")


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    result = subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR, env=production_env(STATIC_ROOT=root), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_collectstatic_with_the_manifest_storage_collects_every_file_we_ship(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    shipped = {str(path.relative_to(BASE_DIR / "static")) for path in (BASE_DIR / "static").rglob("*") if path.is_file()}
    assert shipped - set(manifest) == set()
    assert HASH_IN_NAME.search(manifest["vendor/chartjs/chart.umd.min.js"])
    assert (collected / manifest["css/smarteka.css"]).exists()
    assert (collected / (manifest["css/smarteka.css"] + ".gz")).exists()  # whitenoise's compressed copy


def test_no_vendored_file_points_at_a_source_map_we_do_not_ship():
    for path in (BASE_DIR / "static").rglob("*.[jc]s*"):
        if path.suffix not in (".js", ".css"):
            continue
        for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            assert (path.parent / name).exists(), f"{path} references {name}"


@pytest.fixture
def manifest_storage(settings, collected):
    """Production static serving in this process: DEBUG off, the manifest storage on the collected files,
    whitenoise serving STATIC_ROOT only (no finders, no autorefresh)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False


def static_urls(html):
    return HASHED.findall(html)


@pytest.mark.django_db
def test_main_pages_answer_with_hashed_static_urls_through_the_manifest(client, manifest_storage, practice_in,
                                                                       author, region_a):
    practice = practice_in(PracticeState.PUBLISHED)
    public = [reverse("home"), reverse("practices:catalogue"), reverse("practices:knowledge_base"),
              reverse("practices:detail", args=[practice.pk]), reverse("accounts:login"),
              reverse("regions:list"), reverse("regions:detail", args=[region_a.slug])]
    logged_in = [reverse("cabinet"), reverse("practices:my")]
    seen = set()
    for url in public + ["login"] + logged_in:
        if url == "login":
            client.force_login(author)
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        urls = static_urls(response.content.decode())
        assert any(u.startswith("/static/css/smarteka.") for u in urls), url
        unhashed = [u for u in urls if not HASH_IN_NAME.search(u.split("?")[0])]
        assert unhashed == [], (url, unhashed)
        seen.update(urls)
    css = next(u for u in seen if u.startswith("/static/css/smarteka."))
    response = client.get(css)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]  # far-future: the name changes with the content


def _get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode(errors="replace")
    finally:
        conn.close()


@pytest.fixture
def gunicorn(collected, django_db_setup):
    """`python -m smarteka.production web` (migrate skipped: the test database is migrated) on a free port,
    one worker, against this test run's database; stopped (the whole process group) at the end."""
    port = free_port()
    env = production_env(STATIC_ROOT=collected, DATABASE_URL=database_url(connection.settings_dict),
                         WEB_CONCURRENCY=1)
    proc = subprocess.Popen([PYTHON, "-m", "smarteka.production", "web", "--no-migrate", "--bind", f"127.0.0.1:{port}"],
                            cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline, "gunicorn did not answer within 120 s"
            try:
                _get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        with __import__("contextlib").suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()


def test_gunicorn_serves_the_site_with_debug_off_and_the_security_headers(gunicorn):
    port = gunicorn
    behind_tls = {"X-Forwarded-Proto": "https"}

    status, headers, body = _get(port, "/", behind_tls)
    assert status == 200
    assert HASH_IN_NAME.search(next(u for u in static_urls(body) if u.startswith("/static/css/smarteka.")))
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, _ = _get(port, "/accounts/login/", behind_tls)
    assert status == 200
    cookie = headers["Set-Cookie"]
    assert "csrftoken=" in cookie and "Secure" in cookie and "HttpOnly" in cookie

    status, headers, _ = _get(port, "/")  # plain http reaching gunicorn: sent to https
    assert status == 301 and headers["Location"] == "https://127.0.0.1/"
    status, _, _ = _get(port, "/healthz")  # a load balancer's probe over plain http is not redirected
    assert status in (200, 503)

    status, _, body = _get(port, "/no-such-page/", behind_tls)  # DEBUG off: the site's 404, no debug page
    assert status == 404
    assert "Страница не найдена" in body and "URLconf" not in body

    css = next(u for u in static_urls(_get(port, "/", behind_tls)[2]) if u.startswith("/static/css/smarteka."))
    status, headers, _ = _get(port, css, behind_tls)
    assert status == 200 and "immutable" in headers["Cache-Control"]


def test_gunicorn_workers_follow_the_cores_with_a_cap(monkeypatch):
    from smarteka import production

    monkeypatch.setattr(production, "cores", lambda: 2)
    assert production.web_workers({}) == 5
    monkeypatch.setattr(production, "cores", lambda: 16)
    assert production.web_workers({}) == 8
    assert production.web_workers({"WEB_MAX_WORKERS": "12"}) == 12
    assert production.web_workers({"WEB_CONCURRENCY": "3"}) == 3
