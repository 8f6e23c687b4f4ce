"""Rate limits per client address, counted with atomic cache increments.

DRF's own throttles keep each client's request times in the cache and
pickle the whole list both ways on every request: at a generous rate, and
under exactly the load a limit is for, that is a thousand timestamps per
request. These count requests instead:

- anonymous reads, the hot path, in fixed windows: one increment per
  request, and a client may burst to twice the rate across a window's edge,
  which a generous limit allows;
- token requests, each a password guess, in a sliding window: never more
  than the rate in any stretch of a window's length, for an increment and
  one read of a few counters per request.

The client is its address (config.addresses: X-Forwarded-For only with
API_NUM_PROXIES). While the cache is skipped after a failure (config/cache.py:
a count is then 0 and nothing is found) they let requests through: readers
must still get guidance and crisis lines while Redis is away (and sign-ins
stay guarded by the lockout, which the database keeps).
"""

import math

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from config.addresses import client_address


class CountingThrottle(SimpleRateThrottle):
    """At most ``num_requests`` per window of ``duration`` seconds for each cache key."""

    def get_ident(self, request):
        return client_address(request)

    def allow_request(self, request, view):
        allowed, self.retry_after = self.begin_count(request, view)()
        return allowed

    def begin_count(self, request, view):
        """Count ``request``; a function giving (allowed, seconds until one would be), to
        be called once. Until then the request may do other I/O (config/cache.py).

        No rate or no key: the request is let through.
        """
        key = self.get_cache_key(request, view) if self.rate is not None else None
        if key is None:
            return lambda: (True, 0)
        return self._count_later(key)

    def _count_later(self, key):
        """Count this request; a function giving whether it is allowed, and if not, seconds
        until one would be."""
        now = self.timer()
        window = int(now // self.duration)
        counted = self._increment_later(f"{key}:{window}", timeout=self.duration + 1)

        def verdict():
            return counted() <= self.num_requests, (window + 1) * self.duration - now

        return verdict

    def _increment(self, key, timeout):
        return self._increment_later(key, timeout)()

    def _increment_later(self, key, timeout):
        count_in_window_later = getattr(self.cache, "count_in_window_later", None)
        if count_in_window_later is not None:  # Redis: one round trip (config/cache.py)
            return count_in_window_later(key, timeout)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or a cache that lost the key)
            count = 1 if self.cache.add(key, 1, timeout=timeout) else self.cache.incr(key)
        return lambda: count

    def wait(self):
        return max(1, math.ceil(self.retry_after))


class SlidingWindowThrottle(CountingThrottle):
    """At most ``num_requests`` in any stretch of ``duration`` seconds, for each cache key.

    Requests are counted in ``slices`` slices of the window. One is let
    through when the requests let through in its own slice and in the
    ``slices`` whole slices before it, itself included, are within the limit.
    That stretch is always at least a window long, so no stretch of a
    window's length ever holds more than the limit, wherever it starts (the
    two-window weighted estimate would still let a client that paces itself
    come close to twice the rate). The price: a client at a steady pace gets
    at least ``slices / (slices + 1)`` of the rate. A refused request is taken
    back off the count, so a client that waits for Retry-After gets through.
    """

    slices = 6

    def _count_later(self, key):
        verdict = self._count_now(key)  # it reads the earlier slices: nothing to overlap
        return lambda: verdict

    def _count_now(self, key):
        now = self.timer()
        width = self.duration / self.slices
        current = int(now // width)
        # A slice is read until it leaves the stretch, slices + 1 slices after it began.
        count = self._increment(f"{key}:{current}", timeout=math.ceil(self.duration + width) + 1)
        earlier_keys = [f"{key}:{number}" for number in range(current - self.slices, current)]
        earlier = self.cache.get_many(earlier_keys)
        counts = [earlier.get(earlier_key, 0) for earlier_key in earlier_keys] + [count]
        if sum(counts) <= self.num_requests:
            return True, 0
        self.cache.decr(f"{key}:{current}")
        counts[-1] -= 1
        # The next request fits once enough of the oldest slices have left the stretch.
        for dropped in range(1, len(counts) + 1):
            if sum(counts[dropped:]) < self.num_requests:
                return False, (current + dropped) * width - now
        return False, self.duration  # a rate of 0: nothing ever fits


class AnonymousReadThrottle(CountingThrottle, AnonRateThrottle):
    """Anonymous requests per client address, at ``API_ANON_RATE``.

    Reads the rate from settings on each request rather than once at import,
    so it follows the environment (and tests can change it).

    A request may be counted before DRF sees it (``count_before_dispatch``,
    for the public API's answers from memory); DRF's own check then takes
    that verdict rather than counting the request twice.
    """

    VERDICT = "anonymous_read_verdict"

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_cache_key(self, request, view):
        # The public API authenticates no one: every reader is counted by address.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        verdict = getattr(request, self.VERDICT, None)
        if verdict is None:
            return super().allow_request(request, view)
        allowed, self.retry_after = verdict
        return allowed

    @classmethod
    def count_before_dispatch(cls, request, view):
        """Start counting ``request`` (a Django request) before DRF sees it; a function that
        finishes the count, records the verdict for DRF's check and says whether the
        request is allowed. Until it is called, the request may do other I/O."""
        verdict = cls().begin_count(request, view)

        def finish():
            setattr(request, cls.VERDICT, verdict())
            return getattr(request, cls.VERDICT)[0]

        return finish


class TokenRequestThrottle(SlidingWindowThrottle):
    """Token requests per client address, at ``API_TOKEN_RATE``: each is a password guess."""

    scope = "token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
