"""Where guides stand: the one workflow's status (editorial.workflow.status) of a guide,
and of many guides at a time for lists.
"""

from django.db.models import Exists, OuterRef

from editorial.kinds.guide import GUIDE
from editorial.models import GuideState, Release, Review, ReviewState, Workflow
from editorial.snapshot import serialize_guides
from editorial.workflow.status import Status, status_for


def status_of(guide, *, at=None):
    """The guide's workflow status at ``at`` (default now), in a handful of queries."""
    return status_for(GUIDE, guide, at=at)


def statuses_of(guides):
    """``editorial.status.status_of`` of each guide, in its order, in 13 queries however many.

    Reads the same rows as ``status_of``, many guides at a time (release
    snapshots left out: a status needs their fingerprints only). A guide
    deleted meanwhile is left out.
    """
    guides = list(guides)
    if not guides:
        return []
    ids = [guide.pk for guide in guides]
    states = dict(Workflow.objects.filter(guide__in=ids).values_list("guide_id", "state"))
    open_reviews = {
        review.guide_id: review
        for review in Review.objects.open().filter(guide__in=ids).select_related("submitted_by")
    }
    approvals = {}
    for review in Review.objects.filter(
        guide__in=ids,
        guide__workflow__state=GuideState.APPROVED,
        state=ReviewState.APPROVED,
        release__isnull=True,
    ).order_by("-decided_at", "-pk"):
        approvals.setdefault(review.guide_id, review)
    releases = Release.objects.filter(guide__in=ids).defer("snapshot")
    newer = Release.objects.filter(guide=OuterRef("guide"), number__gt=OuterRef("number"))
    live = {release.guide_id: release for release in releases.live()}
    newest = {release.guide_id: release for release in releases.exclude(Exists(newer))}
    scheduled = {}
    for release in releases.scheduled().order_by("go_live_at"):
        scheduled.setdefault(release.guide_id, release)
    snapshots = serialize_guides(guides)

    statuses = []
    for guide in guides:
        if guide.pk not in snapshots:
            continue
        status = Status(
            kind=GUIDE,
            document=guide,
            state=states.get(guide.pk, GuideState.DRAFT),
            open_review=open_reviews.get(guide.pk),
            approval=approvals.get(guide.pk),
            live_release=live.get(guide.pk),
            newest_release=newest.get(guide.pk),
            scheduled_release=scheduled.get(guide.pk),
        )
        # The snapshot is a cached property: fill it from the batch read.
        status.__dict__["snapshot"] = snapshots[guide.pk]
        statuses.append(status)
    return statuses
