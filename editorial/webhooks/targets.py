"""Where a webhook may be sent: https, to public addresses only, checked at saving and at sending.

A subscription's URL is a request the service makes on someone's behalf, so
it must not reach anything but the public internet: not the provider's own
network, its loopback, or a cloud metadata service. ``target_check`` is the
one rule, used by the model's validator (the admin, the editorial API and the
import all save through it) and again by each delivery, which then connects
to the very addresses it checked (transport.py), so DNS that changes between
the check and the connection (rebinding) gains nothing.

The host is resolved with the system's resolver (``socket.getaddrinfo``),
which also reads the spellings of an IPv4 address C programs accept
(``2130706433``, ``0x7f000001``, ``017700000001``, ``127.1``), so an address is
judged as it would be reached, whatever way it is written. Every address the
name resolves to must be public; IPv6 forms that carry an IPv4 address
(mapped, NAT64, 6to4, Teredo) are judged by that IPv4 address too.

``WEBHOOK_ALLOWED_TARGETS`` (addresses or networks) are the only exception,
for a receiver on one's own machine in development. Plain ``http`` is
accepted only with ``DEBUG`` on.
"""

import ipaddress
import socket
import urllib.parse
from dataclasses import dataclass
from string import hexdigits

from django.conf import settings
from django.core.exceptions import ValidationError

from editorial.exceptions import InvalidInput

DEFAULT_PORTS = {"https": 443, "http": 80}
# RFC 6052's well-known prefix: the last 32 bits are the IPv4 address a NAT64
# gateway connects to. The ipaddress module has no property for it.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
# Names that are local by definition: localhost (RFC 6761), mDNS's .local
# (RFC 6762), .home.arpa (RFC 8375) and .internal (reserved by ICANN for
# private networks). One that does not resolve here is refused all the same.
LOCAL_DOMAINS = ("localhost", "local", "home.arpa", "internal")
EXCEPTIONS_HINT = (
    "Deliveries there could reach the provider's own network; only the addresses in "
    "WEBHOOK_ALLOWED_TARGETS are exempt."
)


class TargetRefused(InvalidInput):
    """A webhook target that is not an https URL of a public host."""


class TargetUnresolved(TargetRefused):
    """A host name that resolves to nothing now, so has no address to judge."""


@dataclass(frozen=True)
class Target:
    """A checked target: where to connect, and what to call the host in Host and TLS."""

    scheme: str
    host: str  # ASCII (IDNA), without brackets: for the Host header, SNI and the certificate
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple  # every address the host resolved to, each checked, in the resolver's order


def target_check(url, *, resolve=socket.getaddrinfo):
    """The Target ``url`` names, once its scheme, shape and every address are checked.

    ``resolve``: a function like ``socket.getaddrinfo`` (the default), the one
    way the host is turned into addresses. Raises TargetRefused with a message
    a person can act on, or TargetUnresolved when the name resolves to nothing.
    """
    scheme, host, port, path = _parts(url)
    try:
        addresses = _addresses(host, port, resolve)
    except TargetUnresolved:
        # Not left for later: these could only ever resolve to what is refused.
        if any(host == domain or host.endswith(f".{domain}") for domain in LOCAL_DOMAINS):
            raise TargetRefused(
                f"Webhook targets must be public: {host} is a local name, for this machine or "
                f"its network only. {EXCEPTIONS_HINT}"
            ) from None
        if _ends_in_a_number(host):
            raise TargetRefused(
                f"“{host}” is neither a host name nor an IP address: write an address as four "
                "numbers, e.g. 203.0.113.7."
            ) from None
        raise
    allowed = allowed_networks()
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None)
        if any((mapped or address) in network for network in allowed):
            continue
        why = why_not_public(address)
        if why:
            named = (
                f"{host} is" if _is_literal(host, address) else f"{host} resolves to {address},"
            )
            raise TargetRefused(
                f"Webhook targets must be public: {named} {why}. {EXCEPTIONS_HINT}"
            )
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=tuple(addresses))


def validate_target(url):
    """The subscription URL's validator: what every form, serializer and import saves through.

    A name that resolves to nothing yet is accepted: it reaches nowhere, and
    every delivery checks it again (and is not sent while it does not resolve
    to public addresses).
    """
    try:
        target_check(url)
    except TargetUnresolved:
        return
    except TargetRefused as refusal:
        raise ValidationError(refusal.message, code="target_refused") from refusal


