"""Clinical sign-off: who may give it, what it pins, and what voids it."""

import pytest

from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.models import GuideState, ReviewState
from editorial.services import guide_approve, guide_publish, guide_submit, guide_withdraw
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import ContributorRole, Person, Tip
from tests.factories import (
    ContributorFactory,
    PersonFactory,
    ReviewerFactory,
    TopicFactory,
    UserFactory,
    build_guide,
)
from tests.workflow import approve, everything_about, publish

# Guides are published here: the safety information they carry is live first.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]


def sign(guide, user, **decision):
    """Approve the guide as the reviewer read it just now."""
    return guide_approve(guide=guide, user=user, fingerprint=fingerprint_guide(guide), **decision)


@pytest.fixture
def submitted(editor):
    guide = build_guide(sections=2, tips_per_section=2)
    guide_submit(guide=guide, user=editor, change_summary="First version.")
    return guide


def test_an_approval_records_the_reviewer_as_they_were_and_pins_the_fingerprint(
    submitted, reviewer
):
    review = guide_approve(
        guide=submitted,
        user=reviewer,
        fingerprint=fingerprint_guide(submitted),
        notes="Sound advice.",
    )
    assert review.state == ReviewState.APPROVED
    assert review.fingerprint == fingerprint_guide(submitted)
    assert review.decided_by == reviewer
    assert review.notes == "Sound advice."
    assert (review.reviewer_name, review.reviewer_credentials) == ("Rita Alvarez", "MSW, LCSW")
    assert review.reviewer_clinical_credential == "PMHNP-BC"

    Person.objects.filter(user=reviewer).update(name="Rita A. Stone", credentials="LCSW-R")
    review.refresh_from_db()
    assert review.signed_by == "Rita Alvarez, MSW, LCSW"


def test_an_edit_to_a_tip_after_approval_voids_it(submitted, reviewer, publisher):
    approve_review = guide_approve(
        guide=submitted, user=reviewer, fingerprint=fingerprint_guide(submitted)
    )
    tip = Tip.objects.filter(section__guide=submitted).last()
    tip.lead = "A different lead"
    tip.save()

    status = status_of(submitted)
    assert status.needs_review_again
    assert status.label == "Needs review again (edited after approval)"
    before = everything_about(submitted)
    with pytest.raises(WrongState, match="needs review again"):
        guide_publish(guide=submitted, user=publisher)
    assert everything_about(submitted) == before
    assert approve_review.fingerprint != fingerprint_guide(submitted)


def test_undoing_the_edit_makes_the_approval_match_again(submitted, reviewer, publisher):
    sign(submitted, reviewer)
    tip = Tip.objects.filter(section__guide=submitted).last()
    original = tip.body
    tip.body = "Changed."
    tip.save()
    tip.body = original
    tip.save()
    assert guide_publish(guide=submitted, user=publisher).number == 1


def test_a_reviewer_who_edited_the_guide_may_not_approve_it(submitted, reviewer):
    tip = Tip.objects.filter(section__guide=submitted).first()
    tip._history_user = reviewer
    tip.body = "The reviewer's own wording."
    tip.save()
    before = everything_about(submitted)
    with pytest.raises(NotAllowed, match="You edited this guide"):
        sign(submitted, reviewer)
    assert everything_about(submitted) == before


def test_a_deleted_row_still_counts_as_the_reviewers_edit(submitted, reviewer):
    tip = Tip.objects.filter(section__guide=submitted).first()
    tip._history_user = reviewer
    tip.delete()
    with pytest.raises(NotAllowed, match="You edited this guide"):
        sign(submitted, reviewer)


def test_edits_before_the_last_release_do_not_bar_a_reviewer(
    editor, reviewer, second_reviewer, publisher
):
    guide = build_guide()
    guide.title = "Edited by Rita"
    guide._history_user = reviewer
    guide.save()
    publish(guide, editor=editor, reviewer=second_reviewer, publisher=publisher)
    tip = Tip.objects.filter(section__guide=guide).first()
    tip._history_user = editor
    tip.body = "An editor's later edit."
    tip.save()
    guide_submit(guide=guide, user=editor, change_summary="Touch-up.")
    assert sign(guide, reviewer).state == ReviewState.APPROVED


@pytest.mark.parametrize(
    "role",
    [
        ContributorRole.CLINICAL_WRITER,
        ContributorRole.EDITORIAL_WRITER,
        ContributorRole.ORIGINAL_AUTHOR,
    ],
)
def test_a_reviewer_credited_as_an_author_may_not_approve(submitted, reviewer, role):
    ContributorFactory(guide=submitted, person=reviewer.person, role=role)
    with pytest.raises(NotAllowed, match="credited as an author"):
        sign(submitted, reviewer)


