"""The webhooks' periodic jobs (settings.PERIODIC_JOBS), run by every worker's ticker.

Deliveries are rows; the queue only carries jobs that say "try this one".
The sweep makes sure each pending delivery gets a job when it is due,
whatever happened to the last one: lost with a broker, dropped when the
broker was down at the commit, or held by a worker that died.
"""

import datetime

from django.conf import settings
from django.db.models import F, Q

from editorial.models import DeliveryState, Release, WebhookDelivery
from editorial.webhooks import announcements, sending


def enqueue_due_deliveries(*, since, until):
    """Enqueue a job for each pending delivery that is due and that no worker is trying.

    Not trying: never claimed and not enqueued within the lease (its job is
    lost, or still waiting behind others: a second one is harmless), or
    claimed by a worker whose lease ran out (the worker stopped).
    """
    stale = until - datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    due = WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=until)
    unclaimed = Q(leased_until__isnull=True) & (
        Q(enqueued_at__isnull=True)
        | Q(enqueued_at__lt=stale)
        | Q(enqueued_at__lt=F("next_attempt_at"))
    )
    taken_back = Q(leased_until__lt=until)
    deliveries = list(due.filter(unclaimed | taken_back).only("pk")[:1000])
    WebhookDelivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
        enqueued_at=until, leased_until=None
    )
    for delivery in deliveries:
        sending.enqueue(delivery)
    return len(deliveries)


def announce_go_lives(*, since, until):
    """Announce ``guide.went_live`` for each scheduled release that went live in the window.

    Went live: the release readers got at its go-live time (one withdrawn or
    superseded before its time never did). The first run looks back one
    sweep interval only: what went live before the worker first ran was
    not announced then, and is not now.
    """
    since = since or until - datetime.timedelta(seconds=settings.JOB_SWEEP_SECONDS)
    scheduled = (
        Release.objects.filter(go_live_at__gt=since, go_live_at__lte=until)
        .filter(go_live_at__gt=F("published_at"))
        .select_related("guide")
    )
    for release in scheduled:
        if Release.objects.live(at=release.go_live_at).filter(pk=release.pk).exists():
            announcements.guide_went_live(release)