def why_not_public(address):
    """Why ``address`` (an ipaddress address) is not on the public internet, or None."""
    if address.version == 6:
        for form, ipv4 in _embedded_ipv4(address):
            why = why_not_public(ipv4)
            if why:
                return f"{form} form of {ipv4}, {why}"
        if address.ipv4_mapped is not None or address in NAT64_PREFIX:
            return None  # only another way to reach the IPv4 address, public as checked
        if address.is_site_local:
            return "a site-local address"
    for flag, why in (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "the unspecified address"),
        (address.is_link_local, "a link-local address (as a cloud metadata service is)"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private or special-purpose address"),
        (not address.is_global, "not a public address (a shared or special-purpose range)"),
    ):
        if flag:
            return why
    return None


def allowed_networks():
    return [
        ipaddress.ip_network(entry, strict=False) for entry in settings.WEBHOOK_ALLOWED_TARGETS
    ]


def _ends_in_a_number(host):
    """Whether browsers would read ``host`` as an IPv4 address (the URL Standard's rule)."""
    last = host.rsplit(".", 1)[-1]
    return last.isdigit() or (last[:2] in ("0x", "0X") and all(c in hexdigits for c in last[2:]))


def _is_literal(host, address):
    try:
        return ipaddress.ip_address(host) == address
    except ValueError:
        return False


def _embedded_ipv4(address):
    """[(form, IPv4 address)] that an IPv6 address carries and reaches through."""
    if address.ipv4_mapped is not None:
        return [("an IPv4-mapped", address.ipv4_mapped)]
    if address in NAT64_PREFIX:
        return [("a NAT64", ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF))]
    if address.sixtofour is not None:
        return [("a 6to4", address.sixtofour)]
    if address.teredo is not None:
        server, client = address.teredo
        return [("a Teredo", client), ("a Teredo", server)]
    return []


def _parts(url):
    """(scheme, ASCII host, port, path and query) of ``url``; TargetRefused if malformed."""
    if not isinstance(url, str) or not url.strip():
        raise TargetRefused(
            "Give the address to POST to, e.g. https://hooks.example.org/guidance."
        )
    if any(character <= " " or character in "\x7f\\" for character in url):
        # urlsplit would drop some of these silently, and other parsers read them otherwise.
        raise TargetRefused(
            "The address may not contain spaces, control characters or backslashes."
        )
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefused(f"The address is malformed: {error}.") from error
    scheme = parts.scheme.lower()
    if scheme == "http" and not settings.DEBUG:
        raise TargetRefused(
            "Webhook targets must use https: plain http is accepted only with DEBUG on "
            "(development)."
        )
    if scheme not in DEFAULT_PORTS:
        used = f"“{scheme}:”" if scheme else "no scheme"
        raise TargetRefused(
            f"Webhook targets must use https (this address uses {used}): start it with https://."
        )
    if "@" in parts.netloc:
        raise TargetRefused(
            "The address may not contain a user name or password: each delivery is signed "
            "instead (X-Guidance-Signature)."
        )
    host = parts.hostname
    if not host:
        raise TargetRefused("The address names no host: e.g. https://hooks.example.org/guidance.")
    if "%" in host:
        raise TargetRefused(
            "The host may not be percent-encoded or carry an IPv6 zone: write it plainly."
        )
    if port == 0:
        raise TargetRefused("The port must be a number from 1 to 65535.")
    # The absolute form (a trailing dot) names the same host; without it, the
    # name matches certificates, and /etc/hosts as the resolver reads it.
    host = host.removesuffix(".")
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise TargetRefused(f"“{host}” is not a valid host name.") from error
    if not ascii_host:
        raise TargetRefused("The address names no host: e.g. https://hooks.example.org/guidance.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    if not path.isascii():
        raise TargetRefused("Percent-encode the path's non-ASCII characters (e.g. %C3%A9).")
    return scheme, ascii_host, port or DEFAULT_PORTS[scheme], path


def _addresses(host, port, resolve):
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as error:
        raise TargetRefused(f"“{host}” is not a valid host name.") from error
    except OSError as error:  # socket.gaierror: no such name, or no answer now
        raise TargetUnresolved(
            f"{host} does not resolve to any address now ({error.strerror or error})."
        ) from error
    addresses = []
    for family, _type, _proto, _canonical, sockaddr in found:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        # An IPv6 zone (fe80::1%eth0) is dropped: the address alone is judged.
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetUnresolved(f"{host} does not resolve to any address now.")
    return addresses
