from django.conf import settings
from django.db import models


class ReviewState(models.TextChoices):
    OPEN = "open", "Waiting for a clinical reviewer"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CANCELLED = "cancelled", "Closed without a decision"


class ReviewKind(models.TextChoices):
    """What a submission asks for.

    A clinical change needs a licensed reviewer's sign-off. A correction (case,
    punctuation, whitespace, a misspelling; editorial.checks.correction decides)
    needs a second person's editorial approval and rests on the last clinical
    sign-off, which stays the one readers are told of.
    """

    CLINICAL = "clinical", "Clinical change"
    CORRECTION = "correction", "Correction"


class ReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReviewState.OPEN)

    def queue(self):
        """Open reviews, oldest submission first: what clinical reviewers work through."""
        return self.open().select_related("guide", "submitted_by").order_by("submitted_at", "pk")


class Review(models.Model):
    """One submission of a guide's working copy and the clinical decision on it.

    The decision is pinned to ``fingerprint``: the SHA-256 of the working copy
    the reviewer decided on. The reviewer is recorded as the person and the
    credentials they held at that moment, so later profile edits do not
    rewrite a past sign-off.
    """

    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.OPEN)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    change_summary = models.TextField()
    submitted_fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=ReviewKind.choices, default=ReviewKind.CLINICAL)
    rests_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a correction: the clinical sign-off it rests on.",
    )

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the working copy decided on."
    )
    reviewer = models.ForeignKey(
        "guidance.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewer_name = models.CharField(max_length=150, blank=True)
    reviewer_credentials = models.CharField(max_length=100, blank=True)
    reviewer_clinical_credential = models.CharField(max_length=20, blank=True)
    licence = models.JSONField(
        default=dict,
        blank=True,
        help_text="The licence an approval was signed under, as it was: "
        "{type, number, jurisdiction, expires_on}.",
    )
    waivers = models.JSONField(
        default=dict,
        blank=True,
        help_text="The approver's written waivers of the open checks: "
        "{finding id or reading_level: {reason, ...what was waived}}.",
    )

    # An import of past content may give the dates it happened on; the rows
    # then say so, and when they were really written.
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
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

    @property
    def signed_by(self):
        """The reviewer as they signed: “Name, credentials”."""
        if not self.reviewer_name:
            return ""
        if self.reviewer_credentials:
            return f"{self.reviewer_name}, {self.reviewer_credentials}"
        return self.reviewer_name
