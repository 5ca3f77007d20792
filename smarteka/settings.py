"""Smarteka settings: one module, every value from the environment with a safe local default.

Typed helpers fail loudly on bad values; secrets may come from ``NAME_FILE``.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SMARTEKA_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


def database_from_url(url):
    """postgresql://user:password@host:port/name?host=/socket/dir"""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgresql:// URL, got {url!r}")
    query = parse_qs(parsed.query)
    host = query.get("host", [parsed.hostname or ""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 0),
        # a connection kept across requests or tasks is tested before reuse: a restarted PostgreSQL costs
        # no failed request or task (issue 15 item 8)
        "CONN_HEALTH_CHECKS": True,
    }


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY") or ("insecure-dev-key-change-me" if DEBUG or env_bool("SMARTEKA_DEV") else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "guardian",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    # platform machinery (the `smarteka` app and its sub-apps)
    "smarteka",
    "smarteka.accounts",
    "smarteka.roles",
    "smarteka.workcalendar",
    "smarteka.deadlines",
    "smarteka.notifications",
    "smarteka.history",
    "smarteka.files",
    # domain apps, bottom up
    "regions",
    "practices",
    "experts",
    "validation",
    "replication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "smarteka.middleware.ConcreteUserMiddleware",  # request.user without the lazy proxy (issue 17)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "smarteka.middleware.MethodNotAllowedPageMiddleware",  # a Russian 405 page (issue 14, item 8)
    "smarteka.drafts.FormDraftMiddleware",  # nothing typed lost on an expired session (issue 15, item 6)
    "smarteka.usercache.UserCacheMiddleware",  # the header's counters afresh after the user's POST (issue 17)
]
CSRF_FAILURE_VIEW = "smarteka.views.csrf_failure"  # a Russian page back to the form (issue 15, item 6)

ROOT_URLCONF = "smarteka.urls"
WSGI_APPLICATION = "smarteka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["smarteka.templatetags.kepturls"],  # {% url %} with kept addresses (issue 17)
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smarteka.context_processors.platform",
                "smarteka.context_processors.navigation",  # menu highlight, breadcrumbs, cabinet counter
            ],
        },
    },
]

# --- database: DATABASE_URL, or the project-local embedded PostgreSQL started by `smarteka.stack`
DATABASE_URL = env("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Run through `make run` / `make test` (they start the embedded "
        "PostgreSQL), or `.venv/bin/python -m smarteka.stack exec -- <command>`."
    )
DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- read replica (issue 17 item 4): public pages read DATABASE_REPLICA_URL; writes, transactions and
# everything after a write in the same request go to the primary (smarteka/db_router.py)
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_from_url(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
if env_bool("DATABASE_PGBOUNCER"):  # pgbouncer in transaction mode: no server-side cursors across statements
    for _db in DATABASES.values():
        _db["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASE_ROUTERS = ["smarteka.db_router.ReplicaRouter"]  # without a replica alias everything is "default"
MIDDLEWARE.insert(1, "smarteka.db_router.ReplicaRoutingMiddleware")
DATABASE_REPLICA_VIEWS = [  # GET/HEAD of these views may read the replica
    "home", "practices:catalogue", "practices:knowledge_base", "practices:digest", "practices:detail",
    "practices:thumbnail", "regions:list", "regions:detail",
]
# --- end read replica

# --- redis: broker and cache
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_for_cache(url):
    if url.startswith("redis+socket://"):
        return "unix://" + url[len("redis+socket://"):]
    return url


CACHES = {
    "default": {
        "BACKEND": "smarteka.rediscache.RedisCache",  # the client kept (issue 17)
        "LOCATION": _redis_for_cache(REDIS_URL),
    }
}
if env_bool("SMARTEKA_LOCMEM_CACHE"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# issue 15 item 8: a task whose worker process died (SIGKILL, OOM) goes back to the queue instead of being
# acknowledged as failed; the broker hands an unacknowledged message to another worker after the
# visibility timeout (the longest a task may run or wait for its ETA; short in the killed-worker test).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# the daily deadline scan commits this many deadlines at a time (smarteka/deadlines/services.py)
DEADLINE_SCAN_BATCH = env_int("DEADLINE_SCAN_BATCH", 200)
CELERY_TIMEZONE = "Europe/Moscow"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {}  # filled by the apps' tasks modules (see smarteka/celery.py)
# Queues (issue 17 item 4): workers scale per queue — `celery worker -Q mail`, `-Q deadlines`, … ;
# one local worker consumes them all (CELERY_QUEUES_ALL). Tasks not listed go to "default".
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "smarteka.notifications.tasks.*": {"queue": "mail"},
    "notifications.*": {"queue": "mail"},
    "deadlines.*": {"queue": "deadlines"},
    "validation.*": {"queue": "deadlines"},
    "workcalendar.*": {"queue": "deadlines"},
    "practices.monthly_digest": {"queue": "reports"},
    "practices.subscription_*": {"queue": "mail"},  # F-PLUS-5
    "reportjobs.*": {"queue": "reports"},  # background reports (issue 18 item 4)
}
CELERY_QUEUES_ALL = "default,mail,deadlines,reports"

# --- auth
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "smarteka.accounts.backends.KeptUserBackend",  # Django's ModelBackend, the user's row kept (issue 17)
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cabinet"  # «Мой кабинет» after login (issue 14, item 4)
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
if env_bool("SMARTEKA_FAST_HASHER"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user row

# --- i18n: Russian UI, dates in UTC, shown in Moscow time by default
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- static and media
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: private files go through a permission-checking view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not env_bool("SMARTEKA_SIMPLE_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "default_acl": "private",
            "querystring_auth": True,
            "signature_version": "s3v4",  # SigV2 links are refused by newer S3 regions and services
        },
    }
FILE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- mail: console in dev, file/SMTP by settings
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Смартека <noreply@smarteka.ru>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# F-REF-7: the regulation names both hello@smarteka.ru and hello@smarteka.com; one setting decides.
SUPPORT_EMAIL = env("SUPPORT_EMAIL", "hello@smarteka.ru")

# --- security (issue 15 item 2): production values unless DEBUG; `manage.py check --deploy` passes clean
# with DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS and an https SITE_URL (tests/smarteka/test_deploy_check.py).
PRODUCTION_HTTPS = not DEBUG and SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# issue 17: sessions are read from the cache (Redis) and written through to the database, which stays the
# record (a flushed cache loses no login): a logged-in page no longer asks the database for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (base.html hx-headers), no script reads the cookie
# behind a TLS-terminating proxy / load balancer that sets X-Forwarded-Proto (and strips it from clients)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer probes over plain http
# HSTS is only sent on https responses; a year by default in production (lower SECURE_HSTS_SECONDS while rolling out)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # addresses (practice ids, search queries) never leave the site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): enforced everywhere (dev, tests, production) so an inline script,
# an inline style or an on*= handler breaks the browser tests (tests/e2e/test_csp.py) instead of production.
# Scripts and styles only from our static files; data: images only for Bootstrap's inline SVG icons in CSS.
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
_STORAGE_ORIGINS = [
    f"{urlparse(url).scheme}://{urlparse(url).netloc}"
    for url in (env("AWS_S3_ENDPOINT_URL"), env("CSP_MEDIA_ORIGIN")) if url
]  # files on S3 are served by a redirect to a signed URL there (images on practice pages)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_STORAGE_ORIGINS],
        "media-src": ["'self'", *_STORAGE_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- performance (issue 17, items 2–3): kept apart from the other blocks
# Public pages for anonymous visitors are cached this many seconds at most (0: off); every change of what
# they show drops them at once (smarteka.pagecache); «Полезно» counts lag by at most this long.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# the header's counters per user (smarteka.usercache; dropped on a notice or the user's POST)
USER_CACHE_SECONDS = env_int("USER_CACHE_SECONDS", 60)
# issue 17: a reviewer's queue sections, kept until a review-workflow write (validation.queues.QUEUES)
REVIEW_QUEUE_CACHE_SECONDS = env_int("REVIEW_QUEUE_CACHE_SECONDS", 60)
# the ASI moderator's country view of every region (F-REPORT-1): its figures are kept this long (0: off)
COUNTRY_DASHBOARD_SECONDS = env_int("COUNTRY_DASHBOARD_SECONDS", 300)

# --- login lockouts and flood limits (issue 15 item 3) ---------------------------------------------------
# One block for django-axes (login) and django-ratelimit (password reset, registration, «Хочу внедрить»);
# the numbers and why: smarteka/accounts/lockout.py, smarteka/ratelimit.py, README «Надёжность и безопасность».
from datetime import timedelta  # noqa: E402

INSTALLED_APPS += ["axes"]  # django_ratelimit is used as a library only (its check knows no RedisCache)
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: turns a lockout into the login page, status 429
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
# Behind a reverse proxy: how many trusted proxies append to X-Forwarded-For (0: use REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
LOGIN_FAILURE_LIMITS = {"account_ip": env_int("LOGIN_LIMIT_ACCOUNT_IP", 5),
                        "account": env_int("LOGIN_LIMIT_ACCOUNT", 10),
                        "ip": env_int("LOGIN_LIMIT_IP", 20)}
AXES_HANDLER = "smarteka.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMITS["account_ip"]  # the handler scales the other groups to it
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts while locked are not counted
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "smarteka.accounts.lockout.username_from"
AXES_CLIENT_IP_CALLABLE = "smarteka.ratelimit.counting_ip"
AXES_LOCKOUT_CALLABLE = "smarteka.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # unlocks go through the ASI moderator's page, which records them
AXES_DISABLE_ACCESS_LOG = True  # no log of every successful login (152-ФЗ: no data nobody reads)
AXES_VERBOSE = False
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "smarteka.ratelimit.counting_ip"
RATELIMIT_FAIL_OPEN = True
LOGGING["loggers"]["axes"] = {"level": env("AXES_LOG_LEVEL", "WARNING")}  # failures and lockouts, not every login
