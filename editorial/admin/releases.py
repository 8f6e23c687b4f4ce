"""Read-only admin pages: releases, reviews, the review queue and guides due for review.

Releases and sign-offs are written only by the workflow services; here they
can be read, never added, changed or deleted.
"""

import json

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from editorial.checks.readability import max_grade
from editorial.models import GuideDueForReview, Release, Review, ReviewQueueEntry
from editorial.templatetags.editorial_checks import reading_grade


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and detail pages only, for the holders of ``view_permission``."""

    view_permission = None

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(self.view_permission)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReleasePagesAdmin(ReadOnlyAdmin):
    """The read-only release pages of every reviewable kind."""

    @admin.display(description="signed off by")
    def signed_off(self, release):
        review = release.review
        return f"{review.signed_by} on {review.decided_at:%Y-%m-%d %H:%M}"


def guide_link(guide, step=None):
    url = (
        reverse("admin:guidance_guide_workflow", args=[guide.pk, step])
        if step
        else reverse("admin:guidance_guide_change", args=[guide.pk])
    )
    return format_html('<a href="{}">{}</a>', url, guide)


@admin.register(Release)
class ReleaseAdmin(ReleasePagesAdmin):
    view_permission = "editorial.view_release"
    list_display = [
        "__str__",
        "number",
        "kind",
        "availability",
        "go_live_at",
        "published_by",
        "review_due",
    ]
    list_filter = ["guide"]
    list_select_related = ["guide", "published_by"]
    search_fields = ["guide__title", "guide__slug", "change_summary"]
    fields = [
        "guide",
        "number",
        "availability",
        "kind",
        "change_summary",
        "signed_off",
        "clinical_sign_off",
        "reading_grades",
        "fingerprint",
        "published_by",
        "published_at",
        "go_live_at",
        "review_due",
        "backdated",
        "recorded_at",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "snapshot_json",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["editorial/admin/workflow.css"]}  # the flag of a grade above the limit

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(is_live=Exists(Release.objects.live().filter(pk=OuterRef("pk"))))
        )

    @admin.display(description="availability")
    def availability(self, release):
        if release.is_withdrawn:
            return "Withdrawn"
        if release.is_scheduled():
            return "Scheduled"
        return "Live" if release.is_live else "Superseded"

    @admin.display(description="clinical sign-off readers are told of")
    def clinical_sign_off(self, release):
        review = release.clinical_review or release.review
        return f"{review.signed_by} on {review.decided_at:%Y-%m-%d %H:%M}"

    @admin.display(description="reading level")
    def reading_grades(self, release):
        """The grades stored with the release; those above today's limit flagged with it."""
        level, limit = release.reading_level or {}, max_grade()
        if not level:
            return "Not measured"
        return format_html(
            "The whole guide: {}<ul>{}</ul>",
            reading_grade(level.get("grade"), limit),
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (section["heading"], reading_grade(section["grade"], limit))
                    for section in level.get("sections", [])
                ),
            ),
        )

    @admin.display(description="snapshot")
    def snapshot_json(self, release):
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>",
            json.dumps(release.snapshot, indent=2, ensure_ascii=False),
        )


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    view_permission = "editorial.view_review"
    list_display = [
        "guide",
        "kind",
        "state",
        "submitted_by",
        "submitted_at",
        "signed_by",
        "decided_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["guide", "submitted_by"]
    search_fields = ["guide__title", "change_summary", "notes", "reviewer_name"]
    exclude = ["reviewer", "rests_on"]


@admin.register(ReviewQueueEntry)
class ReviewQueueAdmin(ReadOnlyAdmin):
    view_permission = "editorial.view_review"
    list_display = ["open_review", "submitted_by", "submitted_at", "waiting", "change_summary"]
    list_display_links = None
    ordering = ["submitted_at", "pk"]

    def get_queryset(self, request):
        return ReviewQueueEntry.objects.queue()

    @admin.display(description="guide")
    def open_review(self, review):
        return guide_link(review.guide, "review")

    @admin.display(description="waiting")
    def waiting(self, review):
        days = (timezone.now() - review.submitted_at).days
        return "today" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


@admin.register(GuideDueForReview)
class GuidesDueForReviewAdmin(ReadOnlyAdmin):
    view_permission = "editorial.view_release"
    list_display = ["guide_page", "number", "review_due", "urgency", "signed_by"]
    list_display_links = None
    ordering = ["review_due", "guide__title"]

    def get_queryset(self, request):
        return GuideDueForReview.objects.due_for_review().select_related("clinical_review")

    @admin.display(description="guide")
    def guide_page(self, release):
        return guide_link(release.guide)

    @admin.display(description="review")
    def urgency(self, release):
        return "Overdue" if release.review_due < timezone.localdate() else "Due soon"

    @admin.display(description="last signed off by")
    def signed_by(self, release):
        return (release.clinical_review or release.review).signed_by
