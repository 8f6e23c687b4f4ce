"""The audit chain: every workflow event, review and release (of guides and of the
safety information), hashed into one chain.

Each entry records one row as it was written (``content``: its fields, the
release snapshot by its SHA-256) and links it to the entry before it:
``hash = HMAC(key, previous hash, kind, row id, digest of content)``. The
key is not in the database (``GUIDANCE_AUDIT_KEY``), so someone who can only
write to the database cannot forge a consistent chain. editorial.audit
appends entries inside each step's transaction and verifies the chain.

Entries are appended, never changed: the model refuses it and a database
trigger refuses it (migration 0009), like releases.
"""

from django.db import models


class AuditEntryIsFinal(Exception):
    """An audit entry was about to change or go."""


class AuditKind(models.TextChoices):
    """The kinds of entry of the guide and the safety information; another reviewable kind
    names its own (``<prefix>event``, ``<prefix>review``, ``<prefix>release``)."""

    EVENT = "event", "Workflow event"
    REVIEW = "review", "Review"
    RELEASE = "release", "Release"
    SAFETY_EVENT = "safety_event", "Safety information event"
    SAFETY_REVIEW = "safety_review", "Safety information review"
    SAFETY_RELEASE = "safety_release", "Safety information release"
    PUBLIC_ROWS = "public_rows", "What readers get of a release"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEntryIsFinal("Audit entries are never changed.")

    def delete(self):
        raise AuditEntryIsFinal("Audit entries are never deleted.")


class AuditEntry(models.Model):
    """One link of the chain: a row of ``kind`` as it was written, at position ``pk``."""

    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    object_id = models.BigIntegerField()
    content = models.JSONField(help_text="The row's fields as audited.")
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = "audit chain entry"
        verbose_name_plural = "audit chain"
        indexes = [models.Index(fields=["kind", "object_id"], name="audit_entry_row")]
        # No list of kinds in the schema: every reviewable kind adds its own
        # (editorial.audit.chained), and editorial.audit appends only those.

    def __str__(self):
        return f"#{self.pk}: {self.get_kind_display().lower()} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEntryIsFinal("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryIsFinal("Audit entries are never deleted.")


class AuditHead(models.Model):
    """The chain's newest hash, one row: locked by each append, so the chain never forks."""

    hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.length} entries, head {self.hash[:12]}"
