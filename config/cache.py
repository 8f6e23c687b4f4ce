"""Django's Redis cache, cheaper per call: what every public answer pays twice.

- Django's client builds a new ``redis.Redis`` object for every call (its
  table of response callbacks included: about 0.4 ms a call under the
  profiler here); this one keeps one per connection pool, as redis-py
  intends (the object is thread-safe).
- ``count_in_window`` counts a request for the rate limit with one command
  (a Lua script: INCR, and EXPIRE on the window's first request, atomically),
  where ``add`` and ``incr`` cost two or three round trips (Django's ``incr``
  asks whether the key exists first); ``count_in_window_later`` sends it and
  reads the answer when the caller is ready, so another round trip can
  overlap it. Each thread counts on a connection of its own, kept out of
  the pool: taking one from the pool and giving it back (with the pool's
  check that nothing is left to read) cost more than the count.

Used whenever ``CACHE_URL`` is a ``redis://`` address (config/settings).
"""

import os
import threading

from django.core.cache.backends import redis as django_redis
from redis.exceptions import NoScriptError


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._scripts = {}
        self._counting = _CountingConnection()

    def count_in_window(self, key, timeout):
        """Add one to the counter ``key``, made with ``timeout`` seconds to live; its new value."""
        return self.count_in_window_later(key, timeout)()

    def count_in_window_later(self, key, timeout):
        """Send ``count_in_window`` now; a function that reads its value back, to be called
        once (it frees the connection for the next count).

        In between, the caller does its other I/O (the public API reads the public
        version from PostgreSQL), so the two round trips overlap instead of adding up.
        """
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
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
            connection.send_command("EVALSHA", script.sha, 1, key, int(timeout))
        except BaseException:
            done()
            raise
        if connection is held.connection:
            held.unread = True

        def read():
            try:
                return connection.read_response()
            except NoScriptError:  # a server that restarted: load the script, count again
                return script(keys=[key], args=[int(timeout)])
            finally:
                done()

        return read
