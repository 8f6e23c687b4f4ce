"""The safety information's workflow: each step, its fingerprint, its rights, its releases."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.kinds.safety import safety_status
from editorial.models import (
    PublicVersion,
    SafetyEvent,
    SafetyRelease,
    SafetyReleaseIsImmutable,
    SafetyReview,
    SafetyState,
    WorkflowAction,
)
from editorial.safety.services import (
    safety_approve,
    safety_publish,
    safety_request_changes,
    safety_submit,
)
from editorial.safety.snapshot import (
    fingerprint_safety_information,
    serialize_safety_information,
)
from guidance.models import CrisisResource, SiteNotice
from tests.factories import CrisisResourceFactory
from tests.safety import (
    approve_safety_information,
    edit_the_crisis_line,
    everything_about_safety_information,
    working_copy,
)
from tests.workflow import publish_safety_information

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(db):
    return working_copy()


def test_submitting_opens_a_review_of_the_working_copy_and_logs_it(copy, editor):
    review = safety_submit(user=editor, change_summary="  The 988 line.  ")

    assert review.change_summary == "The 988 line."
    assert review.submitted_fingerprint == fingerprint_safety_information()
    assert safety_status().state == SafetyState.IN_REVIEW
    event = SafetyEvent.objects.get()
    assert (event.action, event.actor, event.review) == (WorkflowAction.SUBMITTED, editor, review)


def test_an_approval_is_pinned_to_the_fingerprint_and_signed_as_the_reviewer_was(copy, people):
    review = approve_safety_information(people)

    assert review.fingerprint == fingerprint_safety_information()
    assert review.reviewer_name == "Rita Alvarez"
    assert review.reviewer_credentials == "MSW, LCSW"
    assert safety_status().approval_is_current


def test_approving_requires_the_fingerprint_of_the_version_read(copy, people):
    safety_submit(user=people["editor"], change_summary="First.")
    before = everything_about_safety_information()

    with pytest.raises(InvalidInput, match="fingerprint is required"):
        safety_approve(user=people["reviewer"], fingerprint="")
    assert everything_about_safety_information() == before


def test_a_decision_on_a_version_that_changed_since_is_refused(copy, people):
    safety_submit(user=people["editor"], change_summary="First.")
    read = fingerprint_safety_information()
    edit_the_crisis_line()
    before = everything_about_safety_information()

    with pytest.raises(WrongState, match="changed after you opened it"):
        safety_approve(user=people["reviewer"], fingerprint=read)
    with pytest.raises(WrongState, match="changed after you opened it"):
        safety_request_changes(user=people["reviewer"], notes="No.", fingerprint=read)
    assert everything_about_safety_information() == before


def test_an_edit_after_approval_voids_it_and_publishing_is_refused(copy, people):
    approve_safety_information(people)
    edit_the_crisis_line()
    before = everything_about_safety_information()

    assert safety_status().label == "Needs review again (edited after approval)"
    with pytest.raises(WrongState, match="needs review again"):
        safety_publish(user=people["publisher"])
    assert everything_about_safety_information() == before


def test_publishing_makes_a_numbered_release_of_exactly_what_was_approved(copy, people):
    approval = approve_safety_information(people)
    version = PublicVersion.current()

    release = safety_publish(user=people["publisher"])

    assert release.number == 1
    assert release.snapshot == serialize_safety_information()
    assert release.fingerprint == approval.fingerprint
    assert release.review == approval
    assert release.change_summary == "Safety information."
    assert PublicVersion.current() == version + 1
    assert safety_status().state == SafetyState.PUBLISHED
    assert SafetyRelease.objects.live().get() == release
    assert SafetyEvent.objects.filter(action=WorkflowAction.PUBLISHED, release=release).exists()


def test_a_correction_becomes_the_next_release_and_the_live_one(copy, people):
    first = publish_safety_information(**people)
    edit_the_crisis_line()

    second = publish_safety_information(**people, summary="Veterans' line.")

    assert (first.number, second.number) == (1, 2)
    assert SafetyRelease.objects.live().get() == second
    assert second.snapshot["crisis_resources"][0]["phone"] == "988 (press 1 for veterans)"


def test_nothing_to_review_when_nothing_changed_since_the_live_release(copy, people):
    publish_safety_information(**people)
    before = everything_about_safety_information()

    with pytest.raises(WrongState, match="Nothing has changed since safety release 1"):
        safety_submit(user=people["editor"], change_summary="Again.")
    assert everything_about_safety_information() == before


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda: SiteNotice.objects.all().delete(), "no medical disclaimer"),
        (lambda: CrisisResource.objects.update(region="GB"), "default region \\(US\\)"),
        (lambda: CrisisResourceFactory(region="XX"), "not ISO 3166-1 alpha-2 codes \\(XX\\)"),
    ],
)
def test_a_working_copy_that_would_leave_readers_without_help_is_refused(
    copy, people, break_it, message
):
    break_it()
    before = everything_about_safety_information()

    with pytest.raises(WrongState, match=message):
        safety_submit(user=people["editor"], change_summary="First.")
    assert everything_about_safety_information() == before


def test_requesting_changes_needs_notes_and_sends_it_back(copy, people):
    safety_submit(user=people["editor"], change_summary="First.")

    with pytest.raises(InvalidInput, match="notes are required"):
        safety_request_changes(user=people["reviewer"], notes="  ")
    review = safety_request_changes(user=people["reviewer"], notes="Add the text line.")

    assert review.state == "changes_requested"
    assert safety_status().state == SafetyState.CHANGES_REQUESTED


def test_a_reviewer_who_edited_a_crisis_line_may_not_approve_it(copy, people, second_reviewer):
    edit_the_crisis_line(user=people["reviewer"])
    safety_submit(user=people["editor"], change_summary="Veterans' line.")
    before = everything_about_safety_information()

    with pytest.raises(NotAllowed, match="You edited the safety information"):
        safety_approve(user=people["reviewer"], fingerprint=fingerprint_safety_information())
    assert everything_about_safety_information() == before
    assert safety_approve(user=second_reviewer, fingerprint=fingerprint_safety_information())


def test_edits_before_the_last_release_do_not_count(copy, people, second_reviewer):
    edit_the_crisis_line(user=people["reviewer"])
    safety_submit(user=people["editor"], change_summary="First.")
    safety_approve(user=second_reviewer, fingerprint=fingerprint_safety_information())
    safety_publish(user=people["publisher"])
    edit_the_crisis_line(user=people["publisher"], phone="988, option 1")

    safety_submit(user=people["editor"], change_summary="Option 1.")

    assert safety_approve(user=people["reviewer"], fingerprint=fingerprint_safety_information())


def test_a_reviewer_without_a_clinical_credential_may_not_sign_off(copy, people):
    person = people["reviewer"].person
    person.is_clinical_reviewer = False
    person.save()
    safety_submit(user=people["editor"], change_summary="First.")

    with pytest.raises(NotAllowed, match="not linked to a clinical reviewer"):
        safety_approve(user=people["reviewer"], fingerprint=fingerprint_safety_information())


def test_a_safety_release_cannot_be_changed_or_deleted_by_the_model(copy, people):
    release = publish_safety_information(**people)

    release.change_summary = "Rewritten."
    with pytest.raises(SafetyReleaseIsImmutable):
        release.save()
    with pytest.raises(SafetyReleaseIsImmutable):
        release.delete()
    with pytest.raises(SafetyReleaseIsImmutable):
        SafetyRelease.objects.filter(pk=release.pk).update(change_summary="Rewritten.")
    with pytest.raises(SafetyReleaseIsImmutable):
        SafetyRelease.objects.filter(pk=release.pk).delete()


def test_the_database_refuses_to_change_a_safety_release(copy, people):
    release = publish_safety_information(**people)
    table = SafetyRelease._meta.db_table

    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET change_summary = 'x' WHERE id = %s", [release.pk])
    release.refresh_from_db()
    assert release.change_summary == "Safety information."


def test_the_database_refuses_to_change_a_decided_safety_review(copy, people):
    review = approve_safety_information(people)
    table = SafetyReview._meta.db_table

    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET notes = 'x' WHERE id = %s", [review.pk])


def test_the_database_allows_one_open_safety_review_only(copy, people):
    first = safety_submit(user=people["editor"], change_summary="First.")

    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyReview.objects.create(
            submitted_by=people["editor"],
            submitted_at=first.submitted_at,
            change_summary="Second.",
            submitted_fingerprint=first.submitted_fingerprint,
        )
