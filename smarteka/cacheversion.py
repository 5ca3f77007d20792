"""A version number kept in the cache (Redis) that drops every entry keyed by it when bumped: the public pages
(smarteka.pagecache) and the review queues (validation.queues) name their entries by one."""

import logging

from django.core.cache import cache
from django.db import transaction

log = logging.getLogger(__name__)


class CacheVersion:
    def __init__(self, key):
        self.key = key

    def current(self):
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, 1, timeout=None)
            value = cache.get(self.key) or 1
        return value

    def bump_now(self):
        try:
            cache.incr(self.key)
        except ValueError:  # not there (evicted, first start): any new value drops the old keys
            cache.set(self.key, 2, timeout=None)
        except Exception:  # noqa: BLE001  the cache is down: entries made before expire within their TTL
            log.exception("cache version %s: bump failed", self.key)

    def bump(self):
        """Drop every entry of this version once the current transaction commits (at once outside one)."""
        transaction.on_commit(self.bump_now)
