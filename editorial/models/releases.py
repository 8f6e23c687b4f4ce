import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from editorial.models.reviewable import (
    AbstractTimedRelease,
    ReleaseIsImmutable,
    TimedReleaseQuerySet,
)

__all__ = ["Release", "ReleaseIsImmutable", "ReleaseKind"]


class ReleaseKind(models.TextChoices):
    CLINICAL = "clinical", "Clinically reviewed"
    CORRECTION = "correction", "Correction"


class GuideReleaseQuerySet(TimedReleaseQuerySet):
    def due_for_review(self, at=None):
        """Live releases whose clinical review is due within the warning window, or overdue."""
        today = timezone.localdate(at or timezone.now())
        soon = today + datetime.timedelta(days=settings.GUIDANCE_REVIEW_DUE_SOON_DAYS)
        return (
            self.live(at=at)
            .filter(review_due__lte=soon)
            .select_related("guide", "review")
            .order_by("review_due", "guide__title")
        )


class Release(AbstractTimedRelease):
    """An immutable published version of a guide: the approved working copy as it was.

    ``snapshot`` is the canonical serialization whose SHA-256 is
    ``fingerprint``, equal to the fingerprint of the sign-off (``review``) it
    was published from. A correction's sign-off is editorial; the clinical
    one readers are told of (``clinical_review``) is then the one it rests on.
    After it is written only its withdrawal can be recorded; the
    database refuses any other change (migrations 0003 and 0008).
    """

    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="releases")
    review = models.OneToOneField(
        "editorial.Review",
        on_delete=models.PROTECT,
        related_name="release",
        help_text="The sign-off this release was published from.",
    )
    kind = models.CharField(
        max_length=20, choices=ReleaseKind.choices, default=ReleaseKind.CLINICAL
    )
    clinical_review = models.ForeignKey(
        "editorial.Review",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text="The clinical sign-off readers are told of: the release's own, or for a "
        "correction the one it rests on.",
    )
    reading_level = models.JSONField(
        null=True,
        blank=True,
        help_text="Flesch-Kincaid grade of the whole guide and of each section: "
        "{grade, sections: [{anchor, heading, grade}]}.",
    )
    authors = models.JSONField(
        default=list, help_text="Who wrote this version: [{slug, name, credentials}]."
    )
    review_due = models.DateField(help_text="Sign-off date plus the review interval.")

    DOCUMENT = "guide"
    objects = GuideReleaseQuerySet.as_manager()

    class Meta(AbstractTimedRelease.Meta):
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "number"], name="release_number_unique_per_guide"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="release_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=ReleaseKind.values), name="release_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(go_live_at__gte=models.F("published_at")),
                name="release_goes_live_after_publishing",
            ),
            models.CheckConstraint(
                condition=Q(
                    withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_reason=""
                )
                | (
                    Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                    & ~Q(withdrawal_reason="")
                ),
                name="release_withdrawal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.snapshot.get('title', self.guide_id)} — release {self.number}"
