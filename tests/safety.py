"""Take the safety information through its workflow by calling its services."""

from editorial.models import SafetyEvent, SafetyRelease, SafetyReview, SafetyWorkflow
from editorial.safety.services import (
    safety_approve,
    safety_publish,
    safety_request_changes,
    safety_submit,
)
from editorial.safety.snapshot import fingerprint_safety_information
from guidance.models import CrisisResource
from tests.factories import CrisisResourceFactory, SiteNoticeFactory
from tests.workflow import (
    ALLOWED_FROM,
    RESULTING_STATE,
    ROLES_WITH_RIGHT,
    STATES,
    publish_safety_information,
)


def working_copy():
    """A disclaimer and a US crisis line, written by no one in particular."""
    return {
        "disclaimer": SiteNoticeFactory(),
        "crisis_line": CrisisResourceFactory(region="US"),
    }


def edit_the_crisis_line(user=None, phone="988 (press 1 for veterans)"):
    line = CrisisResource.objects.order_by("pk").first()
    line.phone = phone
    line._history_user = user
    line.save()
    return line


def everything_about_safety_information():
    """Every safety workflow row and the working copy's fingerprint, to show nothing changed."""
    return {
        "fingerprint": fingerprint_safety_information(),
        "workflow": list(SafetyWorkflow.objects.values()),
        "reviews": list(SafetyReview.objects.order_by("pk").values()),
        "releases": list(SafetyRelease.objects.order_by("pk").values()),
        "events": list(SafetyEvent.objects.order_by("pk").values()),
    }


def approve_safety_information(people, summary="Safety information."):
    safety_submit(user=people["editor"], change_summary=summary)
    return safety_approve(user=people["reviewer"], fingerprint=fingerprint_safety_information())


def build_safety_state(name, people):
    """The safety information's working copy in the named state, reached through the services."""
    working_copy()
    if name == "draft":
        return
    if name == "in_review":
        safety_submit(user=people["editor"], change_summary="First version.")
    elif name == "changes_requested":
        safety_submit(user=people["editor"], change_summary="First version.")
        safety_request_changes(user=people["reviewer"], notes="Add the text line.")
    elif name == "approved":
        approve_safety_information(people)
    elif name == "needs_review_again":
        approve_safety_information(people)
        edit_the_crisis_line()
    elif name == "published":
        publish_safety_information(**people)
    elif name == "published_with_edits":
        publish_safety_information(**people)
        edit_the_crisis_line()


# The guides' rules (tests/workflow.py), less what the safety information has
# not: withdrawal, and with it go-live times.
NOT_FOR_SAFETY = {"scheduled", "withdrawn", "withdraw"}
SAFETY_STATES = [state for state in STATES if state not in NOT_FOR_SAFETY]

# For a user holding the right: the states each step is allowed from.
SAFETY_ALLOWED_FROM = {
    step: states - NOT_FOR_SAFETY
    for step, states in ALLOWED_FROM.items()
    if step not in NOT_FOR_SAFETY
}
SAFETY_RESULTING_STATE = {
    step: str(state) for step, state in RESULTING_STATE.items() if step not in NOT_FOR_SAFETY
}
SAFETY_ROLES_WITH_RIGHT = {
    step: roles for step, roles in ROLES_WITH_RIGHT.items() if step not in NOT_FOR_SAFETY
}

SAFETY_STEPS = {
    "submit": lambda user: safety_submit(user=user, change_summary="A change."),
    "approve": lambda user: safety_approve(
        user=user, fingerprint=fingerprint_safety_information(), notes="Sound."
    ),
    "request_changes": lambda user: safety_request_changes(user=user, notes="Fix the line."),
    "publish": lambda user: safety_publish(user=user),
}