def test_a_reviewer_credited_as_medical_reviewer_may_approve(submitted, reviewer):
    ContributorFactory(
        guide=submitted, person=reviewer.person, role=ContributorRole.MEDICAL_REVIEWER
    )
    assert (
        guide_approve(
            guide=submitted, user=reviewer, fingerprint=fingerprint_guide(submitted)
        ).state
        == ReviewState.APPROVED
    )


def test_a_superuser_without_a_clinical_credential_may_not_approve(submitted):
    admin = UserFactory(username="root", is_superuser=True)
    with pytest.raises(NotAllowed, match="not linked to a clinical reviewer"):
        sign(submitted, admin)


def test_a_superuser_who_is_a_clinical_reviewer_is_still_bound_by_separation_of_duties(
    submitted, reviewer
):
    reviewer.is_superuser = True
    reviewer.save()
    ContributorFactory(
        guide=submitted, person=reviewer.person, role=ContributorRole.CLINICAL_WRITER
    )
    with pytest.raises(NotAllowed):
        sign(submitted, reviewer)


def test_a_reviewer_group_member_without_a_licensed_person_may_not_sign_off(submitted):
    with pytest.raises(NotAllowed, match="not linked to a clinical reviewer"):
        sign(submitted, ReviewerFactory(username="unlinked"))


def test_a_person_who_lost_reviewer_status_may_no_longer_sign_off(submitted, reviewer):
    Person.objects.filter(user=reviewer).update(is_clinical_reviewer=False)
    with pytest.raises(NotAllowed):
        sign(submitted, reviewer)


def test_approval_of_a_version_the_reviewer_did_not_see_is_refused(submitted, reviewer):
    seen = fingerprint_guide(submitted)
    Tip.objects.filter(section__guide=submitted).update(body="Edited meanwhile.")
    before = everything_about(submitted)
    with pytest.raises(WrongState, match="changed after you opened it"):
        guide_approve(guide=submitted, user=reviewer, fingerprint=seen)
    assert everything_about(submitted) == before


def test_approving_pins_the_content_at_the_moment_of_approval(editor, reviewer, publisher):
    guide = build_guide()
    review = approve(guide, editor=editor, reviewer=reviewer)
    assert status_of(guide).state == GuideState.APPROVED
    release = guide_publish(guide=guide, user=publisher)
    assert release.review == review
    assert release.fingerprint == review.fingerprint


def test_an_approval_must_say_which_version_was_reviewed(submitted, reviewer):
    before = everything_about(submitted)
    with pytest.raises(InvalidInput, match="which version you reviewed"):
        guide_approve(guide=submitted, user=reviewer, fingerprint="")
    assert everything_about(submitted) == before


def test_a_withdrawn_release_does_not_clear_a_reviewers_own_edits(
    editor, reviewer, second_reviewer, publisher
):
    guide = build_guide()
    tip = Tip.objects.filter(section__guide=guide).first()
    tip._history_user = reviewer
    tip.body = "Rita's wording."
    tip.save()
    publish(guide, editor=editor, reviewer=second_reviewer, publisher=publisher)
    guide_withdraw(guide=guide, user=publisher, reason="Dose advice unsafe.")
    guide_submit(guide=guide, user=editor, change_summary="Unchanged, for a second look.")
    with pytest.raises(NotAllowed, match="You edited this guide"):
        sign(guide, reviewer)


def test_a_reviewer_who_edited_a_credited_person_may_not_approve(submitted, reviewer):
    person = ContributorFactory(guide=submitted, role=ContributorRole.CLINICAL_WRITER).person
    person._history_user = reviewer
    person.credentials = "MS, LPC"
    person.save()
    with pytest.raises(NotAllowed, match="You edited this guide"):
        sign(submitted, reviewer)


def test_a_reviewer_who_renamed_one_of_the_guides_topics_may_not_approve(submitted, reviewer):
    topic = TopicFactory()
    Tip.objects.filter(section__guide=submitted).first().topics.add(topic)
    topic._history_user = reviewer
    topic.name = "Renamed by the reviewer"
    topic.save()
    with pytest.raises(NotAllowed, match="You edited this guide"):
        sign(submitted, reviewer)


def test_edits_to_people_and_topics_elsewhere_do_not_bar_a_reviewer(submitted, reviewer):
    elsewhere = PersonFactory()
    elsewhere._history_user = reviewer
    elsewhere.save()
    topic = TopicFactory()
    topic._history_user = reviewer
    topic.save()
    assert sign(submitted, reviewer).state == ReviewState.APPROVED
