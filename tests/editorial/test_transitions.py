"""Every transition, for every role and from every state, at the service level.

A refused step raises the error that says why and leaves every row as it was.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.models import Review, ReviewState, Workflow, WorkflowEvent
from editorial.services import (
    guide_approve,
    guide_publish,
    guide_request_changes,
    guide_submit,
    guide_withdraw,
)
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from tests.factories import PublisherFactory, UserFactory, build_guide
from tests.workflow import (
    ALLOWED_FROM,
    RESULTING_STATE,
    ROLES_WITH_RIGHT,
    STATES,
    build_state,
    edit_a_tip,
    everything_about,
)

# Guides are published here: the safety information they carry is live first.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]


TRANSITIONS = {
    "submit": lambda guide, user: guide_submit(guide=guide, user=user, change_summary="Edits."),
    "approve": lambda guide, user: guide_approve(
        guide=guide, user=user, notes="Fine.", fingerprint=fingerprint_guide(guide)
    ),
    "request_changes": lambda guide, user: guide_request_changes(
        guide=guide, user=user, notes="Rework the intro."
    ),
    "publish": lambda guide, user: guide_publish(guide=guide, user=user),
    "withdraw": lambda guide, user: guide_withdraw(guide=guide, user=user, reason="Unsafe."),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("transition", TRANSITIONS)
def test_each_transition_from_each_state_for_the_role_holding_the_right(people, transition, state):
    guide = build_state(state, people)
    actor = people[sorted(ROLES_WITH_RIGHT[transition])[0]]
    before = everything_about(guide)
    if state in ALLOWED_FROM[transition]:
        TRANSITIONS[transition](guide, actor)
        assert Workflow.objects.get(guide=guide).state == RESULTING_STATE[transition]
        assert WorkflowEvent.objects.filter(guide=guide).count() == len(before["events"]) + 1
    else:
        with pytest.raises(WrongState) as refusal:
            TRANSITIONS[transition](guide, actor)
        assert refusal.value.message
        assert everything_about(guide) == before


@pytest.mark.parametrize(
    ("transition", "role"),
    [
        (transition, role)
        for transition in TRANSITIONS
        for role in ["editor", "reviewer", "publisher", "anonymous", "staff"]
        if role not in ROLES_WITH_RIGHT[transition]
    ],
)
def test_a_role_without_the_right_is_refused_in_the_state_that_allows_the_step(
    people, transition, role
):
    state = sorted(ALLOWED_FROM[transition])[0]
    guide = build_state(state, people)
    user = {"anonymous": AnonymousUser(), "staff": UserFactory(username="stan")}.get(role)
    before = everything_about(guide)
    with pytest.raises(NotAllowed) as refusal:
        TRANSITIONS[transition](guide, user or people[role])
    assert refusal.value.message
    assert everything_about(guide) == before


def test_an_editor_given_the_publishing_right_may_publish(people, editor):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="publish_guide"))
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh permission cache
    guide = build_state("approved", people)
    release = guide_publish(guide=guide, user=editor)
    assert release.published_by == editor


@pytest.mark.parametrize(
    ("transition", "call"),
    [
        ("submit", lambda g, u: guide_submit(guide=g, user=u, change_summary="  ")),
        ("request_changes", lambda g, u: guide_request_changes(guide=g, user=u, notes="")),
        ("withdraw", lambda g, u: guide_withdraw(guide=g, user=u, reason="\n")),
        (
            "publish",
            lambda g, u: guide_publish(
                guide=g, user=u, go_live_at=timezone.now() - datetime.timedelta(hours=1)
            ),
        ),
        (
            "publish",
            lambda g, u: guide_publish(
                guide=g,
                user=u,
                go_live_at=datetime.datetime(2030, 1, 1),  # noqa: DTZ001
            ),
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(people, transition, call):
    guide = build_state(sorted(ALLOWED_FROM[transition])[0], people)
    actor = people[sorted(ROLES_WITH_RIGHT[transition])[0]]
    before = everything_about(guide)
    with pytest.raises(InvalidInput) as refusal:
        call(guide, actor)
    assert refusal.value.message
    assert everything_about(guide) == before


def test_a_backdated_step_must_lie_in_the_past(people, editor):
    guide = build_guide()
    with pytest.raises(InvalidInput):
        guide_submit(
            guide=guide,
            user=editor,
            change_summary="Import.",
            at=timezone.now() + datetime.timedelta(days=1),
        )
    assert not Review.objects.exists()


def test_a_backdated_step_is_recorded_as_such(people, editor):
    guide = build_guide()
    when = datetime.datetime(2018, 2, 20, 9, tzinfo=datetime.UTC)
    review = guide_submit(guide=guide, user=editor, change_summary="Import.", at=when)
    assert review.submitted_at == when
    assert review.backdated
    assert review.recorded_at > when
    assert WorkflowEvent.objects.get(guide=guide).backdated


def test_withdrawing_closes_an_open_review(people, editor, publisher):
    guide = build_state("published_with_edits", people)
    guide_submit(guide=guide, user=editor, change_summary="More.")
    guide_withdraw(guide=guide, user=publisher, reason="Unsafe advice in section 2.")
    review = Review.objects.filter(guide=guide).order_by("-pk").first()
    assert review.state == ReviewState.CANCELLED
    assert status_of(guide).open_review is None


def test_changes_requested_then_edited_then_resubmitted(people, editor, reviewer):
    guide = build_state("changes_requested", people)
    edit_a_tip(guide)
    guide_submit(guide=guide, user=editor, change_summary="Softened section 2.")
    guide_approve(guide=guide, user=reviewer, fingerprint=fingerprint_guide(guide))
    assert status_of(guide).approval_is_current


def test_two_publishers_cannot_both_publish_one_approval(people):
    guide = build_state("approved", people)
    guide_publish(guide=guide, user=people["publisher"])
    with pytest.raises(WrongState):
        guide_publish(guide=guide, user=PublisherFactory())
    assert guide.releases.count() == 1


def test_a_backdated_step_cannot_come_before_the_guides_last_step(people, editor, reviewer):
    guide = build_state("in_review", people)
    before = everything_about(guide)
    with pytest.raises(InvalidInput, match="before the guide's last step"):
        guide_approve(
            guide=guide,
            user=reviewer,
            fingerprint=fingerprint_guide(guide),
            at=timezone.now() - datetime.timedelta(days=1),
        )
    assert everything_about(guide) == before
