"""The admin home as a desk: each person's work, before the list of models.

Four short lists, each shown to those who may act on it: the guides awaiting
my clinical review, my guides that came back with changes requested, the
releases scheduled to go live, and the live guides due for clinical review.
"""

from django.contrib import admin
from django.utils import timezone

from editorial.kinds.guide import GUIDE
from editorial.models import GuideState, Release, Review, ReviewState
from editorial.policy import clinical_reviewer_of, sign_off_refusal

admin.site.index_template = "admin/editorial/index.html"

SHOWN = 10  # per list; the full lists are a click away


def desk_of(user):
    """What the admin home shows ``user``: only the lists they may act on or read."""
    desk = {}
    if user.has_perm("editorial.sign_off_guide") and clinical_reviewer_of(user):
        desk["awaiting_my_review"] = [
            {"review": review, "why_not": sign_off_refusal(user, GUIDE, review.guide)}
            for review in Review.objects.queue()[:SHOWN]
        ]
    if user.has_perm("editorial.submit_guide"):
        desk["changes_requested"] = list(
            Review.objects.filter(
                state=ReviewState.CHANGES_REQUESTED,
                submitted_by=user,
                guide__workflow__state=GuideState.CHANGES_REQUESTED,
            )
            .select_related("guide")
            .order_by("guide_id", "-decided_at")
            .distinct()[:SHOWN]
        )
    if user.has_perm("editorial.view_release"):
        desk["scheduled"] = list(
            Release.objects.scheduled().select_related("guide").order_by("go_live_at")[:SHOWN]
        )
        desk["due_for_review"] = list(Release.objects.due_for_review()[:SHOWN])
        today = timezone.localdate()
        for release in desk["due_for_review"]:
            release.overdue = release.review_due < today
    return desk
