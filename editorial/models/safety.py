"""Safety information under clinical sign-off: the disclaimer, the call to action and
the crisis resources, reviewed and released as one unit, apart from any guide.

The working copy is the guidance.SiteNotice and guidance.CrisisResource rows.
Readers get the newest SafetyRelease, never those rows: an edit reaches no
one until it is submitted, signed off and published (editorial.safety.services).
"""

from django.db import models
from django.db.models import Q

from editorial.models.reviewable import (
    AbstractEvent,
    AbstractRelease,
    AbstractReview,
    DocumentState,
    ReleaseIsImmutable,
    ReleaseQuerySet,
    ReviewState,
)

# Where the safety information's working copy stands: a guide's states, less
# withdrawal. Crisis lines are never taken down, only corrected.
SafetyState = models.TextChoices(
    "SafetyState",
    [
        (state.name, (state.value, state.label))
        for state in DocumentState
        if state != DocumentState.WITHDRAWN
    ],
)


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


class SafetyReview(AbstractReview):
    """One submission of the safety information and the clinical decision on it.

    The same record as a guide's Review: pinned to the fingerprint decided
    on, with the reviewer and their credentials as they were. Final once
    decided (a database trigger, migration 0006).
    """

    class Meta(AbstractReview.Meta):
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


class SafetyReleaseIsImmutable(ReleaseIsImmutable):
    """A safety release was about to change or vanish. Publish a new one instead."""


class SafetyReleaseQuerySet(ReleaseQuerySet):
    # live(): the newest release. A safety release has no go-live time and is
    # never withdrawn (a crisis line is corrected, not taken away), so the
    # newest is live from the moment it is written.

    def carrying_what_guides_need(self):
        """Releases with a disclaimer and at least one crisis resource.

        Publishing refuses a release without them (editorial.kinds.safety);
        a guide is published only beside one (editorial.kinds.guide).
        """
        return self.filter(
            snapshot__notices__has_key="disclaimer",
            snapshot__crisis_resources__0__isnull=False,
        )


class SafetyRelease(AbstractRelease):
    """An immutable, numbered release of the safety information: what readers get.

    ``snapshot`` is the canonical serialization (editorial.safety.snapshot)
    whose SHA-256 is ``fingerprint``, equal to that of the sign-off it rests
    on. Never changed or deleted once written: the model refuses, and so do
    database triggers (migration 0006).
    """

    immutable_error = SafetyReleaseIsImmutable
    UPDATE_REFUSED = SAVE_REFUSED = "A safety release cannot be edited; publish a new one."
    DELETE_REFUSED = "Safety releases are never deleted."

    number = models.PositiveIntegerField(unique=True)
    review = models.OneToOneField(
        SafetyReview,
        on_delete=models.PROTECT,
        related_name="release",
        help_text="The clinical sign-off this release rests on.",
    )

    objects = SafetyReleaseQuerySet.as_manager()

    class Meta(AbstractRelease.Meta):
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1), name="safety_release_number_positive"
            ),
        ]

    def __str__(self):
        return f"Safety information — release {self.number}"


class SafetyEvent(AbstractEvent):
    """One step of the safety information's workflow, written in the step's transaction."""

    review = models.ForeignKey(
        SafetyReview, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    release = models.ForeignKey(
        SafetyRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
