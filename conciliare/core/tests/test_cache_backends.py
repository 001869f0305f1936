import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from conciliare.core.cache_backends import RedisCache


@pytest.fixture
def redis_cache():
    cache = RedisCache("redis://127.0.0.1:6379/7", {"KEY_PREFIX": "conciliare-test"})
    yield cache
    cache.clear()


def test_one_client_serves_every_operation(redis_cache):
    redis_cache.set("a", 1)
    first = redis_cache._cache.get_client("a", write=True)
    assert redis_cache.get("a") == 1
    assert redis_cache._cache.get_client("a", write=True) is first


def test_it_behaves_like_django_s_redis_cache(redis_cache):
    assert isinstance(redis_cache, DjangoRedisCache)
    redis_cache.set_many({"x": [1, 2], "y": "z"})
    assert redis_cache.get_many(["x", "y", "missing"]) == {"x": [1, 2], "y": "z"}
    assert redis_cache.add("counter", 1) is True
    assert redis_cache.incr("counter") == 2
    redis_cache.delete("x")
    assert redis_cache.get("x") is None
