"""The small test override of smarteka.settings."""

import os
import tempfile

os.environ.setdefault("SMARTEKA_DEV", "1")

from .settings import *  # noqa: E402,F403

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="smarteka-test-media-")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SITE_URL = "http://testserver"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing folder)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
USER_CACHE_SECONDS = 0  # the header counters' cache likewise, but for the tests that turn it on (issue 17)
COUNTRY_DASHBOARD_SECONDS = 0  # likewise the country view's kept figures (issue 17)
REVIEW_QUEUE_CACHE_SECONDS = 0  # the review queues' cache likewise (issue 17)
PAGE_CACHE_SECONDS = 0  # the public page cache is off in tests but for those that turn it on (issue 17)
