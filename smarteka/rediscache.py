"""Django's Redis cache, keeping its Redis client objects.

``django.core.cache.backends.redis.RedisCacheClient`` builds a new ``redis.Redis`` for every cache call (its
connection pool is kept, the client object is not), and building one copies redis-py's table of some 300
response callbacks: about a third of a millisecond per call, and a logged-in page makes five to ten calls
(the session, the header's counters, the cached parts of a page). issue 17: a client per connection pool,
made once — ``redis.Redis`` is safe to share, its pool hands each command a connection.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
