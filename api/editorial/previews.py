"""A working copy as readers would get it, before it is signed off and published.

The public guide payload (api.public.payloads), built from the working copy's
snapshot instead of a release's stored content: the same sections with their
sanitized HTML, contributors, sources, authors and JSON-LD, so that a preview
shows exactly what publishing this version would show. When the working copy
is the live release's content, the release's sign-off and dates are shown, as
on the live page. Otherwise what only publishing decides (the release number,
its go-live time, the review-due date) is None, and the reviewer and the
review date are those of an approval that still holds, if one does.
"""

from django.utils import timezone

from api.public.payloads import carried_safety_information, medical_web_page
from editorial.checks.readability import reading_level
from editorial.publishing import guide_authors, public_sections, reviewer_credit
from editorial.selectors import history_entries, releases_read_up_to


def guide_preview(status, region=None):
    """The public guide payload of ``status``'s working copy, and where it stands.

    ``region`` chooses the crisis lines, as on the live guide.
    """
    snapshot = status.snapshot
    live = status.live_release
    releases = list(releases_read_up_to(live.guide_id, live.number)) if live else []
    unchanged = live is not None and status.holds(live.fingerprint)
    sign_off = (
        live.review if unchanged else status.approval if status.approval_is_current else None
    )
    guide = {
        "slug": snapshot["slug"],
        "title": snapshot["title"],
        "summary": snapshot["summary"],
        "topics": snapshot["topics"],
        "release": live.number if unchanged else None,
        "published_at": releases[-1]["go_live_at"] if releases else None,
        "updated_at": live.go_live_at if unchanged else None,
        "last_reviewed": timezone.localdate(sign_off.decided_at) if sign_off else None,
        "review_due": live.review_due if unchanged else None,
        "reviewer": reviewer_credit(sign_off) if sign_off else None,
        "authors": guide_authors(snapshot),
        "sections": public_sections(snapshot),
        "contributors": snapshot["contributors"],
        "sources": snapshot["sources"],
        "update_history": history_entries(releases),
        "reading_level": reading_level(snapshot)["grade"],
        **carried_safety_information(region),
        "preview": {
            "state": status.state,
            "state_label": status.label,
            "fingerprint": status.fingerprint,
            "live_release": live.number if live else None,
        },
    }
    guide["json_ld"] = medical_web_page(guide)
    return guide
