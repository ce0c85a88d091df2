"""A Redis cache that degrades to "no cache" instead of failing requests.

Everything cached on this site (whole anonymous pages, fragments, rate-limit counters) can be
recomputed, so a Redis outage must cost speed, not availability: every cache operation that
cannot reach Redis is logged and behaves like a miss. Short socket timeouts (see settings)
keep a hanging Redis from stalling a single operation, and after a failure the process stops
asking Redis for RETRY_AFTER seconds (a simple circuit breaker), so a page that makes several
cache operations does not wait out the timeout for each of them. After that pause the next
operation tries Redis again; nothing needs restarting.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0
# Per process and Redis server: monotonic time before which Redis is not asked again.
_unavailable_until = {}


def redis_available(location):
    return time.monotonic() >= _unavailable_until.get(location, 0.0)


def _degrade(fallback):
    def decorator(method):
        def wrapper(self, *args, **kwargs):
            location = tuple(self._servers)
            if redis_available(location):
                try:
                    return method(self, *args, **kwargs)
                except UNAVAILABLE as exc:
                    _unavailable_until[location] = time.monotonic() + RETRY_AFTER
                    logger.warning(
                        "Redis cache unavailable (%s): continuing without cache for %s s",
                        exc,
                        RETRY_AFTER,
                    )
            return fallback(*args, **kwargs) if callable(fallback) else fallback

        wrapper.__name__ = method.__name__
        return wrapper

    return decorator


class FailsafeRedisCacheClient(RedisCacheClient):
    add = _degrade(False)(RedisCacheClient.add)
    get = _degrade(lambda key, default: default)(RedisCacheClient.get)
    set = _degrade(None)(RedisCacheClient.set)
    touch = _degrade(False)(RedisCacheClient.touch)
    delete = _degrade(False)(RedisCacheClient.delete)
    get_many = _degrade(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _degrade(False)(RedisCacheClient.has_key)
    # A counter that cannot be read counts as new (rate limits then let the request through).
    incr = _degrade(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _degrade(lambda data, *args, **kwargs: [])(RedisCacheClient.set_many)
    delete_many = _degrade(None)(RedisCacheClient.delete_many)
    clear = _degrade(False)(RedisCacheClient.clear)


class FailsafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailsafeRedisCacheClient
