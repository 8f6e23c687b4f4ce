"""The workflow from the command line: the same services and rules as the admin."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from editorial.models import GuideState, Release, Workflow
from editorial.snapshot import fingerprint_guide
from tests.workflow import build_state, everything_about

# Guides are published here: the safety information they carry is live first.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]


def workflow(*args):
    out = StringIO()
    call_command("guide_workflow", *args, stdout=out)
    return out.getvalue()


def test_a_guide_goes_through_every_step_on_the_command_line(people):
    guide = build_state("draft", people)
    workflow("submit", guide.slug, "--as", "edna", "--summary", "First version.")
    status = workflow("status", guide.slug, "--as", "rita")
    assert "In review" in status
    assert fingerprint_guide(guide) in status
    assert "approve          allowed" in status
    workflow("approve", guide.slug, "--as", "rita", "--fingerprint", fingerprint_guide(guide))
    assert "Published release 1" in workflow("publish", guide.slug, "--as", "paul")
    assert Release.objects.live().filter(guide=guide).exists()
    workflow("withdraw", guide.slug, "--as", "paul", "--reason", "Unsafe advice.")
    assert not Release.objects.live().filter(guide=guide).exists()
    assert Workflow.objects.get(guide=guide).state == GuideState.WITHDRAWN


def test_requesting_changes_from_the_command_line(people):
    guide = build_state("in_review", people)
    workflow("request-changes", guide.slug, "--as", "rita", "--notes", "Soften section 2.")
    assert Workflow.objects.get(guide=guide).state == GuideState.CHANGES_REQUESTED


def test_publishing_at_a_later_time_from_the_command_line(people):
    guide = build_state("approved", people)
    go_live = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    workflow("publish", guide.slug, "--as", "paul", "--go-live", go_live)
    assert Release.objects.get(guide=guide).is_scheduled()


@pytest.mark.parametrize(
    ("state", "args", "message"),
    [
        ("draft", ["submit", "--as", "rita", "--summary", "Mine."], "may not submit"),
        ("in_review", ["approve", "--as", "rita"], "which version you reviewed"),
        ("in_review", ["approve", "--as", "rita", "--fingerprint", "0" * 64], "changed after"),
        ("in_review", ["request-changes", "--as", "rita"], "notes are required"),
        ("approved", ["publish", "--as", "edna"], "may not publish"),
        ("needs_review_again", ["publish", "--as", "paul"], "needs review again"),
        ("approved", ["publish", "--as", "paul", "--go-live", "tomorrow"], "not an ISO 8601"),
        ("approved", ["publish", "--as", "paul", "--go-live", "2030-13-01T09:00"], "ISO 8601"),
        ("approved", ["publish", "--as", "paul", "--go-live", "2030-01-01T09:00"], "time zone"),
        ("published", ["withdraw", "--as", "paul"], "reason is required"),
        ("published", ["withdraw", "--as", "nobody", "--reason", "x"], "No active user"),
    ],
)
def test_a_refused_step_on_the_command_line_says_why_and_changes_nothing(
    people, state, args, message
):
    guide = build_state(state, people)
    before = everything_about(guide)
    step, *rest = args
    with pytest.raises(CommandError, match=message):
        workflow(step, guide.slug, *rest)
    assert everything_about(guide) == before


def test_an_unknown_guide_is_refused_with_a_message(people):
    with pytest.raises(CommandError, match="No guide with the slug"):
        workflow("status", "no-such-guide")
