"""A Redis cache that degrades to "no cache" instead of failing requests.

Everything cached on this site (whole anonymous pages, fragments, rate-limit counters) can be
recomputed, so a Redis outage must cost speed, not availability: every cache operation that
cannot reach Redis is logged and behaves like a miss. Short socket timeouts (see settings)
keep a hanging Redis from stalling a single operation, and after a failure the process stops
asking Redis for RETRY_AFTER seconds (a simple circuit breaker), so a page that makes several
cache operations does not wait out the timeout for each of them. After that pause the next
operation tries Redis again; nothing needs restarting.

It can also *push* a key to every process (``set_and_push`` / ``get_pushed``): the site's
content version is read at the start of every request, and asking Redis for it each time
would cost a network round trip on every page, even one served from a process's own page
cache. Instead each process subscribes once to the key's channel, a change is published
together with the new value, and a read only looks at the subscription's socket for news
(a poll, no round trip). Redis writes the message to every subscriber before it answers
the publisher, so by the time the publishing request has finished, every process on the
same network has the new value waiting. Each process still asks Redis directly once every
PUSH_REVALIDATE_SECONDS, and after any error it falls back to asking on every read until a
new subscription is confirmed: a lost message can delay a change by at most that long,
never hide it.
"""

import logging
import os
import select
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0
PUSH_REVALIDATE_SECONDS = 1.0
# Moves on in a forked child (gunicorn workers): a subscription belongs to one process.
_process_generation = 0


def _forked():
    global _process_generation
    _process_generation += 1


os.register_at_fork(after_in_child=_forked)
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


class _Pushed:
    """One pushed key as this process knows it (see ``get_pushed``)."""

    def __init__(self):
        self.generation = _process_generation
        self.pubsub = None
        self.value = None
        self.checked = 0.0
        self.retry_at = 0.0
        # True once this process has read every message redis-py had received: only then
        # does a quiet socket mean there is no news (see FailsafeRedisCacheClient._receive).
        self.drained = False


class FailsafeRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._pushed = {}
        self._push_lock = threading.Lock()

    def _channel(self, key):
        # Channels are server-wide while keys live in one database: the database number
        # keeps sites (or test runs) sharing a Redis server from hearing each other.
        database = self._get_connection_pool(True).connection_kwargs.get("db", 0)
        return f"{key}:pushed:{database}"

    def set_and_push(self, key, value, timeout):
        """Store ``value`` and publish it to every process reading the key with
        ``get_pushed``, in one transaction (no process can see one without the other)."""
        data = self._serializer.dumps(value)
        with self.get_client(key, write=True).pipeline(transaction=True) as pipe:
            if timeout is None:
                pipe.set(key, data)
            else:
                pipe.set(key, data, ex=max(int(timeout), 1))
            pipe.publish(self._channel(key), data)
            pipe.execute()

    def get_pushed(self, key, default):
        """``get(key)`` without a round trip while this process's subscription is sound."""
        with self._push_lock:
            state = self._pushed.get(key)
            if state is None or state.generation != _process_generation:  # new, or forked
                state = self._pushed[key] = _Pushed()
            try:
                if state.pubsub is None:
                    if time.monotonic() < state.retry_at:
                        return self.get(key, default)
                    self._subscribe(key, state)
                else:
                    self._receive(state)
                    stale = time.monotonic() - state.checked >= PUSH_REVALIDATE_SECONDS
                    # A key that is not set yet is asked for until it is: whoever sets it
                    # with plain set() or add() publishes nothing.
                    if stale or state.value is None:
                        self._read(key, state)
            except UNAVAILABLE as exc:
                self._unsubscribe(state)
                state.retry_at = time.monotonic() + RETRY_AFTER
                logger.warning("Redis subscription lost (%s): reading %s directly", exc, key)
                return self.get(key, default)
            if state.value is None:  # not set yet: nothing to remember
                return default
            return state.value

    def _subscribe(self, key, state):
        pubsub = self.get_client(key).pubsub()
        try:
            pubsub.subscribe(self._channel(key))
            confirmation = pubsub.get_message(timeout=1.0)
            if not confirmation or confirmation["type"] != "subscribe":
                raise RedisConnectionError("no confirmation of the subscription")
        except BaseException:
            pubsub.close()
            raise
        state.pubsub = pubsub
        # Read only after the subscription is confirmed: a change made in between arrives
        # as a message, so none can fall between the read and the subscription.
        self._read(key, state)

    def _receive(self, state):
        """Take every message that has arrived, without waiting for any.

        redis-py's ``get_message(timeout=0)`` costs about 12 µs even when nothing came (it
        sets a socket timeout, tries to read and catches the timeout), paid by every
        request. Once a previous call has drained what redis-py had buffered, a zero-timeout
        ``select`` on the subscription's socket (about 2 µs) answers the same question.
        """
        if state.drained and not self._news_on_socket(state.pubsub):
            return
        state.drained = False
        while (message := state.pubsub.get_message(timeout=0.0)) is not None:
            if message["type"] == "message":
                state.value = self._serializer.loads(message["data"])
            elif message["type"] in ("unsubscribe", "subscribe"):
                # redis-py reconnected and subscribed again on its own: messages may have
                # been lost in between, so ask for the value itself.
                state.checked = 0.0
        state.drained = True

    @staticmethod
    def _news_on_socket(pubsub):
        sock = getattr(pubsub.connection, "_sock", None)
        if sock is None:  # not connected (or redis-py changed): let get_message find out
            return True
        try:
            return bool(select.select([sock], [], [], 0)[0])
        except (OSError, ValueError):  # closed: get_message reconnects or raises
            return True

    def _read(self, key, state):
        data = self.get_client(key).get(key)
        state.value = None if data is None else self._serializer.loads(data)
        state.checked = time.monotonic()

    @staticmethod
    def _unsubscribe(state):
        if state.pubsub is not None:
            try:
                state.pubsub.close()
            except UNAVAILABLE:
                pass
        state.pubsub = None

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once.

        Django builds a new ``redis.Redis`` for every cache operation; with redis-py 8 its
        constructor (response callbacks for every command) costs more than the round trip
        to Redis itself. The client holds no per-call state, so reusing it is safe; the pool
        still hands each operation its own connection.
        """
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

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
    set_and_push = _degrade(None)(set_and_push)


class FailsafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailsafeRedisCacheClient
        self._pushed_keys = {}

    def set_and_push(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._cache.set_and_push(key, value, self.get_backend_timeout(timeout))

    def get_pushed(self, key, default=None, version=None):
        # Read on every request: the made key is remembered (validating it costs 8 µs).
        made = self._pushed_keys.get((key, version))
        if made is None:
            made = self._pushed_keys[key, version] = self.make_and_validate_key(key, version)
        return self._cache.get_pushed(made, default)
