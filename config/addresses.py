"""Where a request comes from: one rule for the API's rate limits and the sign-in lockout."""

import functools
import ipaddress

from rest_framework.settings import api_settings


def client_address(request):
    """The client's IP address: the connection's own, unless proxies stand in front.

    ``API_NUM_PROXIES`` (DRF's ``NUM_PROXIES``) says how many: only then is
    X-Forwarded-For believed, and only the entry the outermost of them wrote,
    as anyone can send the header and every entry left of that one is the
    client's own say. An entry that is no IP address (a proxy set up wrong)
    counts as the connection's, so it cannot open a bucket of its own. None
    when even the connection's is no address (a Unix socket), as the lockout
    records addresses in an IP address column.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not (api_settings.NUM_PROXIES and forwarded):
        return remote
    entries = forwarded.split(",")
    return _address(entries[-min(api_settings.NUM_PROXIES, len(entries))]) or remote


# The longest text an IP address is written in (IPv6 with an embedded IPv4 address).
LONGEST_ADDRESS = 45


def _address(text):
    text = text.strip()
    # Parsed once per address: a client sends many requests from one. What cannot be
    # an address is not remembered, so no header can fill the memory.
    return _parsed(text) if len(text) <= LONGEST_ADDRESS else None


@functools.lru_cache(maxsize=4096)
def _parsed(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
