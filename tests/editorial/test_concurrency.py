"""Two people taking the same step at the same moment, on real connections.

PostgreSQL only: the guarantees rest on its row locks (SELECT ... FOR
UPDATE) and constraints, and SQLite serializes every writer anyway. CI runs
the suite on PostgreSQL, so these always run there.
"""

import threading

import pytest
from django.db import connections

from editorial.exceptions import WorkflowError, WrongState
from editorial.models import (
    Release,
    Review,
    ReviewState,
    SafetyRelease,
    WorkflowAction,
    WorkflowEvent,
)
from editorial.safety.services import safety_publish
from editorial.services import guide_approve, guide_publish, guide_submit
from editorial.snapshot import fingerprint_guide
from tests.factories import EditorFactory, PublisherFactory
from tests.safety import approve_safety_information, working_copy
from tests.workflow import build_state, on_postgresql

pytestmark = [
    # serialized_rollback: the flush after each test would drop the groups the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not on_postgresql(), reason="row locks are PostgreSQL's"),
]


def at_the_same_moment(*steps):
    """Run each step in its own thread and connection, released together; return outcomes."""
    start = threading.Barrier(len(steps))
    outcomes = [None] * len(steps)

    def run(index, step):
        try:
            start.wait()
            outcomes[index] = step()
        except WorkflowError as refusal:
            outcomes[index] = refusal
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_reviewers_deciding_at_once_record_exactly_one_decision(people, second_reviewer):
    guide = build_state("in_review", people)
    read = fingerprint_guide(guide)
    outcomes = at_the_same_moment(
        lambda: guide_approve(guide=guide, user=people["reviewer"], fingerprint=read),
        lambda: guide_approve(guide=guide, user=second_reviewer, fingerprint=read),
    )
    refusals = [o for o in outcomes if isinstance(o, WrongState)]
    decisions = [o for o in outcomes if isinstance(o, Review)]
    assert len(decisions) == 1
    assert len(refusals) == 1
    assert "no open review" in refusals[0].message
    review = Review.objects.get(guide=guide)
    assert review.state == ReviewState.APPROVED
    assert review.decided_by == decisions[0].decided_by
    approvals = WorkflowEvent.objects.filter(guide=guide, action=WorkflowAction.APPROVED)
    assert approvals.count() == 1


@pytest.mark.usefixtures("live_safety_information")
def test_two_publishers_publishing_at_once_make_exactly_one_release(people):
    guide = build_state("approved", people)
    other_publisher = PublisherFactory(username="pia")
    outcomes = at_the_same_moment(
        lambda: guide_publish(guide=guide, user=people["publisher"]),
        lambda: guide_publish(guide=guide, user=other_publisher),
    )
    releases = [o for o in outcomes if isinstance(o, Release)]
    refusals = [o for o in outcomes if isinstance(o, WrongState)]
    assert len(releases) == 1
    assert len(refusals) == 1
    assert "Only an approved guide can be published" in refusals[0].message
    assert Release.objects.filter(guide=guide).count() == 1


def test_two_editors_submitting_at_once_open_exactly_one_review(people):
    guide = build_state("draft", people)
    other_editor = EditorFactory(username="eli")
    outcomes = at_the_same_moment(
        lambda: guide_submit(guide=guide, user=people["editor"], change_summary="Mine."),
        lambda: guide_submit(guide=guide, user=other_editor, change_summary="Also mine."),
    )
    assert sum(isinstance(o, Review) for o in outcomes) == 1
    assert sum(isinstance(o, WrongState) for o in outcomes) == 1
    assert Review.objects.filter(guide=guide, state=ReviewState.OPEN).count() == 1


def test_two_publishers_publishing_the_safety_information_at_once_make_one_release(people):
    working_copy()
    approve_safety_information(people)
    other_publisher = PublisherFactory(username="pia")
    outcomes = at_the_same_moment(
        lambda: safety_publish(user=people["publisher"]),
        lambda: safety_publish(user=other_publisher),
    )
    assert sum(isinstance(o, SafetyRelease) for o in outcomes) == 1
    refusals = [o for o in outcomes if isinstance(o, WrongState)]
    assert len(refusals) == 1
    assert "Only approved safety information can be published" in refusals[0].message
    assert SafetyRelease.objects.count() == 1
