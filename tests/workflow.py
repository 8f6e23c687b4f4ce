"""Take guides through the workflow by calling its services, as the product does."""

from django.db import connection

from editorial.models import Release, Review, Workflow, WorkflowEvent
from editorial.services import guide_approve, guide_publish, guide_submit
from editorial.snapshot import fingerprint_guide


def approve(guide, *, editor, reviewer, summary="First version."):
    guide_submit(guide=guide, user=editor, change_summary=summary)
    return guide_approve(guide=guide, user=reviewer, notes="Clinically sound.")


def publish(guide, *, editor, reviewer, publisher, summary="First version.", go_live_at=None):
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
