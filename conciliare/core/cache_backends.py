"""Django's Redis cache backend, with one redis-py client per connection pool.

``django.core.cache.backends.redis.RedisCacheClient.get_client()`` builds a
new ``redis.Redis`` for every cache operation. With redis-py 8 each one
registers ~170 response callbacks (~70 µs), which was most of the CPU of a
public-page cache hit. ``redis.Redis`` is thread-safe and its pool fork-safe,
so one client per pool and process is enough.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisClient
from redis import Redis


class RedisCacheClient(DjangoRedisClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Redis] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Redis:
        # Django's own (private, so not in django-stubs) choice of server.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = Redis(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
