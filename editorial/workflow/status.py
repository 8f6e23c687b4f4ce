"""Where a document stands: its workflow state read together with its content.

The stored state says what the last step left. Whether an approval still
holds, or whether the working copy has moved on from the release, is read
from the fingerprint, because any edit anywhere in the document changes it.
One status for every reviewable kind.
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from editorial.models import DocumentState, ReviewState
from editorial.snapshot import fingerprint_of


@dataclass
class Status:
    kind: object
    document: object
    state: str
    open_review: object
    approval: object
    live_release: object
    newest_release: object
    scheduled_release: object = None

    @property
    def guide(self):
        return self.document

    @cached_property
    def snapshot(self):
        """The working copy's canonical serialization, read once per status."""
        return self.kind.serialize(self.document)

    @cached_property
    def fingerprint(self):
        return fingerprint_of(self.snapshot)

    @property
    def approval_is_current(self):
        """An approval exists and the working copy is still exactly what was approved."""
        return self.approval is not None and self.holds(self.approval.fingerprint)

    @property
    def needs_review_again(self):
        return self.state == DocumentState.APPROVED and not self.approval_is_current

    @property
    def matches_newest_release(self):
        return (
            self.newest_release is not None
            and not self.newest_release.is_withdrawn
            and self.holds(self.newest_release.fingerprint)
        )

    @property
    def matches_live_release(self):
        return self.live_release is not None and self.holds(self.live_release.fingerprint)

    def holds(self, pin):
        """Whether the fingerprint ``pin`` (of a sign-off or a release) is of the working copy
        (the kind says: a guide's may be one taken before snapshots carried people and topics)."""
        return self.kind.holds(pin, self)

    @property
    def label(self):
        """The state as an editor should read it."""
        if self.needs_review_again:
            return "Needs review again (edited after approval)"
        if self.state == DocumentState.PUBLISHED:
            if self.scheduled_release is not None:
                when = self.scheduled_release.go_live_at
                return f"Scheduled to go live {timezone.localtime(when):%Y-%m-%d %H:%M %Z}"
            if not self.matches_newest_release:
                return "Published, with unpublished edits"
        return DocumentState(self.state).label


def status_for(kind, document, *, at=None):
    """The workflow status of ``document`` of ``kind`` at ``at`` (default now)."""
    stored = kind.state_model.objects.filter(**kind.state_key(document)).first()
    state = stored.state if stored else DocumentState.DRAFT
    key = kind.document_key(document)
    releases = kind.release_model.objects.filter(**key).select_related("review")
    reviews = kind.review_model.objects.filter(**key)
    approval = None
    if state == DocumentState.APPROVED:
        approval = (
            reviews.filter(state=ReviewState.APPROVED, release__isnull=True)
            .order_by("-decided_at", "-pk")
            .first()
        )
    return Status(
        kind=kind,
        document=document,
        state=state,
        open_review=reviews.open().select_related("submitted_by").first(),
        approval=approval,
        live_release=releases.live(at=at).first(),
        newest_release=releases.order_by("-number").first(),
        scheduled_release=releases.scheduled(at=at).order_by("go_live_at").first()
        if kind.withdrawable
        else None,
    )
