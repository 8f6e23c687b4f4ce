"""What every reviewable document's workflow records, written once.

A reviewable kind (a guide, the safety information, ...; see editorial.kinds)
keeps its own tables, so the rows and their audit entries written before
stay as they are, but each table takes its columns and rules from here:

- ``AbstractReview``: a submission and the clinical decision on it, pinned to
  the fingerprint decided on, with the reviewer as they were at signing;
- ``AbstractRelease``: an immutable, numbered snapshot of an approved working
  copy; ``AbstractTimedRelease`` adds a go-live time and withdrawal;
- ``AbstractEvent``: one workflow step, written in the step's transaction.

A concrete model adds the foreign keys naming its document, its review and its
release, and its own constraints.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_reason"})


class ReviewState(models.TextChoices):
    OPEN = "open", "Waiting for a clinical reviewer"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    CANCELLED = "cancelled", "Closed without a decision"


class DocumentState(models.TextChoices):
    """Where a document's working copy stands in the workflow.

    draft → in_review → approved → published, in_review → changes_requested
    → (edit) → in_review, and withdrawn for content taken down (for kinds
    whose releases can be withdrawn). The state is what the last step left;
    whether an approval still matches the working copy is read from the
    fingerprint (see editorial.workflow.status).
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class WorkflowAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReviewState.OPEN)


class AbstractReview(models.Model):
    """One submission of a working copy and the clinical decision on it.

    The decision is pinned to ``fingerprint``: the SHA-256 of the working copy
    the reviewer decided on. The reviewer is recorded as the person and the
    credentials they held at that moment, so later profile edits do not
    rewrite a past sign-off.
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

    # An import of past content may give the dates it happened on; the rows
    # then say so, and when they were really written.
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    # A kind whose reviews may be corrections adds ``kind`` and ``rests_on``.
    is_correction = False

    class Meta:
        abstract = True
        ordering = ["-submitted_at", "-pk"]

    @property
    def signed_by(self):
        """The reviewer as they signed: “Name, credentials”."""
        if not self.reviewer_name:
            return ""
        if self.reviewer_credentials:
            return f"{self.reviewer_name}, {self.reviewer_credentials}"
        return self.reviewer_name


class ReleaseIsImmutable(Exception):
    """A release row was about to change. Releases are superseded or withdrawn, never edited."""


class ReleaseQuerySet(models.QuerySet):
    """Releases of any kind; ``model.DOCUMENT`` names the field that says whose they are."""

    def live(self, at=None):
        """The release readers get for each document, at ``at`` (default now).

        Per document: the newest release readers may have now (for a timed
        release: its go-live time has passed and it is not withdrawn). A
        scheduled release becomes live by the clock alone, with no job to
        run: the next read after its time returns it.
        """
        when = at or timezone.now()
        public = self.model.public_at(when)
        same_document = {name: OuterRef(name) for name in self.model.document_fields()}
        newer = self.model.objects.filter(public, number__gt=OuterRef("number"), **same_document)
        return self.filter(public).exclude(Exists(newer))

    def update(self, **kwargs):
        if not self.model.may_update(kwargs):
            raise self.model.immutable_error(self.model.UPDATE_REFUSED)
        return super().update(**kwargs)

    def delete(self):
        raise self.model.immutable_error(self.model.DELETE_REFUSED)


class AbstractRelease(models.Model):
    """An immutable, numbered release: the approved working copy as it was.

    ``snapshot`` is the canonical serialization whose SHA-256 is
    ``fingerprint``, equal to the fingerprint of the sign-off it was
    published from. Never changed or deleted once written: the model
    refuses, and so do database triggers where a kind has them.
    """

    # The field naming the release's document; None for a kind with one document.
    DOCUMENT = None
    immutable_error = ReleaseIsImmutable
    UPDATE_REFUSED = "A release cannot be edited; publish a new one."
    SAVE_REFUSED = UPDATE_REFUSED
    DELETE_REFUSED = "Releases are never deleted."

    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    change_summary = models.TextField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        abstract = True
        get_latest_by = "number"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise self.immutable_error(self.SAVE_REFUSED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise self.immutable_error(self.DELETE_REFUSED)

    @classmethod
    def document_fields(cls):
        return [cls.DOCUMENT] if cls.DOCUMENT else []

    @classmethod
    def public_at(cls, when):
        """Which releases readers may have at ``when``: all of them, unless timed."""
        return Q()

    @classmethod
    def may_update(cls, fields):
        return False

    is_withdrawn = False

    def is_scheduled(self, at=None):
        return False


class TimedReleaseQuerySet(ReleaseQuerySet):
    def scheduled(self, at=None):
        """Releases waiting for their go-live time."""
        return self.filter(go_live_at__gt=at or timezone.now(), withdrawn_at__isnull=True)

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


class AbstractTimedRelease(AbstractRelease):
    """A release with a go-live time (scheduled publishing) that can be withdrawn.

    After it is written only its withdrawal can be recorded.
    """

    UPDATE_REFUSED = "Only a release's withdrawal can be recorded after the fact."
    SAVE_REFUSED = "A release cannot be edited; publish a new one or withdraw it."
    DELETE_REFUSED = "Releases are never deleted; withdraw them instead."

    go_live_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    objects = TimedReleaseQuerySet.as_manager()

    class Meta:
        abstract = True
        get_latest_by = "number"

    @classmethod
    def public_at(cls, when):
        return Q(go_live_at__lte=when, withdrawn_at__isnull=True)

    @classmethod
    def may_update(cls, fields):
        return not set(fields) - WITHDRAWAL_FIELDS

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def is_scheduled(self, at=None):
        return not self.is_withdrawn and self.go_live_at > (at or timezone.now())


class AbstractEvent(models.Model):
    """One step of a document's workflow, written in the same transaction as the step."""

    action = models.CharField(max_length=20, choices=WorkflowAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    detail = models.TextField(blank=True)
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
