"""Each delivery checks its target again, connects to the address it checked, and signs
with both secrets while a rotation's overlap lasts.

The resolver is the one argument a delivery takes besides the delivery
(``sending.attempt(pk, resolve=...)``, ``socket.getaddrinfo`` in
production): these tests pass a resolver of their own to make a name
resolve, or change what it resolves to. Everything else is real: HTTPS
receivers with a certificate, the TLS checks, the database.
"""

import datetime
import json
import socket

import pytest
import time_machine
from django.utils import timezone

from editorial.models import DeliveryState, WebhookDelivery, WebhookEvent, WebhookSubscription
from editorial.webhooks import sending
from editorial.webhooks.encryption import secret_encrypt
from editorial.webhooks.sending import RETRY_AFTER, signature
from editorial.webhooks.subscriptions import secret_rotate
from editorial.webhooks.targets import target_check
from tests.webhooks import PUBLIC_ADDRESS, RECEIVER_NAME, resolver_of, subscribe

pytestmark = pytest.mark.django_db


def delivery_for(subscription):
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event=WebhookEvent.GUIDE_PUBLISHED,
        occurred_at=timezone.now(),
        data={"guide": {"slug": "first-steps"}},
    )


def test_a_delivery_connects_to_the_address_it_checked_and_names_the_host_for_tls(
    receiver, local_receivers_allowed
):
    hooks = receiver()
    subscription, secret = subscribe(hooks.named_url)
    delivery = delivery_for(subscription)
    # Checked at 127.0.0.1 (allowed); any later lookup would say 10.0.0.1 (refused).
    resolve = resolver_of("127.0.0.1", "10.0.0.1")

    sending.attempt(delivery.pk, resolve=resolve)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status, delivery.last_error) == ("delivered", 200, "")
    assert resolve.asked == [RECEIVER_NAME]  # resolved once: no second lookup to rebind
    ((headers, body),) = hooks.received
    assert headers["Host"] == f"{RECEIVER_NAME}:{hooks.port}"
    assert hooks.server_names == [RECEIVER_NAME]  # SNI, and the certificate checked for it
    assert headers["X-Guidance-Signature"] == signature(secret, body)


def test_dns_that_turns_private_after_saving_is_refused_at_delivery(receiver):
    hooks = receiver()  # on 127.0.0.1: what the name points at, once rebound
    subscription, _secret = subscribe(hooks.named_url)
    delivery = delivery_for(subscription)
    resolve = resolver_of(PUBLIC_ADDRESS, "127.0.0.1")
    target_check(subscription.url, resolve=resolve)  # what saving saw: a public address
    now = timezone.now()

    with time_machine.travel(now, tick=False):
        sending.attempt(delivery.pk, resolve=resolve)

    delivery.refresh_from_db()
    assert hooks.received == []
    assert delivery.last_error == (
        f"Not sent: Webhook targets must be public: {RECEIVER_NAME} resolves to 127.0.0.1, a "
        "loopback address. Deliveries there could reach the provider's own network; only the "
        "addresses in WEBHOOK_ALLOWED_TARGETS are exempt."
    )
    # A failed attempt like any other: tried again later, checked again then.
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, None)
    assert delivery.next_attempt_at == now + RETRY_AFTER[0]


@pytest.mark.parametrize(
    ("url", "error"),
    [
        (
            "https://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a link-local address (as a cloud metadata service is).",
        ),
        ("https://2130706433/", "2130706433 resolves to 127.0.0.1, a loopback address."),
        ("http://127.0.0.1:9/", "Webhook targets must use https"),
        ("ftp://127.0.0.1/", "Webhook targets must use https (this address uses “ftp:”)"),
    ],
)
def test_a_target_stored_around_the_rules_is_refused_at_delivery(url, error):
    # As a fixture loaded with loaddata, or a row written with SQL, would be.
    subscription = WebhookSubscription.objects.create(
        url=url, events=["guide.published"], secret_encrypted=secret_encrypt("s")
    )
    delivery = delivery_for(subscription)

    sending.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert error in delivery.last_error
    assert delivery.last_error.startswith("Not sent: ")
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, None)


def test_a_name_that_does_not_resolve_at_delivery_is_not_sent(receiver):
    subscription, _secret = subscribe(receiver().named_url)
    delivery = delivery_for(subscription)

    def no_such_name(host, port, **options):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    sending.attempt(delivery.pk, resolve=no_such_name)

    delivery.refresh_from_db()
    assert delivery.last_error == (
        f"Not sent: {RECEIVER_NAME} does not resolve to any address now "
        "(Name or service not known)."
    )
    assert delivery.state == DeliveryState.PENDING


def test_a_redirect_is_not_followed(receiver, local_receivers_allowed):
    elsewhere = receiver()
    hooks = receiver(statuses=[307], headers={"Location": elsewhere.url})
    subscription, _secret = subscribe(hooks.url)
    delivery = delivery_for(subscription)

    sending.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.last_status, delivery.state) == (307, "pending")
    assert delivery.last_error == "HTTP 307 Temporary Redirect (redirects are not followed)"
    assert len(hooks.received) == 1
    assert elsewhere.received == []


def test_the_certificate_is_checked_against_the_name_not_the_address(
    receiver, local_receivers_allowed
):
    hooks = receiver()  # its certificate names hooks.guidance.test and 127.0.0.1
    subscription, _secret = subscribe(f"https://other.guidance.test:{hooks.port}/hooks")
    delivery = delivery_for(subscription)

    sending.attempt(delivery.pk, resolve=resolver_of("127.0.0.1"))

    delivery.refresh_from_db()
    assert hooks.received == []
    assert "certificate verify failed" in delivery.last_error
    assert "other.guidance.test" in delivery.last_error


def test_an_untrusted_certificate_is_refused(receiver, local_receivers_allowed, monkeypatch):
    hooks = receiver()
    monkeypatch.delenv("SSL_CERT_FILE")  # the system's CAs only: the test CA is not one
    subscription, _secret = subscribe(hooks.url)
    delivery = delivery_for(subscription)

    sending.attempt(delivery.pk)

    delivery.refresh_from_db()
    assert hooks.received == []
    assert "certificate verify failed" in delivery.last_error


def test_during_a_rotations_overlap_both_secrets_sign_and_after_it_only_the_new_one(
    receiver, local_receivers_allowed, settings
):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    hooks = receiver()
    subscription, old = subscribe(hooks.url)
    rotated_at = timezone.now()
    new = secret_rotate(subscription, user=None, at=rotated_at)

    with time_machine.travel(rotated_at + datetime.timedelta(hours=23, minutes=59)):
        sending.attempt(delivery_for(subscription).pk)
    with time_machine.travel(rotated_at + datetime.timedelta(hours=24)):
        sending.attempt(delivery_for(subscription).pk)

    (during, during_body), (after, after_body) = hooks.received
    assert new != old
    assert during["X-Guidance-Signature"] == signature(new, during_body)
    assert during["X-Guidance-Signature-Previous"] == signature(old, during_body)
    assert after["X-Guidance-Signature"] == signature(new, after_body)
    assert "X-Guidance-Signature-Previous" not in after
    assert json.loads(after_body)["event"] == "guide.published"
