"""A Redis cache that degrades to "no cache" instead of failing requests.

Everything cached on this site (shared lookups, the content version, rate-limit counters)
can be recomputed, so a Redis outage must cost speed, not availability: every cache
operation that cannot reach Redis is logged and behaves like a miss. Short socket timeouts
(see settings) keep a hanging Redis from stalling a single operation, and after a failure
the process stops asking Redis for ``RETRY_AFTER`` seconds (a simple circuit breaker), so a
page that makes several cache operations does not wait out the timeout for each of them.
After that pause the next operation tries Redis again; nothing needs restarting.

Only Django's public cache API is wrapped: each method of ``RedisCache`` calls the original
and turns a connection error into the value a miss would give.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0
# Per process and Redis server: monotonic time before which Redis is not asked again.
_unavailable_until = {}


def redis_available(location):
    return time.monotonic() >= _unavailable_until.get(location, 0.0)


def _degrade(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if redis_available(self.location):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                _unavailable_until[self.location] = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "Redis cache unavailable (%s): continuing without cache for %s s",
                    exc,
                    RETRY_AFTER,
                )
        return fallback(*args, **kwargs)

    return wrapper


def _default(key, default=None, version=None):
    return default


class FailsafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.location = server

    add = _degrade(RedisCache.add, lambda *args, **kwargs: False)
    get = _degrade(RedisCache.get, _default)
    set = _degrade(RedisCache.set, lambda *args, **kwargs: None)
    touch = _degrade(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _degrade(RedisCache.delete, lambda *args, **kwargs: False)
    get_many = _degrade(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _degrade(RedisCache.has_key, lambda *args, **kwargs: False)
    # A counter that cannot be read counts as new (rate limits then let the request through).
    incr = _degrade(RedisCache.incr, lambda key, delta=1, version=None: delta)
    set_many = _degrade(RedisCache.set_many, lambda *args, **kwargs: [])
    delete_many = _degrade(RedisCache.delete_many, lambda *args, **kwargs: None)
    clear = _degrade(RedisCache.clear, lambda *args, **kwargs: False)
