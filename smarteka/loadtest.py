"""``make loadtest`` (issue 17, item 3): the production-like server on the bench database, driven from the
same machine by wrk over loopback, bounded in time.

Run inside ``python -m smarteka.stack exec`` (DATABASE_URL and REDIS_URL of the embedded services). The
bench database (``test_<name>_bench``, seeded by ``make bench``) must exist. Steps:

1. ``collectstatic`` into the manifest storage (var/loadtest/static), DEBUG off, a fresh SECRET_KEY;
2. gunicorn on 127.0.0.1 (a free port) with ``2 × cores + 1`` sync workers and persistent database
   connections (``DB_CONN_MAX_AGE``), the cache in Redis;
3. sessions of the bench world's named users (tests/bench/world.py) are created in the bench database;
4. wrk runs the anonymous mix and the logged-in mix, 50 connections, ``--seconds`` (30) each, and prints
   throughput, p50 / p95 / p99 and the errors (socket errors and non-2xx/3xx answers);
5. gunicorn is stopped.

Options: ``--seconds N``, ``--connections N``, ``--workers N``, ``--mix anonymous|logged-in|both``,
``--no-cache`` (PAGE_CACHE_SECONDS=0: the server time of every request, for a before/after comparison).
"""

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

LUA = r"""
local paths = {}
local cookies = {}
local n = 0
for line in io.lines(os.getenv("LOADTEST_PATHS")) do
  local cookie, path = line:match("^([^\t]*)\t(.*)$")
  n = n + 1
  paths[n] = path
  cookies[n] = cookie
end
local i = 0
function setup(thread)
  i = i + 1
  thread:set("seed", i)
end
function init(args)
  math.randomseed(seed * 7919)
end
request = function()
  local k = math.random(n)
  local headers = {}
  if cookies[k] ~= "" then headers["Cookie"] = cookies[k] end
  return wrk.format("GET", paths[k], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSON {\"requests\": %d, \"seconds\": %.3f, \"p50\": %.1f, \"p95\": %.1f, \"p99\": %.1f, \"max\": %.1f, " ..
    "\"connect\": %d, \"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def log(message):
    print(f"[loadtest] {message}", flush=True)


def bench_database_url(url):
    """The DATABASE_URL of the kept bench database of ``make bench`` (tests/bench/conftest.py)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") or "postgres"
    return urlunparse(parsed._replace(path=f"/test_{name}_bench"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing Debian's wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        return shutil.which("wrk")
    sys.exit("wrk is missing: run 'sudo apt-get install wrk'")


def setup_django(env):
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarteka.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def targets(seed=17):
    """``(anonymous paths, [(cookie, path)] of the logged-in mix)`` from the bench database."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import reverse

    from practices.models import Category, Practice, PracticeState
    from practices.models_catalogue import SearchWord
    from regions.models import Region
    from smarteka.accounts import backends
    from smarteka.accounts.models import User

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 — Django's class
    rng = random.Random(seed)
    published = list(Practice.objects.filter(state=PracticeState.PUBLISHED).order_by("pk")
                     .values_list("pk", flat=True)[:2000])
    if len(published) < 1000:
        sys.exit("the bench database is not seeded: run `make bench` first")
    catalogue = reverse("practices:catalogue")
    categories = list(Category.objects.filter(category_set__is_current=True).values_list("pk", flat=True))
    # searches visitors type: common words, not the few broadest of all (those are the bench's worst case)
    words = list(SearchWord.objects.order_by("-ndoc").values_list("word", flat=True)[100:400])
    popular = published[:500]  # the practices most visitors open (the rest of the 2,000 now and then)
    anonymous = []
    for _ in range(40):
        anonymous.append(reverse("home"))
        anonymous.append(catalogue)
    for page in range(2, 6):
        anonymous += [f"{catalogue}?page={page}"] * 4
    for pk in categories:
        anonymous += [f"{catalogue}?{urlencode({'category': pk})}"] * 2
    for word in words[:40]:  # searches: a common word, two words, a word with a filter
        anonymous.append(f"{catalogue}?{urlencode({'q': word})}")
    for a, b in zip(words[40:80], words[80:120], strict=False):
        anonymous.append(f"{catalogue}?{urlencode({'q': f'{a} {b}'})}")
    for word, pk in zip(words[120:150], categories * 10, strict=False):
        anonymous.append(f"{catalogue}?{urlencode({'q': word, 'category': pk})}")
    for _ in range(150):
        pk = rng.choice(popular) if rng.random() < 0.8 else rng.choice(published)
        anonymous.append(reverse("practices:detail", args=[pk]))
    for slug in Region.objects.values_list("slug", flat=True):
        anonymous.append(reverse("regions:detail", args=[slug]))
    anonymous += [reverse("regions:list")] * 5 + [reverse("practices:knowledge_base")] * 5
    anonymous += [reverse("practices:digest")] * 5

    from tests.bench.world import NAMED

    def cookie(email):
        user = User.objects.get(email=email)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        # the backend a real login records (axes' standalone backend, first in the list, only checks lockouts)
        store[BACKEND_SESSION_KEY] = backends.PATH
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

    sessions = {key: cookie(email) for key, email in NAMED.items()}
    queue = reverse("validation:queue")
    logged_in = [(sessions[k], queue) for k in ("asi", "coordinator", "expert_moderator")] * 3
    logged_in += [(sessions["author"], reverse("practices:my"))] * 3
    logged_in += [(sessions["expert"], reverse("experts:my_queue"))] * 2
    logged_in += [(sessions["implementation_moderator"], reverse("replication:moderator_queue"))] * 2
    logged_in += [(sessions["recipient"], reverse("replication:my"))] * 2
    logged_in += [(sessions[k], reverse("notifications:list")) for k in ("coordinator", "asi", "author")]
    logged_in += [(sessions[k], reverse("cabinet")) for k in ("coordinator", "asi", "author", "recipient")]
    for _ in range(6):
        logged_in.append((sessions[rng.choice(list(sessions))], reverse("practices:detail", args=[rng.choice(popular)])))
    return anonymous, logged_in


def start_server(env, workers, port, log_path):
    command = [PYTHON, "-m", "gunicorn", "smarteka.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
               "--worker-class", "sync", "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "5",
               "--access-logfile", "-" if os.environ.get("LOADTEST_ACCESS_LOG") else "/dev/null",
               "--error-logfile", str(log_path)]
    server = subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
        if server.poll() is not None:
            break
    stop_server(server)
    sys.exit(f"gunicorn did not start: see {log_path}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def warm(port, rows, workers=8):
    """Every path once, in parallel, so the mixes measure the steady state (processes imported, the
    cache filled: the entries live PAGE_CACHE_SECONDS, so the warm-up must be short)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(row):
        cookie, path = row
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
        try:
            urllib.request.urlopen(request, timeout=60).read()
        except OSError as error:
            log(f"warm-up {path}: {error}")

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, rows))
    log(f"warm-up: {len(rows)} paths in {time.monotonic() - started:.0f} s")


def static_headers(port):
    """The Cache-Control of a hashed static file the home page links (whitenoise: a year, immutable)."""
    import re

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
        html = answer.read().decode()
    found = re.search(r'/static/[^"]+\.[0-9a-f]{12}\.css', html)
    if not found:
        return "no hashed static file linked from the home page"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{found.group(0)}", timeout=30) as answer:
        return f"{found.group(0)}: Cache-Control: {answer.headers.get('Cache-Control')}"


def run_mix(wrk, port, name, rows, seconds, connections, workdir):
    paths = workdir / f"{name}.tsv"
    paths.write_text("".join(f"{cookie}\t{path}\n" for cookie, path in rows))
    script = workdir / "mix.lua"
    script.write_text(LUA)
    threads = max(1, min(2, os.cpu_count() or 1))
    log(f"{name}: {len(rows)} paths, {connections} connections, {seconds} s")
    load_before = os.getloadavg()[0]
    out = subprocess.run([wrk, "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                          "-s", str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True,
                         env={**os.environ, "LOADTEST_PATHS": str(paths)}, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("JSON "))
    result = json.loads(line[5:])
    non_2xx = 0
    for text in out.splitlines():
        if "Non-2xx or 3xx responses" in text:
            non_2xx = int(text.split(":")[1])
    errors = result["connect"] + result["read"] + result["write"] + result["timeout"] + non_2xx
    result.update(name=name, rps=result["requests"] / result["seconds"], errors=errors, non_2xx=non_2xx,
                  load_before=load_before, load_after=os.getloadavg()[0])
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m smarteka.loadtest")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--mix", choices=("anonymous", "logged-in", "both"), default="both")
    parser.add_argument("--no-cache", action="store_true", help="PAGE_CACHE_SECONDS=0")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("run through `make loadtest` (python -m smarteka.stack exec -- …)")
    wrk = ensure_wrk()
    workdir = BASE_DIR / "var" / "loadtest"
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]), "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "STATIC_ROOT": str(workdir / "static"), "DB_CONN_MAX_AGE": "600", "LOG_LEVEL": "WARNING",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "PAGE_CACHE_SECONDS": "0" if args.no_cache else os.environ.get("PAGE_CACHE_SECONDS", "60")}
    env.pop("SMARTEKA_DEV", None)
    log("collectstatic into the manifest storage")
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=BASE_DIR, check=True)
    setup_django(env)
    anonymous, logged_in = targets()
    port = free_port()
    # the interpreter's build counts: an optimised build spends 12-30 % less CPU than a plain source build
    log(f"Python {platform.python_version()} ({sys.executable}, {platform.python_compiler()})")
    log(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}, DEBUG off, page cache "
        f"{'off' if args.no_cache else env['PAGE_CACHE_SECONDS'] + ' s'}")
    server = start_server(env, args.workers, port, workdir / "gunicorn.log")
    results = []
    try:
        log(static_headers(port))
        mixes = []
        if args.mix in ("anonymous", "both"):
            mixes.append(("anonymous", [("", p) for p in anonymous]))
        if args.mix in ("logged-in", "both"):
            mixes.append(("logged-in", logged_in))
        for name, rows in mixes:
            warm(port, list(dict.fromkeys(rows)))
            results.append(run_mix(wrk, port, name, rows, args.seconds, args.connections, Path(tempfile.mkdtemp())))
    finally:
        stop_server(server)
    print()
    print(f"{'mix':10} | {'requests':>8} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} | "
          f"{'errors':>6} | load avg (before → after)")
    for r in results:
        print(f"{r['name']:10} | {r['requests']:8d} | {r['rps']:7.1f} | {r['p50']:7.1f} | {r['p95']:7.1f} | "
              f"{r['p99']:7.1f} | {r['errors']:6d} | {r['load_before']:.2f} → {r['load_after']:.2f}")
    for r in results:
        if r["errors"]:
            print(f"{r['name']}: connect {r['connect']}, read {r['read']}, write {r['write']}, "
                  f"timeout {r['timeout']}, non-2xx/3xx {r['non_2xx']}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
