import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

logger = logging.getLogger(__name__)


class FailOpen:
    """A throttle that lets requests through when the cache it counts in is down.

    Readers must still get guidance and crisis lines while Redis is away;
    the failure is logged.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache backend's own errors (redis.ConnectionError, ...)
            logger.exception("The throttle's cache failed; letting the request through.")
            return True


class AnonymousReadThrottle(FailOpen, AnonRateThrottle):
    """Anonymous requests per client address, at ``API_ANON_RATE``.

    Reads the rate from settings on each request rather than once at import,
    so it follows the environment (and tests can change it).
    """

    def get_rate(self):
        return settings.API_ANON_RATE


class TokenRequestThrottle(FailOpen, ScopedRateThrottle):
    """Requests per client address for a view's ``throttle_scope``, at ``API_TOKEN_RATE``."""

    def get_rate(self):
        return settings.API_TOKEN_RATE
