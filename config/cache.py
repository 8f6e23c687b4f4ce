"""A Redis cache backend: Django's Redis cache, cheaper per call, and skipped for a while
when it fails.

Built on Django's public base for cache backends (``BaseCache``) and
redis-py, it stores what Django's own Redis backend stores, as it does
(keys, pickled values, integers as they are, timeouts), so either reads the
other's entries.

Cheaper: what every public answer pays twice.

- Django's backend builds a new ``redis.Redis`` object for every call (its
  table of response callbacks included: about 0.4 ms a call under the
  profiler here); this one keeps one per server, as redis-py intends (the
  object is thread-safe).
- ``count_in_window`` counts a request for the rate limit with one command
  (a Lua script: INCR, and EXPIRE on the window's first request, atomically),
  where ``add`` and ``incr`` cost two or three round trips (Django's ``incr``
  asks whether the key exists first); ``count_in_window_later`` sends it and
  reads the answer when the caller is ready, so another round trip can
  overlap it. Each thread counts on a connection of its own, kept out of
  the pool: taking one from the pool and giving it back (with the pool's
  check that nothing is left to read) cost more than the count.

Skipped when it fails: the cache is an optimisation, and a Redis that hangs
must not hang the requests. Its connections time out (``CACHE_CONNECT_TIMEOUT``,
``CACHE_READ_TIMEOUT``), and a call that fails (refused, timed out, or an
error from the server) opens the process's ``Circuit`` for the cool-down
(``CACHE_COOLDOWN_SECONDS``): until it ends no call goes to Redis, each
answers as a miss at once (``get``: the default, ``get_many``: nothing,
``add``: not added, ``incr``: no such key, a count: 0, not counted). One
warning when it opens, one line when Redis answers again; callers need no
error handling of their own.

Used whenever ``CACHE_URL`` is a ``redis://`` address (config/settings).
"""

import logging
import os
import pickle
import random
import re
import threading
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, RedisError

logger = logging.getLogger(__name__)


class Circuit:
    """Whether calls may go to one cache now: closed (they may), or open for a cool-down
    after a failure (they are skipped).

    One per cache location and process, shared by its threads (Django makes
    a cache backend per thread). When a cool-down ends, one call tries the
    cache again while the others go on skipping it: if that call fails, the
    next cool-down begins.
    """

    _registry = {}
    _registry_lock = threading.Lock()

    @classmethod
    def for_location(cls, servers, cooldown):
        """The process's circuit for the cache at ``servers`` (a list of addresses)."""
        key = (tuple(servers), cooldown)
        with cls._registry_lock:
            circuit = cls._registry.get(key)
            if circuit is None:
                circuit = cls._registry[key] = cls(_describe(servers), cooldown)
            return circuit

    def __init__(self, name, cooldown):
        self.name = name
        self.cooldown = cooldown
        self._reopens_at = None  # None: closed; else when a call may try the cache again
        self._trying = False  # a call is trying it again after a cool-down
        self._lock = threading.Lock()

    def allows(self):
        """Whether a call may go to the cache now."""
        reopens_at = self._reopens_at
        if reopens_at is None:  # the hot path: one attribute read
            return True
        if time.monotonic() < reopens_at:
            return False
        with self._lock:
            if self._reopens_at != reopens_at:  # another call is trying it
                return False
            # The others skip it until this call has succeeded or failed.
            self._reopens_at = time.monotonic() + self.cooldown
            self._trying = True
            return True

    def failed(self, error):
        """A call failed: skip the cache for the cool-down, saying so once."""
        with self._lock:
            already_open = self._reopens_at is not None and not self._trying
            self._reopens_at = time.monotonic() + self.cooldown
            self._trying = False
        if not already_open:  # calls in flight when it opened fail quietly
            logger.warning(
                "The cache at %s failed (%s: %s); answering without it for %g s.",
                self.name,
                type(error).__name__,
                error,
                self.cooldown,
            )

    def succeeded(self):
        if self._reopens_at is None:
            return
        with self._lock:
            was_open, self._reopens_at, self._trying = self._reopens_at is not None, None, False
        if was_open:
            logger.info("The cache at %s answers again; using it.", self.name)

    def close(self):
        """Use the cache again from the next call (for tests)."""
        with self._lock:
            self._reopens_at, self._trying = None, False

    @property
    def is_open(self):
        return self._reopens_at is not None


