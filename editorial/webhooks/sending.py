"""Signing and sending a delivery, and trying again later if it does not get through.

The body is JSON: ``{"id", "event", "occurred_at", "data"}``. Headers:
``X-Guidance-Event``, ``X-Guidance-Delivery`` (the id: the same on every
attempt, so a receiver can drop repeats) and ``X-Guidance-Signature:
sha256=<hex>``, the HMAC-SHA256 of the exact body bytes under the
subscription's secret; for a while after the secret is rotated,
``X-Guidance-Signature-Previous`` too, the same under the secret it replaced.
Only a 2xx answer counts as delivered; anything else (another status, a
redirect, a timeout, no connection, or a target refused by the check made
before each attempt, targets.py) is tried again after 1 minute, 5, 30, 2
hours, 6, then 16: for about a day, then given up. Every delivery is sent
at least once: a receiver drops repeats by their id.
"""

import datetime
import hashlib
import hmac
import json
import socket

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from editorial.models import DeliveryState, WebhookDelivery
from editorial.webhooks import targets, transport

RETRY_AFTER = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=16),
]
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Guidance-Signature"
PREVIOUS_SIGNATURE_HEADER = "X-Guidance-Signature-Previous"


def body_of(delivery):
    return json.dumps(
        {
            "id": str(delivery.delivery_id),
            "event": delivery.event,
            "occurred_at": delivery.occurred_at.isoformat(),
            "data": delivery.data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def signature(secret, body):
    """``sha256=<hex>``: what a receiver recomputes from the raw body to trust it."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_headers(subscription, body, *, at):
    """The signature under the secret, and under the previous one while it still signs."""
    current, *previous = subscription.signing_secrets(at)
    headers = {SIGNATURE_HEADER: signature(current, body)}
    if previous:
        headers[PREVIOUS_SIGNATURE_HEADER] = signature(previous[0], body)
    return headers


def attempt(delivery_pk, *, resolve=socket.getaddrinfo):
    """POST the delivery once, if it is due and no live worker holds it, and record the outcome.

    The delivery is claimed first, for the lease (jobs run at least once: a
    second job for it, or one of a worker taken for dead, finds it claimed or
    settled and does nothing). A failed attempt sets when the next is due;
    the sweep (sweep.py) enqueues it then. ``resolve``: how the target's host
    becomes addresses (targets.target_check).
    """
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_pk, state=DeliveryState.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + claim_lease())
    )
    if not claimed:  # settled, not due, held by a worker, or its subscription deleted
        return
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_pk)
    body = body_of(delivery)
    status, error = _post(
        delivery.subscription.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "guidance-webhooks/1",
            "X-Guidance-Event": delivery.event,
            "X-Guidance-Delivery": str(delivery.delivery_id),
            **signature_headers(delivery.subscription, body, at=timezone.now()),
        },
        resolve,
    )
    _record(delivery, status, error)


def claim_lease():
    """How long a claim holds: the lease less one sweep, so that the sweep takes the
    delivery back within ``JOB_LEASE_SECONDS`` of a claim whose worker stopped."""
    return datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS - settings.JOB_SWEEP_SECONDS)


def _record(delivery, status, error):
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status = status
    delivery.last_error = error
    delivery.leased_until = None
    if status is not None and 200 <= status < 300:
        delivery.state = DeliveryState.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts <= len(RETRY_AFTER):
        delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]
    else:
        delivery.state = DeliveryState.FAILED
        delivery.next_attempt_at = None
    delivery.save()


def enqueue(delivery):
    """Put a job to try ``delivery`` on the queue (in the caller's transaction)."""
    # Imported here: the tasks module imports this one.
    from editorial.webhooks.tasks import deliver

    deliver.enqueue(delivery.pk)


def redeliver(delivery):
    """A new delivery of the same event and data to the same subscription, sent by the worker."""
    now = timezone.now()
    copy = WebhookDelivery.objects.create(
        subscription=delivery.subscription,
        event=delivery.event,
        occurred_at=delivery.occurred_at,
        data=delivery.data,
        redelivery_of=delivery,
        next_attempt_at=now,
        enqueued_at=now,
    )
    enqueue(copy)
    return copy


def _post(url, body, headers, resolve):
    """(status, error): the receiver's status if it answered, and what went wrong if anything.

    The target is checked again now (DNS may have changed since it was
    saved), and the request goes to the addresses just checked.
    """
    try:
        target = targets.target_check(url, resolve=resolve)
    except targets.TargetRefused as refusal:
        return None, f"Not sent: {refusal.message}"[:500]
    return transport.post(target, body, headers, timeout=TIMEOUT_SECONDS)
