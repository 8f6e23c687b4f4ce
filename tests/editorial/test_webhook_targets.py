"""The target rule (editorial.webhooks.targets): https, to public addresses only, in every
spelling; WEBHOOK_ALLOWED_TARGETS the one exception.

The host is resolved by the system's resolver, as a delivery resolves it;
the names used resolve on any machine (``localhost``, and addresses written
as numbers). A name that resolves to several addresses, or to a different
one later, comes from a resolver passed as the argument the rule takes.
"""

import socket

import pytest
from django.core.exceptions import ValidationError

from editorial.webhooks.targets import (
    Target,
    TargetRefused,
    TargetUnresolved,
    target_check,
    validate_target,
)
from tests.webhooks import PUBLIC_ADDRESS, resolver_of

HINT = (
    "Deliveries there could reach the provider's own network; only the addresses in "
    "WEBHOOK_ALLOWED_TARGETS are exempt."
)
# Every spelling of a non-public target, and why each is refused.
NOT_PUBLIC = {
    "//169.254.169.254/latest/meta-data/": (
        "169.254.169.254 is a link-local address (as a cloud metadata service is)."
    ),
    "//10.0.0.1/": "10.0.0.1 is a private or special-purpose address.",
    "//localhost:8000/": "localhost resolves to 127.0.0.1, a loopback address.",
    "//LocalHost./": "localhost resolves to 127.0.0.1, a loopback address.",
    "//127.0.0.1./": "127.0.0.1 is a loopback address.",
    "//0177.0.0.1/": "0177.0.0.1 resolves to 127.0.0.1, a loopback address.",
    "//0x7f.0x0.0x0.0x1/": "0x7f.0x0.0x0.0x1 resolves to 127.0.0.1, a loopback address.",
    "//127.000.000.001/": "127.000.000.001 resolves to 127.0.0.1, a loopback address.",
    "//0x7f.1./": "0x7f.1 resolves to 127.0.0.1, a loopback address.",
    "//2130706433./": "2130706433 resolves to 127.0.0.1, a loopback address.",
    "//hooks.localhost/": "hooks.localhost is a local name, for this machine or its network only.",
    "//printer.local/": "printer.local is a local name, for this machine or its network only.",
    "//db.internal/": "db.internal is a local name, for this machine or its network only.",
    "//127.1/": "127.1 resolves to 127.0.0.1, a loopback address.",
    "//2130706433/": "2130706433 resolves to 127.0.0.1, a loopback address.",
    "//0x7f000001/": "0x7f000001 resolves to 127.0.0.1, a loopback address.",
    "//017700000001/": "017700000001 resolves to 127.0.0.1, a loopback address.",
    "//0x7f.1/": "0x7f.1 resolves to 127.0.0.1, a loopback address.",
    "//0/": "0 resolves to 0.0.0.0, the unspecified address.",
    "//[::1]/": "::1 is a loopback address.",
    "//[::ffff:127.0.0.1]/": (
        "::ffff:127.0.0.1 is an IPv4-mapped form of 127.0.0.1, a loopback address."
    ),
    "//[::ffff:7f00:1]/": "::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address.",
    "//[::ffff:10.0.0.1]/": (
        "::ffff:10.0.0.1 is an IPv4-mapped form of 10.0.0.1, a private or special-purpose address."
    ),
    "//[::7f00:1]/": "::7f00:1 is a reserved address.",  # IPv4-compatible ::127.0.0.1
    "//100.64.0.1/": ("100.64.0.1 is not a public address (a shared or special-purpose range)."),
    "//0.0.0.0/": "0.0.0.0 is the unspecified address.",
    "//[::]/": ":: is the unspecified address.",
    "//[fd00::1]/": "fd00::1 is a private or special-purpose address.",
    "//[fe80::1]/": "fe80::1 is a link-local address (as a cloud metadata service is).",
    "//[fec0::1]/": "fec0::1 is a site-local address.",
    "//224.0.0.1/": "224.0.0.1 is a multicast address.",
    "//[ff02::1]/": "ff02::1 is a multicast address.",
    "//240.0.0.1/": "240.0.0.1 is a reserved address.",
    "//255.255.255.255/": "255.255.255.255 is a reserved address.",
    "//192.0.2.1/": "192.0.2.1 is a private or special-purpose address.",  # documentation
    "//[2001:db8::1]/": "2001:db8::1 is a private or special-purpose address.",
    "//[64:ff9b::a00:1]/": (
        "64:ff9b::a00:1 is a NAT64 form of 10.0.0.1, a private or special-purpose address."
    ),
    "//[2002:a9fe:a9fe::1]/": (
        "2002:a9fe:a9fe::1 is a 6to4 form of 169.254.169.254, a link-local address (as a "
        "cloud metadata service is)."
    ),
    "//[2001:0:4136:e378:8000:63bf:80ff:fffe]/": (
        "2001:0:4136:e378:8000:63bf:80ff:fffe is a Teredo form of 127.0.0.1, a loopback address."
    ),
}


def refusal(url, **options):
    with pytest.raises(TargetRefused) as refused:
        target_check(url, **options)
    return refused.value.message


@pytest.mark.parametrize(("where", "why"), NOT_PUBLIC.items())
def test_every_spelling_of_a_non_public_address_is_refused(where, why):
    assert refusal(f"https:{where}") == f"Webhook targets must be public: {why} {HINT}"


@pytest.mark.parametrize("where", NOT_PUBLIC)
def test_plain_http_is_refused_with_debug_off_whatever_the_address(where):
    assert refusal(f"http:{where}") == (
        "Webhook targets must use https: plain http is accepted only with DEBUG on (development)."
    )


