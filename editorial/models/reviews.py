from django.db import models

from editorial.models.reviewable import AbstractReview, ReviewState
from editorial.models.reviewable import ReviewQuerySet as BaseReviewQuerySet


class ReviewKind(models.TextChoices):
    """What a submission asks for.

    A clinical change needs a licensed reviewer's sign-off. A correction (case,
    punctuation, whitespace, a misspelling; editorial.checks.correction decides)
    needs a second person's editorial approval and rests on the last clinical
    sign-off, which stays the one readers are told of.
    """

    CLINICAL = "clinical", "Clinical change"
    CORRECTION = "correction", "Correction"


class ReviewQuerySet(BaseReviewQuerySet):
    def queue(self):
        """Open reviews, oldest submission first: what clinical reviewers work through."""
        return self.open().select_related("guide", "submitted_by").order_by("submitted_at", "pk")


class Review(AbstractReview):
    """One submission of a guide's working copy and the clinical decision on it.

    The decision is pinned to ``fingerprint``: the SHA-256 of the working copy
    the reviewer decided on. The reviewer is recorded as the person and the
    credentials they held at that moment, so later profile edits do not
    rewrite a past sign-off.
    """

    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, default=ReviewKind.CLINICAL)
    rests_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a correction: the clinical sign-off it rests on.",
    )
    waivers = models.JSONField(
        default=dict,
        blank=True,
        help_text="The written waivers of the open checks: the submitter's of a missing part "
        "(no_sources) and the approver's of findings and the reading level: "
        "{id: {reason, ...what was waived}}.",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta(AbstractReview.Meta):
        permissions = [
            ("submit_guide", "Can submit a guide for clinical review"),
            ("sign_off_guide", "Can approve or request changes (clinical reviewers)"),
            ("publish_guide", "Can publish an approved guide"),
            ("withdraw_guide", "Can withdraw a published guide"),
            ("approve_correction", "Can approve a correction (never one's own)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["guide"],
                condition=models.Q(state="open"),
                name="one_open_review_per_guide",
                violation_error_message="This guide is already in review.",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReviewState.values), name="review_state_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(change_summary=""), name="review_has_change_summary"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values), name="review_kind_known"
            ),
            # A clinical approval always names its licensed reviewer and the
            # content it approved; a correction's, its approver and content,
            # and the clinical sign-off it rests on.
            models.CheckConstraint(
                condition=~models.Q(state="approved")
                | (
                    models.Q(kind="clinical", reviewer__isnull=False, decided_at__isnull=False)
                    & ~models.Q(fingerprint="")
                    & ~models.Q(reviewer_clinical_credential="")
                )
                | (
                    models.Q(
                        kind="correction",
                        decided_by__isnull=False,
                        decided_at__isnull=False,
                        rests_on__isnull=False,
                    )
                    & ~models.Q(fingerprint="")
                ),
                name="approval_is_pinned_and_signed",
            ),
        ]

    def __str__(self):
        return f"Review of {self.guide} submitted {self.submitted_at:%Y-%m-%d}"

    @property
    def is_correction(self):
        return self.kind == ReviewKind.CORRECTION
