"""Rate limits per client address, counted with one atomic cache increment.

DRF's own throttles keep each client's request times in the cache and
pickle the whole list both ways on every request: at a generous rate, and
under exactly the load a limit is for, that is a thousand timestamps per
request. These count requests in fixed windows instead (a client may burst
to twice the rate across a window's edge, which a generous limit allows).
If the cache is down they let requests through, logged: readers must still
get guidance and crisis lines while Redis is away.
"""

import logging
import math

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

logger = logging.getLogger(__name__)


class CountingThrottle(SimpleRateThrottle):
    """At most ``num_requests`` per window of ``duration`` seconds for each cache key."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        try:
            count, self.retry_after = self._count(key)
        except Exception:  # the cache backend's own errors (redis.ConnectionError, ...)
            logger.exception("The throttle's cache failed; letting the request through.")
            return True
        return count <= self.num_requests

    def _count(self, key):
        now = self.timer()
        window = int(now // self.duration)
        key = f"{key}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or a cache that lost the key)
            count = 1 if self.cache.add(key, 1, timeout=self.duration + 1) else None
            count = count or self.cache.incr(key)
        return count, (window + 1) * self.duration - now

    def wait(self):
        return max(1, math.ceil(self.retry_after))


class AnonymousReadThrottle(CountingThrottle, AnonRateThrottle):
    """Anonymous requests per client address, at ``API_ANON_RATE``.

    Reads the rate from settings on each request rather than once at import,
    so it follows the environment (and tests can change it).
    """

    def get_rate(self):
        return settings.API_ANON_RATE


class TokenRequestThrottle(CountingThrottle):
    """Token requests per client address, at ``API_TOKEN_RATE``: each is a password guess."""

    scope = "token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
