"""The safety information's workflow steps, as the admin and the editorial API call them.

Each is the one workflow's step (editorial.workflow.services) for the safety
information kind (editorial.kinds.safety). There is no withdrawal: a crisis
line is corrected, never taken away.
"""

from editorial.kinds.safety import SAFETY
from editorial.workflow import services as workflow


def safety_submit(*, user, change_summary, at=None):
    return workflow.submit(SAFETY, None, user=user, change_summary=change_summary, at=at)


def safety_approve(*, user, fingerprint, notes="", at=None):
    return workflow.approve(SAFETY, None, user=user, fingerprint=fingerprint, notes=notes, at=at)


def safety_request_changes(*, user, notes, fingerprint=None, at=None):
    """Send the safety information back to its editors: ``notes`` say what must change."""
    step = workflow.request_changes
    return step(SAFETY, None, user=user, notes=notes, fingerprint=fingerprint, at=at)


def safety_publish(*, user, at=None):
    """Publish the approved safety information: live at once, in every guide answer."""
    return workflow.publish(SAFETY, None, user=user, at=at)


def allowed_safety_steps(user, status):
    return workflow.allowed_steps(SAFETY, user, status)
