"""Take guides through the workflow by calling its services, as the product does."""

import datetime

from django.db import connection
from django.utils import timezone

from editorial.models import GuideState, Release, Review, SafetyRelease, Workflow, WorkflowEvent
from editorial.safety.services import safety_approve, safety_publish, safety_submit
from editorial.safety.snapshot import fingerprint_safety_information
from editorial.services import (
    guide_approve,
    guide_publish,
    guide_request_changes,
    guide_submit,
    guide_withdraw,
)
from editorial.snapshot import fingerprint_guide
from guidance.models import CrisisResource, SiteNotice, Tip
from tests.factories import CrisisResourceFactory, SiteNoticeFactory, build_guide


def publish_safety_information(*, editor, reviewer, publisher, summary="Safety information."):
    """Release the safety information as it is now: submitted, signed off, published.

    Adds a disclaimer and a crisis line for the default region if there are
    none, as no guide may be published without them.
    """
    if not SiteNotice.objects.filter(kind="disclaimer").exists():
        SiteNoticeFactory()
    if not CrisisResource.objects.filter(region="US").exists():
        CrisisResourceFactory(region="US")
    safety_submit(user=editor, change_summary=summary)
    safety_approve(user=reviewer, fingerprint=fingerprint_safety_information())
    return safety_publish(user=publisher)


def ensure_safety_information_live(*, editor, reviewer, publisher):
    """A live safety release, through the services, unless there is one already."""
    release = SafetyRelease.objects.live().first()
    return release or publish_safety_information(
        editor=editor, reviewer=reviewer, publisher=publisher
    )


def approve(guide, *, editor, reviewer, summary="First version."):
    guide_submit(guide=guide, user=editor, change_summary=summary)
    return guide_approve(
        guide=guide, user=reviewer, notes="Clinically sound.", fingerprint=fingerprint_guide(guide)
    )


def publish(guide, *, editor, reviewer, publisher, summary="First version.", go_live_at=None):
    ensure_safety_information_live(editor=editor, reviewer=reviewer, publisher=publisher)
    approve(guide, editor=editor, reviewer=reviewer, summary=summary)
    return guide_publish(guide=guide, user=publisher, go_live_at=go_live_at)


def everything_about(guide):
    """Every workflow row of the guide and its content's fingerprint, to show nothing changed."""
    return {
        "fingerprint": fingerprint_guide(guide),
        "workflow": list(Workflow.objects.filter(guide=guide).values()),
        "reviews": list(Review.objects.filter(guide=guide).order_by("pk").values()),
        "releases": list(Release.objects.filter(guide=guide).order_by("pk").values()),
        "events": list(WorkflowEvent.objects.filter(guide=guide).order_by("pk").values()),
    }


def on_postgresql():
    return connection.vendor == "postgresql"


def edit_a_tip(guide):
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body += " Edited."
    tip.save()


def build_state(name, people):
    """A guide whose working copy is in the named state, reached through the services."""
    editor, reviewer, publisher = people["editor"], people["reviewer"], people["publisher"]
    guide = build_guide(sections=2, tips_per_section=2)
    if name == "draft":
        return guide
    if name == "in_review":
        guide_submit(guide=guide, user=editor, change_summary="First version.")
    elif name == "changes_requested":
        guide_submit(guide=guide, user=editor, change_summary="First version.")
        guide_request_changes(guide=guide, user=reviewer, notes="Soften section 2.")
    elif name == "approved":
        approve(guide, editor=editor, reviewer=reviewer)
    elif name == "needs_review_again":
        approve(guide, editor=editor, reviewer=reviewer)
        edit_a_tip(guide)
    elif name == "published":
        publish(guide, editor=editor, reviewer=reviewer, publisher=publisher)
    elif name == "published_with_edits":
        publish(guide, editor=editor, reviewer=reviewer, publisher=publisher)
        edit_a_tip(guide)
    elif name == "scheduled":
        later = timezone.now() + datetime.timedelta(days=3)
        publish(guide, editor=editor, reviewer=reviewer, publisher=publisher, go_live_at=later)
    elif name == "withdrawn":
        publish(guide, editor=editor, reviewer=reviewer, publisher=publisher)
        guide_withdraw(guide=guide, user=publisher, reason="Outdated advice.")
    return guide


STATES = [
    "draft",
    "in_review",
    "changes_requested",
    "approved",
    "needs_review_again",
    "published",
    "published_with_edits",
    "scheduled",
    "withdrawn",
]

# For a user holding the right: the states each transition is allowed from.
ALLOWED_FROM = {
    "submit": {
        "draft",
        "changes_requested",
        "needs_review_again",
        "published_with_edits",
        "withdrawn",
    },
    "approve": {"in_review"},
    "request_changes": {"in_review"},
    "publish": {"approved"},
    "withdraw": {"published", "published_with_edits", "scheduled"},
}

RESULTING_STATE = {
    "submit": GuideState.IN_REVIEW,
    "approve": GuideState.APPROVED,
    "request_changes": GuideState.CHANGES_REQUESTED,
    "publish": GuideState.PUBLISHED,
    "withdraw": GuideState.WITHDRAWN,
}

# Who holds each right by default (editorial migration 0003).
ROLES_WITH_RIGHT = {
    "submit": {"editor"},
    "approve": {"reviewer"},
    "request_changes": {"reviewer"},
    "publish": {"publisher"},
    "withdraw": {"reviewer", "publisher"},
}
