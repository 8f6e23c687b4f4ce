"""The reads a public state is made of: each one query, each on the database ``using``."""

from django.db.models import Max, Min, Value
from django.utils import timezone

from api.public.replicas import PRIMARY
from editorial.models import Release, SafetyRelease


def next_go_live():
    """When the next scheduled release goes live, as a Unix time, or None (one query)."""
    at = Release.objects.scheduled().aggregate(at=Min("go_live_at"))["at"]
    return at.timestamp() if at else None


def read_live_safety_release(using=PRIMARY):
    """The live safety release (its number and snapshot), or None before the first (one query)."""
    return SafetyRelease.objects.using(using).live().only("number", "snapshot").first()


def content_changed_at(using=PRIMARY):
    """When anything readers can see last changed, as a Unix time (one query on ``using``).

    The newest of: a release going live or being withdrawn, and a safety release.
    """
    now = timezone.now()
    releases = Release.objects.using(using)
    moments = [
        _latest(releases.filter(go_live_at__lte=now), "go_live_at"),
        _latest(releases.filter(withdrawn_at__lte=now), "withdrawn_at"),
        _latest(SafetyRelease.objects.using(using).filter(published_at__lte=now), "published_at"),
    ]
    # One round trip for all three: a UNION ALL of one-row aggregates.
    union = moments[0].union(*moments[1:], all=True)
    return max((moment for moment in union if moment is not None), default=now).timestamp()


def _latest(queryset, field):
    # MAX over the whole queryset as a one-row values() queryset, so that it can
    # be a member of a UNION: grouped by a constant, which is no grouping at all.
    return (
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(at=Max(field))
        .values_list("at", flat=True)
    )
