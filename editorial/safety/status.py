"""Where the safety information stands: its workflow state read with its content.

As for a guide (editorial.status), the stored state is what the last step
left; whether an approval still holds, or whether the working copy has moved
on from the live release, is read from the fingerprint.
"""

from dataclasses import dataclass
from functools import cached_property

from editorial.models import (
    ReviewState,
    SafetyRelease,
    SafetyReview,
    SafetyState,
    SafetyWorkflow,
)
from editorial.safety.snapshot import serialize_safety_information
from editorial.snapshot import fingerprint_of


@dataclass
class SafetyStatus:
    state: str
    open_review: SafetyReview | None
    approval: SafetyReview | None
    live_release: SafetyRelease | None

    @cached_property
    def snapshot(self):
        return serialize_safety_information()

    @cached_property
    def fingerprint(self):
        return fingerprint_of(self.snapshot)

    @property
    def approval_is_current(self):
        return self.approval is not None and self.approval.fingerprint == self.fingerprint

    @property
    def needs_review_again(self):
        return self.state == SafetyState.APPROVED and not self.approval_is_current

    @property
    def matches_live_release(self):
        return self.live_release is not None and self.live_release.fingerprint == self.fingerprint

    @property
    def label(self):
        if self.needs_review_again:
            return "Needs review again (edited after approval)"
        if self.state == SafetyState.PUBLISHED and not self.matches_live_release:
            return "Published, with unpublished edits"
        return SafetyState(self.state).label


def safety_status():
    """The safety information's workflow status now (four queries, and two for its content)."""
    workflow = SafetyWorkflow.objects.filter(pk=SafetyWorkflow.ONLY).first()
    state = workflow.state if workflow else SafetyState.DRAFT
    approval = None
    if state == SafetyState.APPROVED:
        approval = (
            SafetyReview.objects.filter(state=ReviewState.APPROVED, release__isnull=True)
            .order_by("-decided_at", "-pk")
            .first()
        )
    return SafetyStatus(
        state=state,
        open_review=SafetyReview.objects.open().select_related("submitted_by").first(),
        approval=approval,
        live_release=SafetyRelease.objects.live().select_related("review").first(),
    )
