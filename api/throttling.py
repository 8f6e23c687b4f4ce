from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousReadThrottle(AnonRateThrottle):
    """Anonymous requests per client address, at ``API_ANON_RATE``.

    Reads the rate from settings on each request rather than once at import,
    so it follows the environment (and tests can change it).
    """

    def get_rate(self):
        return settings.API_ANON_RATE