def _describe(servers):
    """The servers' addresses without their credentials, for the log."""
    parts = (urlsplit(server) for server in servers)
    return ", ".join(
        part.path if part.scheme == "unix" else f"{part.hostname}:{part.port or 6379}{part.path}"
        for part in parts
    )


def _dumps(value):
    # As Django's Redis cache stores values: integers as they are (so that INCR
    # works on them), anything else pickled. Entries either wrote read the same.
    if type(value) is int:  # not bool
        return value
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _loads(data):
    try:
        return int(data)
    except ValueError:
        return pickle.loads(data)


COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
"""


class _CountingConnection(threading.local):
    connection = None
    pid = None
    unread = False


def _not_counted():
    return 0


class RedisCache(BaseCache):
    """A cache backend on redis-py: Django's cache API, as Django's Redis backend keeps it
    (the same keys, values and timeouts), with one ``redis.Redis`` per server and every
    call through the location's ``Circuit``.

    OPTIONS: ``cooldown`` (seconds) is how long a failed cache is skipped;
    ``pool_class`` and ``parser_class`` (objects or dotted paths) and the rest
    go to each server's connection pool (``socket_connect_timeout`` and
    ``socket_timeout`` among them).
    """

    def __init__(self, server, params):
        super().__init__(params)
        servers = re.split("[;,]", server) if isinstance(server, str) else list(server)
        options = dict(params.get("OPTIONS", {}))
        cooldown = options.pop("cooldown", 30)
        pool_class = options.pop("pool_class", None) or redis.ConnectionPool
        if isinstance(pool_class, str):
            pool_class = import_string(pool_class)
        if isinstance(options.get("parser_class"), str):
            options["parser_class"] = import_string(options["parser_class"])
        # As Django's: writes go to the first server, reads to any other there is.
        self._clients = [
            redis.Redis(connection_pool=pool_class.from_url(server, **options))
            for server in servers
        ]
        self.circuit = Circuit.for_location(servers, cooldown)
        self._scripts = {}
        self._counting = _CountingConnection()

    def get_client(self, key=None, *, write=False):
        """The ``redis.Redis`` for ``key``: the first server's for a write, any other's for a
        read (``key`` is unused: no sharding)."""
        clients = self._clients
        if write or len(clients) == 1:
            return clients[0]
        return random.choice(clients[1:])

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        """Seconds to live, as Django's Redis cache counts them: None keeps the key, 0 or
        less deletes it."""
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else max(0, int(timeout))

    def _call(self, method, *args, miss=None, **kwargs):
        """``method(*args, **kwargs)`` if the circuit allows it and it succeeds; else ``miss``."""
        circuit = self.circuit
        if not circuit.allows():
            return miss
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            circuit.failed(error)
            return miss
        circuit.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        return self._call(self._add, key, _dumps(value), timeout, miss=False)

    def _add(self, key, value, timeout):
        client = self.get_client(key, write=True)
        if timeout == 0:  # added and gone at once, as Django's does it
            added = bool(client.set(key, value, nx=True))
            if added:
                client.delete(key)
            return added
        return bool(client.set(key, value, ex=timeout, nx=True))

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        data = self._call(self.get_client(key).get, key)
        if data is None:
            return default
        try:
            return _loads(data)
        except Exception as error:  # unpickling: stored by code that is gone
            self._unreadable(error)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        client = self.get_client(key, write=True)
        if timeout == 0:
            self._call(client.delete, key)
        else:
            self._call(client.set, key, _dumps(value), ex=timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        client = self.get_client(key, write=True)
        if timeout is None:
            return bool(self._call(client.persist, key, miss=False))
        return bool(self._call(client.expire, key, timeout, miss=False))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._call(self.get_client(key, write=True).delete, key, miss=0))

    def get_many(self, keys, version=None):
        named = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not named:
            return {}
        values = self._call(self.get_client().mget, list(named), miss=None)
        if values is None:
            return {}
        try:
            return {
                named[key]: _loads(data)
                for key, data in zip(named, values, strict=True)
                if data is not None
            }
        except Exception as error:  # unpickling: stored by code that is gone
            self._unreadable(error)
            return {}

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._call(self.get_client(key).exists, key, miss=0))

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        client = self.get_client(key, write=True)
        # Skipped, or not there: Django's answer for a key it does not have.
        if not self._call(client.exists, key, miss=0):
            raise ValueError(f"Key '{key}' not found.")
        value = self._call(client.incr, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        values = {
            self.make_and_validate_key(key, version=version): _dumps(value)
            for key, value in data.items()
        }
        self._call(self._set_many, values, self.get_backend_timeout(timeout))
        return []

    def _set_many(self, values, timeout):
        pipeline = self.get_client(write=True).pipeline()
        pipeline.mset(values)
        if timeout is not None:  # MSET takes no expiry: one EXPIRE a key, in the same pipeline
            for key in values:
                pipeline.expire(key, timeout)
        pipeline.execute()

    def delete_many(self, keys, version=None):
        keys = [self.make_and_validate_key(key, version=version) for key in keys]
        if keys:
            self._call(self.get_client(write=True).delete, *keys)

    def clear(self):
        return bool(self._call(self.get_client(write=True).flushdb, miss=False))

    def _unreadable(self, error):
        self.circuit.succeeded()  # Redis answered; the entry is what could not be read
        logger.warning(
            "A cache entry could not be read (%s: %s); computing it afresh.",
            type(error).__name__,
            error,
        )

    def count_in_window(self, key, timeout):
        """Add one to the counter ``key``, made with ``timeout`` seconds to live; its new value
        (0 while the cache is skipped: not counted)."""
        return self.count_in_window_later(key, timeout)()

    def count_in_window_later(self, key, timeout):
        """Send ``count_in_window`` now; a function that reads its value back, to be called
        once (it frees the connection for the next count).

        In between, the caller does its other I/O (the public API reads the public
        version from PostgreSQL), so the two round trips overlap instead of adding up.
        """
        key = self.make_and_validate_key(key)
        circuit = self.circuit
        if not circuit.allows():
            return _not_counted
        try:
            read = self._send_count(key, int(timeout))
        except RedisError as error:
            circuit.failed(error)
            return _not_counted

        def finish():
            try:
                count = read()
            except RedisError as error:
                circuit.failed(error)
                return 0
            circuit.succeeded()
            return count

        return finish

    def _send_count(self, key, timeout):
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:  # EVALSHA, loading the script once if the server lacks it
            script = self._scripts[id(client)] = client.register_script(COUNT_IN_WINDOW)
        pool, held = client.connection_pool, self._counting
        if held.connection is None or held.pid != os.getpid():  # new, or a forked process
            held.connection, held.pid, held.unread = pool.make_connection(), os.getpid(), False
        if held.unread:  # another count is still to be read on it: this one takes the pool's
            connection = pool.get_connection()
            done = lambda: pool.release(connection)  # noqa: E731
        else:
            connection = held.connection
            done = lambda: setattr(held, "unread", False)  # noqa: E731
        try:
            # Connects if it is not; disconnects on a failure, and the next count reconnects.
            connection.send_command("EVALSHA", script.sha, 1, key, timeout)
        except BaseException:
            done()
            raise
        if connection is held.connection:
            held.unread = True

        def read():
            try:
                return connection.read_response()
            except NoScriptError:  # a server that restarted: load the script, count again
                return script(keys=[key], args=[timeout])
            except RedisConnectionError:
                # Closed by the server since the last count (a restart, an idle
                # timeout): count once more through the pool, which reconnects. A
                # timeout is not retried: it would double the wait on a hung server.
                return script(keys=[key], args=[timeout])
            finally:
                done()

        return read