@pytest.mark.parametrize(("where", "why"), NOT_PUBLIC.items())
def test_with_debug_on_plain_http_is_accepted_but_not_to_these_addresses(settings, where, why):
    settings.DEBUG = True

    assert refusal(f"http:{where}") == f"Webhook targets must be public: {why} {HINT}"


def test_with_debug_on_plain_http_to_a_public_address_is_accepted(settings):
    settings.DEBUG = True

    assert target_check(f"http://{PUBLIC_ADDRESS}:8080/hooks").port == 8080


@pytest.mark.parametrize("scheme", ["ftp", "file", "gopher", "javascript", "ws", "HTTPX"])
def test_other_schemes_are_refused_naming_them(scheme):
    assert refusal(f"{scheme}://example.org/hooks") == (
        f"Webhook targets must use https (this address uses “{scheme.lower()}:”): start it "
        "with https://."
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Give the address to POST to, e.g. https://hooks.example.org/guidance."),
        ("example.org/hooks", "Webhook targets must use https (this address uses no scheme)"),
        ("https://", "The address names no host"),
        ("https:///hooks", "The address names no host"),
        ("https://user:pw@example.org/", "may not contain a user name or password"),
        ("https://example.org@127.0.0.1/", "may not contain a user name or password"),
        ("https://127.0.0.1 .example.org/", "may not contain spaces, control characters"),
        ("https://127.0.0.1\t/", "may not contain spaces, control characters"),
        ("https://127.0.0.1\\@example.org/", "may not contain spaces, control characters"),
        ("https://%31%32%37.0.0.1/", "The host may not be percent-encoded"),
        ("https://[fe80::1%25eth0]/", "may not be percent-encoded or carry an IPv6 zone"),
        ("https://[::1/", "The address is malformed"),
        ("https://example.org:0/", "The port must be a number from 1 to 65535."),
        ("https://example.org:65536/", "The address is malformed"),
        ("https://example.org/caf\u00e9", "Percent-encode the path's non-ASCII characters"),
        ("https://1.2.3.4.5/", "“1.2.3.4.5” is neither a host name nor an IP address"),
        ("https://./", "The address names no host"),
    ],
)
def test_malformed_and_ambiguous_addresses_are_refused(url, message):
    assert message in refusal(url)


@pytest.mark.parametrize(
    "url",
    [
        f"https://{PUBLIC_ADDRESS}/hooks",
        "https://[2606:4700:4700::1111]:8443/hooks?source=guidance",
        "https://[64:ff9b::5db8:d70e]/hooks",  # NAT64 of a public IPv4 address
        "https://[2002:5db8:d70e::1]/hooks",  # 6to4 of a public IPv4 address
        "HTTPS://93.184.215.14/hooks",
    ],
)
def test_public_addresses_are_accepted(url):
    target = target_check(url)

    assert target.scheme == "https"
    assert len(target.addresses) == 1


def test_a_name_is_accepted_when_every_address_it_resolves_to_is_public():
    resolve = resolver_of(PUBLIC_ADDRESS)

    target = target_check("https://Hooks.Example.org/guidance?x=1", resolve=resolve)

    assert target == Target(
        scheme="https",
        host="hooks.example.org",
        port=443,
        path="/guidance?x=1",
        addresses=(target.addresses[0],),
    )
    assert str(target.addresses[0]) == PUBLIC_ADDRESS
    assert resolve.asked == ["hooks.example.org"]


def test_a_name_is_refused_when_any_address_it_resolves_to_is_not_public():
    def public_and_private(host, port, **options):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_ADDRESS, port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fd12::7", port, 0, 0)),
        ]

    assert refusal("https://hooks.example.org/", resolve=public_and_private) == (
        "Webhook targets must be public: hooks.example.org resolves to fd12::7, a private or "
        f"special-purpose address. {HINT}"
    )


def test_an_international_name_is_resolved_in_its_ascii_form():
    resolve = resolver_of(PUBLIC_ADDRESS)

    assert target_check("https://bücher.example/", resolve=resolve).host == "xn--bcher-kva.example"
    assert resolve.asked == ["xn--bcher-kva.example"]


def test_a_name_that_resolves_to_nothing_is_accepted_at_saving_and_refused_at_sending():
    # .invalid never resolves (RFC 6761).
    with pytest.raises(TargetUnresolved, match="does not resolve to any address now"):
        target_check("https://hooks.invalid/")

    validate_target("https://hooks.invalid/")  # saving: nothing to judge yet


def test_the_validator_says_why_a_target_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_target("https://localhost/hooks")

    assert refused.value.messages == [
        f"Webhook targets must be public: localhost resolves to 127.0.0.1, a loopback address. "
        f"{HINT}"
    ]


def test_allowed_targets_exempt_the_addresses_and_networks_they_list(settings):
    settings.WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1", "10.1.0.0/16", "fd00::/8"]

    assert [str(a) for a in target_check("https://localhost:8443/").addresses] == ["127.0.0.1"]
    assert target_check("https://2130706433/").port == 443
    assert target_check("https://[::ffff:127.0.0.1]/").host == "::ffff:127.0.0.1"
    assert target_check("https://10.1.200.3/").host == "10.1.200.3"
    assert target_check("https://[fd00::1]/").host == "fd00::1"
    assert "10.2.0.1 is a private" in refusal("https://10.2.0.1/")
    assert "127.0.0.2 is a loopback address" in refusal("https://127.0.0.2/")
    assert "::1 is a loopback address" in refusal("https://[::1]/")


def test_allowed_targets_do_not_allow_plain_http_with_debug_off(settings):
    settings.WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1"]

    assert "must use https" in refusal("http://127.0.0.1:8000/hooks")
