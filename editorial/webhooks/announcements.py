"""Webhook announcements, and what each one says: enqueued in the transaction of the change.

Call these inside the transaction that makes the change. Each records one
delivery per subscription that wants the event, and enqueues a job to send
it, so a change that rolls back leaves no delivery behind, and one that
commits is delivered even if the process dies before the job is sent: the
delivery is a row, due now, that the sweep enqueues again if no worker
claims it.
"""

from django.utils import timezone

from editorial.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from editorial.webhooks import sending


def event_fire(event, data, *, at=None):
    """Record and enqueue ``event`` (a WebhookEvent) with ``data`` for every subscriber.

    Returns the deliveries made.
    """
    now = timezone.now()
    deliveries = [
        WebhookDelivery.objects.create(
            subscription=subscription,
            event=event,
            occurred_at=at or now,
            data=data,
            next_attempt_at=now,
            enqueued_at=now,
        )
        for subscription in WebhookSubscription.objects.filter(is_active=True)
        if subscription.wants(event)
    ]
    for delivery in deliveries:
        sending.enqueue(delivery)
    return deliveries


def guide_published(release):
    """A release was made: live now, or scheduled (then guide.went_live follows at its
    time, from the worker's periodic jobs: sweep.announce_go_lives)."""
    event_fire(WebhookEvent.GUIDE_PUBLISHED, _release_data(release))


def guide_withdrawn(guide, *, numbers, reason):
    event_fire(
        WebhookEvent.GUIDE_WITHDRAWN,
        {"guide": _guide_data(guide), "releases": list(numbers), "reason": reason},
    )


def guide_went_live(release):
    event_fire(WebhookEvent.GUIDE_WENT_LIVE, _release_data(release), at=release.go_live_at)


def safety_information_published(data):
    """Safety information (disclaimer, call to action, crisis resources) was published.

    ``data``: what the publish step says of it (JSON-ready), e.g. its region
    and release number. For the safety-information publish step to call in
    its transaction.
    """
    event_fire(WebhookEvent.SAFETY_INFORMATION_PUBLISHED, data)


def _guide_data(guide):
    return {"slug": guide.slug, "title": guide.title}


def _release_data(release):
    return {
        "guide": _guide_data(release.guide),
        "release": {
            "number": release.number,
            "fingerprint": release.fingerprint,
            "published_at": release.published_at.isoformat(),
            "go_live_at": release.go_live_at.isoformat(),
            "change_summary": release.change_summary,
        },
    }
