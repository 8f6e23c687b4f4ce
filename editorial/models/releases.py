import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_reason"})


class ReleaseKind(models.TextChoices):
    CLINICAL = "clinical", "Clinically reviewed"
    CORRECTION = "correction", "Correction"


class ReleaseIsImmutable(Exception):
    """A release row was about to change. Releases are superseded or withdrawn, never edited."""


def _public_at(when):
    return Q(go_live_at__lte=when, withdrawn_at__isnull=True)


class ReleaseQuerySet(models.QuerySet):
    def live(self, at=None):
        """The release readers get for each guide, at ``at`` (default now).

        Per guide: the newest release whose go-live time has passed and that
        is not withdrawn. A scheduled release becomes live by the clock alone,
        with no job to run: the next read after its time returns it.
        """
        when = at or timezone.now()
        newer = self.model.objects.filter(
            _public_at(when), guide=OuterRef("guide"), number__gt=OuterRef("number")
        )
        return self.filter(_public_at(when)).exclude(Exists(newer))

    def scheduled(self, at=None):
        """Releases waiting for their go-live time."""
        return self.filter(go_live_at__gt=at or timezone.now(), withdrawn_at__isnull=True)

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

    def not_withdrawn(self):
        return self.filter(withdrawn_at__isnull=True)

    def ever_public(self, at=None):
        """Releases readers have seen: live once, whether or not superseded since.

        A release withdrawn before its go-live time never reached anyone.
        """
        when = at or timezone.now()
        return self.filter(go_live_at__lte=when).filter(
            Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=models.F("go_live_at"))
        )

    def update(self, **kwargs):
        if set(kwargs) - WITHDRAWAL_FIELDS:
            raise ReleaseIsImmutable("Only a release's withdrawal can be recorded after the fact.")
        return super().update(**kwargs)

    def delete(self):
        raise ReleaseIsImmutable("Releases are never deleted; withdraw them instead.")


class Release(models.Model):
    """An immutable published version of a guide: the approved working copy as it was.

    ``snapshot`` is the canonical serialization whose SHA-256 is
    ``fingerprint``, equal to the fingerprint of the sign-off (``review``) it
    was published from. A correction's sign-off is editorial; the clinical
    one readers are told of (``clinical_review``) is then the one it rests on.
    After it is written only its withdrawal can be recorded; the
    database refuses any other change (migrations 0003 and 0008).
    """

    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="releases")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
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
    change_summary = models.TextField()
    authors = models.JSONField(
        default=list, help_text="Who wrote this version: [{slug, name, credentials}]."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    go_live_at = models.DateTimeField()
    review_due = models.DateField(help_text="Sign-off date plus the review interval.")
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "-number"]
        get_latest_by = "number"
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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReleaseIsImmutable(
                "A release cannot be edited; publish a new one or withdraw it."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseIsImmutable("Releases are never deleted; withdraw them instead.")

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def is_scheduled(self, at=None):
        return not self.is_withdrawn and self.go_live_at > (at or timezone.now())
