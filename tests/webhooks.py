"""Real webhook receivers for the tests: HTTPS servers on 127.0.0.1 with a test CA.

Each receiver is a real server with a real certificate, issued by a CA made
for the test session and trusted only through ``SSL_CERT_FILE`` (which the
delivery's TLS context reads, as it would read the system's CAs), so a
delivery is checked as in production: https, the certificate checked
against the host's name. 127.0.0.1 is allowed as a target through
WEBHOOK_ALLOWED_TARGETS, the one exception the rules have.
"""

import datetime
import ipaddress
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from editorial.models import WebhookEvent, WebhookSubscription
from editorial.webhooks.subscriptions import subscription_save

# The name the receivers' certificate is for: it resolves nowhere, so a
# delivery reaches it only through a resolver a test passes (tests that pin).
RECEIVER_NAME = "hooks.guidance.test"
# A public address (example.com's), for targets that must be accepted; no
# test sends anything to it.
PUBLIC_ADDRESS = "93.184.215.14"


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, serial, extensions):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(signing_key, hashes.SHA256())


@pytest.fixture(scope="session")
def webhook_tls(tmp_path_factory):
    """(CA file, server certificate and key file): for 127.0.0.1 and RECEIVER_NAME."""
    folder = tmp_path_factory.mktemp("webhook-tls")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate(
        _name("guidance tests CA"),
        _name("guidance tests CA"),
        ca_key.public_key(),
        ca_key,
        serial=1,
        extensions=[
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (
                x509.KeyUsage(
                    digital_signature=True,
                    key_cert_sign=True,
                    crl_sign=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                True,
            ),
            (x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False),
        ],
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = _certificate(
        _name(RECEIVER_NAME),
        ca.subject,
        key.public_key(),
        ca_key,
        serial=2,
        extensions=[
            (
                x509.SubjectAlternativeName(
                    [
                        x509.DNSName(RECEIVER_NAME),
                        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                    ]
                ),
                False,
            ),
            (x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False),
            (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
        ],
    )
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    server_file = folder / "server.pem"
    server_file.write_bytes(
        server.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, server_file


class Receiver:
    """A real HTTPS server on 127.0.0.1 answering with ``statuses`` in turn (then 200).

    Records each request's headers and body, and the server name (SNI) each
    TLS connection asked for.
    """

    def __init__(self, server_file, statuses=(), headers=None):
        self.statuses, self.received, self.server_names = list(statuses), [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(server_file)
        context.sni_callback = lambda _socket, name, _context: self.server_names.append(name)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.url = f"https://127.0.0.1:{self.port}/hooks"
        self.named_url = f"https://{RECEIVER_NAME}:{self.port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self):
        return [json.loads(body)["event"] for _headers, body in self.received]


@pytest.fixture
def trusted_test_ca(webhook_tls, monkeypatch):
    """Deliveries trust the test CA (and only it), as they would a system CA."""
    monkeypatch.setenv("SSL_CERT_FILE", str(webhook_tls[0]))
    return webhook_tls[0]


@pytest.fixture
def local_receivers_allowed(settings):
    """127.0.0.1 exempt from the public-address rule, as a developer would set it."""
    settings.WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1"]


@pytest.fixture
def receiver(webhook_tls, trusted_test_ca):
    """``receiver(statuses=(), headers=None)``: a started Receiver, stopped after the test."""

    def start(statuses=(), headers=None):
        started = Receiver(webhook_tls[1], statuses, headers)
        started.thread.start()
        servers.append(started)
        return started

    servers = []
    yield start
    for server in servers:
        server.server.shutdown()
        server.server.server_close()


def subscribe(url, *names):
    """A subscription made through the service; returns (subscription, its secret in clear)."""
    subscription = WebhookSubscription(url=url, events=list(names or WebhookEvent.values))
    secret = subscription_save(subscription, user=None)
    return subscription, secret


def resolver_of(*answers):
    """A resolver like socket.getaddrinfo that answers each call with the next address.

    ``answers``: one IP address per call (the last repeats). Records the
    names it was asked for in ``.asked``.
    """
    remaining = list(answers)

    def resolve(host, port, family=0, type=0, proto=0, flags=0):
        resolve.asked.append(host)
        address = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        version = ipaddress.ip_address(address).version
        family = socket.AF_INET if version == 4 else socket.AF_INET6
        sockaddr = (address, port) if version == 4 else (address, port, 0, 0)
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)]

    resolve.asked = []
    return resolve


def webhook_user(username, *actions):
    """A staff user holding only these rights on webhook subscriptions (view, add, ...)."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    user = UserFactory(username=username)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="editorial",
            codename__in=[f"{action}_webhooksubscription" for action in actions],
        )
    )
    return user
