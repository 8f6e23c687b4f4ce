"""Reads that several entry points share: the public update history, the diff's base."""

from django.db.models import F
from django.utils import timezone

from editorial.models import Release, ReleaseKind

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
    return history_entries(releases_read_up_to(live.guide_id, live.number, at=at))


def releases_read_up_to(guide_id, number, *, at=None):
    """The releases readers have had of a guide, up to its release ``number``, newest first.

    As rows (dicts) of what the update history shows: a ``values()`` queryset.
    """
    return (
        Release.objects.filter(guide_id=guide_id, number__lte=number)
        .ever_public(at=at)
        .order_by("-number")
        .values(
            "number",
            "kind",
            "go_live_at",
            "change_summary",
            "authors",
            reviewer_slug=F("clinical_review__reviewer__slug"),
            reviewer_name=F("clinical_review__reviewer_name"),
            reviewer_credentials=F("clinical_review__reviewer_credentials"),
        )
    )


def history_entries(releases):
    """The public update history entries of ``releases`` (rows of releases_read_up_to,
    newest first).

    Each says its ``kind``: the ``original``, an ``update`` a clinician signed
    off, or a ``correction``, whose reviewer is the clinical sign-off it
    rests on.
    """
    entries = [
        {
            "release": release["number"],
            "kind": "correction" if release["kind"] == ReleaseKind.CORRECTION else "update",
            "date": timezone.localdate(release["go_live_at"]).isoformat(),
            "summary": release["change_summary"],
            "authors": release["authors"],
            "reviewer": {
                "slug": release["reviewer_slug"],
                "name": release["reviewer_name"],
                "credentials": release["reviewer_credentials"],
            },
        }
        for release in releases
    ]
    if entries:
        entries[-1]["summary"] = ORIGINALLY_PUBLISHED
        entries[-1]["kind"] = "original"
    return entries


def diff_base(status):
    """What the reviewer compares the working copy with, and how to name it.

    The live release; once a guide is withdrawn, the last release readers had,
    so that a fix after a safety withdrawal is read as a change, not as new.
    """
    if status.live_release is not None:
        return status.live_release, "the live release"
    last = Release.objects.filter(guide=status.guide).ever_public().order_by("-number").first()
    if last is not None:
        return last, f"release {last.number} (withdrawn)"
    return None, None
