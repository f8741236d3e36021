"""The cache: Redis when it answers, this process's memory while it does not.

The rate limits use the cache (django-ratelimit, on the resident's survey form; django-allauth's, on sign-in,
failed sign-ins and password reset). While Redis is down, they count in process memory rather than in the
database:

- the database is what a resident's submission needs; a rate-limit row updated on every post would add a
  write, and a hot row under exactly the flood a rate limit is for;
- DESIGN.md promises that the salted hash a rate limit keys on is never stored, and a table would store it;
- memory needs nothing that can be down. Its cost: each web worker counts on its own, so during an outage a
  client may post up to (workers x the limit) before it is slowed down, and counts start afresh when Redis
  returns. For minutes of outage, that is a fair price.

The link views of the resident's form are counted in the same Redis (counting_redis) but never in memory: while
Redis is down they go straight to the database (surveys/services/links.py).

Sessions (database) and messages (cookie and session) do not use the cache.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from serviceculture.outages import REDIS_CACHE

# One attempt, bounded: a request must not wait seconds for a cache that is not there. The outage pause
# (serviceculture/outages.py) then spares the following requests even that.
CONNECTION_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)}


class RedisCacheWithFallback(RedisCache):
    """Django's Redis cache, falling back to a per-process memory cache while Redis fails."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**CONNECTION_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        # Every thread's instance shares this memory: LocMemCache keeps its data per LOCATION, module-wide.
        self._memory = LocMemCache("serviceculture-redis-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _either(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if REDIS_CACHE.should_try():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                REDIS_CACHE.failed(error)
            else:
                REDIS_CACHE.succeeded()
                return result
        return getattr(self._memory, name)(*args, **kwargs)

    def clear(self) -> Any:
        self._memory.clear()
        return self._either("clear")


def _falls_back(name: str) -> Callable[..., Any]:
    def method(self: RedisCacheWithFallback, *args: Any, **kwargs: Any) -> Any:
        return self._either(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or the memory cache's while Redis is down."
    return method


for _name in ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many"):
    setattr(RedisCacheWithFallback, _name, _falls_back(_name))


def counting_redis() -> Redis | None:
    """The cache's Redis, for counters that must not be lost to a process's memory (link views); None when
    the cache is not Redis (the embedded default) or while Redis is down. A caller whose command fails
    reports it with REDIS_CACHE.failed, as the cache does, and counts another way."""
    backend = caches["default"]
    if not isinstance(backend, RedisCacheWithFallback) or not REDIS_CACHE.should_try():
        return None
    return backend._cache.get_client(write=True)
