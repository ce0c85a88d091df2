"""A Redis cache that falls back to the process's memory instead of failing requests.

Everything cached on this site (shared lookups, the content version, rate-limit counters)
can be recomputed, so a Redis outage must cost little speed and no availability: every
cache operation that cannot reach Redis is logged and goes to a small cache in the
process's own memory instead (``fallback``, Django's local-memory cache). Lookups stay
cached for the outage, and the rate limits keep counting, per process. Short socket timeouts
(see settings) keep a hanging Redis from stalling a single operation, and after a failure
the process stops asking Redis for ``RETRY_AFTER`` seconds (a simple circuit breaker), so a
page that makes several cache operations does not wait out the timeout for each of them.
After that pause the next operation tries Redis again; nothing needs restarting.

Only Django's public cache API is wrapped: each method of ``RedisCache`` calls the original
and, on a connection error, the same method of the fallback. What was written to the
fallback stays behind when Redis answers again (it can all be recomputed);
``core.caching`` repeats a publication made during the outage.
"""

import functools
import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0
FALLBACK_MAX_ENTRIES = 2000
# Per process and Redis server: monotonic time before which Redis is not asked again.
_unavailable_until = {}


def redis_available(location):
    return time.monotonic() >= _unavailable_until.get(location, 0.0)


def mark_unavailable(location, seconds=RETRY_AFTER):
    """Ask the Redis at ``location`` nothing for ``seconds`` (the circuit breaker opens)."""
    _unavailable_until[location] = time.monotonic() + seconds


def mark_available(location):
    """Ask the Redis at ``location`` again from the next operation."""
    _unavailable_until.pop(location, None)


def shared_cache_reachable(cache):
    """False while ``cache`` is a Redis this process has just found unreachable (any other
    cache is always reachable)."""
    location = getattr(cache, "location", None)
    return location is None or redis_available(location)


def _degrade(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if redis_available(self.location):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                mark_unavailable(self.location)
                logger.warning(
                    "Redis cache unavailable (%s): using this process's memory for %s s",
                    exc,
                    RETRY_AFTER,
                )
        return getattr(self.fallback, method.__name__)(*args, **kwargs)

    return wrapper


class FailsafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.location = server
        self.fallback = LocMemCache(
            f"failsafe:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    add = _degrade(RedisCache.add)
    get = _degrade(RedisCache.get)
    set = _degrade(RedisCache.set)
    touch = _degrade(RedisCache.touch)
    delete = _degrade(RedisCache.delete)
    get_many = _degrade(RedisCache.get_many)
    has_key = _degrade(RedisCache.has_key)
    incr = _degrade(RedisCache.incr)
    set_many = _degrade(RedisCache.set_many)
    delete_many = _degrade(RedisCache.delete_many)
    clear = _degrade(RedisCache.clear)
