"""A guide's workflow steps, as the admin, the API and the commands call them.

Each is the one workflow's step (editorial.workflow.services) for the guide
kind (editorial.kinds.guide): nothing here but the names callers use.
"""

from editorial.kinds.guide import GUIDE, review_due_after
from editorial.models import ReviewKind
from editorial.workflow import services as workflow

__all__ = [
    "allowed_steps",
    "guide_approve",
    "guide_publish",
    "guide_request_changes",
    "guide_submit",
    "guide_withdraw",
    "review_due_after",
]


def guide_submit(*, guide, user, change_summary, kind=ReviewKind.CLINICAL, waivers=None, at=None):
    """Submit ``guide``'s working copy: ``kind`` is ``clinical`` or ``correction``.

    Refused while it is incomplete (editorial.checks.completeness); ``waivers``
    gives the reason for each missing part that may be waived (its sources).
    """
    return workflow.submit(
        GUIDE,
        guide,
        user=user,
        change_summary=change_summary,
        review_kind=kind,
        waivers=waivers,
        at=at,
    )


def guide_approve(*, guide, user, fingerprint, notes="", waivers=None, at=None):
    """Sign off ``guide`` as it is now, with waivers for its open checks."""
    return workflow.approve(
        GUIDE, guide, user=user, fingerprint=fingerprint, notes=notes, waivers=waivers, at=at
    )


def guide_request_changes(*, guide, user, notes, fingerprint=None, at=None):
    return workflow.request_changes(
        GUIDE, guide, user=user, notes=notes, fingerprint=fingerprint, at=at
    )


def guide_publish(*, guide, user, go_live_at=None, at=None):
    """Publish ``guide``'s approved working copy, now or at ``go_live_at``."""
    return workflow.publish(GUIDE, guide, user=user, go_live_at=go_live_at, at=at)


def guide_withdraw(*, guide, user, reason, at=None):
    """Take ``guide`` off the public API; returns the numbers of the releases withdrawn."""
    return workflow.withdraw(GUIDE, guide, user=user, reason=reason, at=at)


def allowed_steps(user, status):
    """``{step: None | why not}`` for ``user`` on the guide of ``status``."""
    return workflow.allowed_steps(GUIDE, user, status)
