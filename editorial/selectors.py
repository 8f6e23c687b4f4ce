"""Reads that several entry points share: the public update history, the review lists."""

import datetime

from django.conf import settings
from django.utils import timezone

from editorial.models import Release

ORIGINALLY_PUBLISHED = "Originally published."


def update_history(guide, *, at=None):
    """The public update history of a guide: one entry per release readers have had.

    Newest first, up to the live release; the first release reads "Originally
    published.". Releases withdrawn before they went live never reached
    anyone and are left out.
    """
    live = Release.objects.filter(guide=guide).live(at=at).first()
    if live is None:
        return []
    releases = (
        Release.objects.filter(guide=guide, number__lte=live.number)
        .ever_public(at=at)
        .select_related("review__reviewer")
        .order_by("-number")
    )
    entries = [
        {
            "release": release.number,
            "date": timezone.localdate(release.go_live_at).isoformat(),
            "summary": release.change_summary,
            "authors": release.authors,
            "reviewer": {
                "slug": release.review.reviewer.slug,
                "name": release.review.reviewer_name,
                "credentials": release.review.reviewer_credentials,
            },
        }
        for release in releases
    ]
    if entries:
        entries[-1]["summary"] = ORIGINALLY_PUBLISHED
    return entries


def releases_due_for_review(*, at=None):
    """Live releases whose clinical review is due within the warning window, or overdue."""
    today = timezone.localdate(at or timezone.now())
    soon = today + datetime.timedelta(days=settings.GUIDANCE_REVIEW_DUE_SOON_DAYS)
    return (
        Release.objects.live(at=at)
        .filter(review_due__lte=soon)
        .select_related("guide", "review")
        .order_by("review_due", "guide__title")
    )
