"""Safety information under clinical sign-off: the disclaimer, the call to action and
the crisis resources, reviewed and released as one unit, apart from any guide.

The working copy is the guidance.SiteNotice and guidance.CrisisResource rows.
Readers get the newest SafetyRelease, never those rows: an edit reaches no
one until it is submitted, signed off and published (editorial.safety.services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery

from editorial.models.events import WorkflowAction
from editorial.models.reviews import ReviewState


class SafetyState(models.TextChoices):
    """Where the safety information's working copy stands: a guide's states, less withdrawal.

    Crisis lines are never taken down, only corrected: there is no withdrawn.
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class SafetyWorkflow(models.Model):
    """The one row holding the safety information's workflow state.

    Every safety step and edit locks it, as a guide's steps lock the guide.
    Without it the state is draft.
    """

    ONLY = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY, editable=False)
    state = models.CharField(max_length=20, choices=SafetyState.choices, default=SafetyState.DRAFT)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "safety information"
        verbose_name_plural = "safety information"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="safety_workflow_single_row"),
            models.CheckConstraint(
                condition=Q(state__in=SafetyState.values), name="safety_workflow_state_known"
            ),
        ]

    def __str__(self):
        return "Safety information"


class SafetyReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReviewState.OPEN)


class SafetyReview(models.Model):
    """One submission of the safety information and the clinical decision on it.

    The same record as a guide's Review: pinned to the fingerprint decided
    on, with the reviewer and their credentials as they were. Final once
    decided (a database trigger, migration 0006).
    """

    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    change_summary = models.TextField()
    submitted_fingerprint = models.CharField(max_length=64)

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
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SafetyReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(state="open"),
                name="one_open_safety_review",
                violation_error_message="The safety information is already in review.",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values),
                name="safety_review_state_known",
            ),
            models.CheckConstraint(
                condition=~Q(change_summary=""), name="safety_review_has_change_summary"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (
                    Q(reviewer__isnull=False, decided_at__isnull=False)
                    & ~Q(fingerprint="")
                    & ~Q(reviewer_clinical_credential="")
                ),
                name="safety_approval_is_pinned_and_signed",
            ),
        ]

    def __str__(self):
        return f"Review of the safety information submitted {self.submitted_at:%Y-%m-%d}"

    @property
    def signed_by(self):
        if not self.reviewer_name:
            return ""
        if self.reviewer_credentials:
            return f"{self.reviewer_name}, {self.reviewer_credentials}"
        return self.reviewer_name


class SafetyReleaseIsImmutable(Exception):
    """A safety release was about to change or vanish. Publish a new one instead."""


class SafetyReleaseQuerySet(models.QuerySet):
    def live(self):
        """The release readers get: the newest. (At most one row.)

        A safety release has no go-live time and is never withdrawn (a crisis
        line is corrected, not taken away), so the newest is live from the
        moment it is written.
        """
        newest = SafetyRelease.objects.order_by("-number").values("number")[:1]
        return self.filter(number=Subquery(newest))

    def carrying_what_guides_need(self):
        """Releases with a disclaimer and at least one crisis resource.

        Publishing refuses a release without them (editorial.safety.services);
        a guide is published only beside one (editorial.services.check_publish).
        """
        return self.filter(
            snapshot__notices__has_key="disclaimer",
            snapshot__crisis_resources__0__isnull=False,
        )

    def update(self, **kwargs):
        raise SafetyReleaseIsImmutable("A safety release cannot be edited; publish a new one.")

    def delete(self):
        raise SafetyReleaseIsImmutable("Safety releases are never deleted.")


class SafetyRelease(models.Model):
    """An immutable, numbered release of the safety information: what readers get.

    ``snapshot`` is the canonical serialization (editorial.safety.snapshot)
    whose SHA-256 is ``fingerprint``, equal to that of the sign-off it rests
    on. Never changed or deleted once written: the model refuses, and so do
    database triggers (migration 0006).
    """

    number = models.PositiveIntegerField(unique=True)
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    review = models.OneToOneField(
        SafetyReview,
        on_delete=models.PROTECT,
        related_name="release",
        help_text="The clinical sign-off this release rests on.",
    )
    change_summary = models.TextField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SafetyReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1), name="safety_release_number_positive"
            ),
        ]

    def __str__(self):
        return f"Safety information — release {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SafetyReleaseIsImmutable("A safety release cannot be edited; publish a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SafetyReleaseIsImmutable("Safety releases are never deleted.")


class SafetyEvent(models.Model):
    """One step of the safety information's workflow, written in the step's transaction."""

    action = models.CharField(max_length=20, choices=WorkflowAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    detail = models.TextField(blank=True)
    review = models.ForeignKey(
        SafetyReview, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    release = models.ForeignKey(
        SafetyRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
