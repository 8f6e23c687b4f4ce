"""The workflow's rules, written once and run for every registered reviewable kind.

Step by role by state, and the sign-off rule (a clinical credential, a licence
valid that day, no approval of one's own work, superusers included, the
fingerprint pin), for the guide, the safety information and the test-only
leaflet (tests/testkind), which has no workflow code of its own. A refused
step raises the error that says why and leaves every row as it was; a step
is offered (``allowed_steps``) exactly when it is accepted.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from editorial.audit import verify_chain
from editorial.exceptions import NotAllowed, WrongState
from editorial.models import Licence, ReviewState
from editorial.workflow import services as workflow
from editorial.workflow.kind import KINDS
from editorial.workflow.status import status_for
from guidance.models import Person
from tests.factories import UserFactory
from tests.kinds import (
    ALLOWED_FROM,
    RESULTING_STATE,
    ROLES,
    ROLES_WITH_RIGHT,
    UNDER_TEST,
    build_state,
    everything_about,
    fingerprint,
    states_of,
    take,
)

pytestmark = pytest.mark.django_db

KIND_NAMES = sorted(UNDER_TEST)


def _user(people, role):
    return {"anonymous": AnonymousUser(), "staff": UserFactory(username="stan")}.get(role) or (
        people[role]
    )


def test_every_registered_kind_runs_through_the_matrix():
    assert set(KINDS) == set(UNDER_TEST)
    assert {"guide", "safety", "leaflet"} <= set(KINDS)


@pytest.mark.parametrize(
    ("name", "step", "state"),
    [
        (name, step, state)
        for name in KIND_NAMES
        for step in UNDER_TEST[name].kind.steps
        for state in states_of(UNDER_TEST[name].kind)
    ],
)
def test_each_step_from_each_state_for_the_role_holding_the_right(people, name, step, state):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, state, people)
    actor = people[sorted(ROLES_WITH_RIGHT[step])[0]]
    before = everything_about(kind, document)
    offered = workflow.allowed_steps(kind, actor, status_for(kind, document))[step]
    if state in ALLOWED_FROM[step]:
        assert offered is None
        take(step, kind, document, actor)
        stored = kind.state_model.objects.get(**kind.state_key(document))
        assert stored.state == RESULTING_STATE[step]
        assert len(everything_about(kind, document)["events"]) == len(before["events"]) + 1
    else:
        with pytest.raises(WrongState) as refusal:
            take(step, kind, document, actor)
        assert refusal.value.message == offered
        assert everything_about(kind, document) == before


@pytest.mark.parametrize(
    ("name", "step", "role"),
    [
        (name, step, role)
        for name in KIND_NAMES
        for step in UNDER_TEST[name].kind.steps
        for role in ROLES
        if role not in ROLES_WITH_RIGHT[step]
    ],
)
def test_a_role_without_the_right_is_refused_in_a_state_that_allows_the_step(
    people, name, step, role
):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, sorted(ALLOWED_FROM[step])[0], people)
    user = _user(people, role)
    before = everything_about(kind, document)
    offered = workflow.allowed_steps(kind, user, status_for(kind, document))[step]
    with pytest.raises(NotAllowed) as refusal:
        take(step, kind, document, user)
    assert refusal.value.message == offered
    assert everything_about(kind, document) == before


# The sign-off rule, for every kind.


def _approve(kind, document, user):
    return workflow.approve(kind, document, user=user, fingerprint=fingerprint(kind, document))


def _refused_sign_off(kind, document, user, match):
    before = everything_about(kind, document)
    with pytest.raises(NotAllowed, match=match):
        _approve(kind, document, user)
    assert everything_about(kind, document) == before


@pytest.mark.parametrize("name", KIND_NAMES)
def test_an_approval_is_pinned_to_the_fingerprint_and_signed_as_the_reviewer_was(people, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "in_review", people)
    review = _approve(kind, document, people["reviewer"])
    assert review.state == ReviewState.APPROVED
    assert review.fingerprint == fingerprint(kind, document)
    assert review.signed_by == "Rita Alvarez, MSW, LCSW"
    assert review.reviewer_clinical_credential == "PMHNP-BC"
    assert review.licence["expires_on"] > timezone.localdate().isoformat()


@pytest.mark.parametrize("name", KIND_NAMES)
def test_an_approval_of_a_version_nobody_read_is_refused(people, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "in_review", people)
    read = fingerprint(kind, document)
    under.edit(document, people["editor"])
    before = everything_about(kind, document)
    with pytest.raises(WrongState, match="changed after you opened it"):
        workflow.approve(kind, document, user=people["reviewer"], fingerprint=read)
    assert everything_about(kind, document) == before


@pytest.mark.parametrize("name", KIND_NAMES)
def test_an_edit_after_approval_voids_it(people, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "needs_review_again", people)
    assert status_for(kind, document).needs_review_again
    with pytest.raises(WrongState, match="needs review again"):
        workflow.publish(kind, document, user=people["publisher"])


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_signer_needs_a_clinical_credential(people, name):
    under = UNDER_TEST[name]
    document = build_state(under, "in_review", people)
    Person.objects.filter(user=people["reviewer"]).update(
        clinical_credential="", is_clinical_reviewer=False
    )
    _refused_sign_off(under.kind, document, people["reviewer"], "not linked to a clinical")


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_superuser_without_a_clinical_credential_may_not_approve(people, name):
    under = UNDER_TEST[name]
    document = build_state(under, "in_review", people)
    root = UserFactory(username="root", is_superuser=True)
    _refused_sign_off(under.kind, document, root, "not linked to a clinical")


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_licence_that_expired_yesterday_refuses_the_sign_off(people, name):
    under = UNDER_TEST[name]
    document = build_state(under, "in_review", people)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Licence.objects.filter(person__user=people["reviewer"]).update(expires_on=yesterday)
    _refused_sign_off(under.kind, document, people["reviewer"], "holds no licence valid on")


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_licence_is_valid_on_its_expiry_day(people, name):
    under = UNDER_TEST[name]
    document = build_state(under, "in_review", people)
    today = timezone.localdate()
    Licence.objects.filter(person__user=people["reviewer"]).update(expires_on=today)
    review = _approve(under.kind, document, people["reviewer"])
    assert review.licence["expires_on"] == today.isoformat()


@pytest.mark.parametrize("superuser", [False, True])
@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_reviewer_who_edited_it_since_its_last_release_may_not_approve_it(
    people, name, superuser
):
    under = UNDER_TEST[name]
    document = build_state(under, "published_with_edits", people)
    reviewer = people["reviewer"]
    reviewer.is_superuser = superuser
    reviewer.save()
    under.edit(document, reviewer)
    workflow.submit(under.kind, document, user=people["editor"], change_summary="More.")
    _refused_sign_off(under.kind, document, reviewer, "since its last release")


@pytest.mark.parametrize("name", KIND_NAMES)
def test_ones_edit_bars_one_until_the_next_release_only(people, second_reviewer, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "draft", people)
    under.edit(document, people["reviewer"])
    workflow.submit(kind, document, user=people["editor"], change_summary="First.")
    # Before any release, any edit ever counts.
    _refused_sign_off(kind, document, people["reviewer"], "since its last release")
    _approve(kind, document, second_reviewer)
    workflow.publish(kind, document, user=people["publisher"])
    under.edit(document, people["editor"])
    workflow.submit(kind, document, user=people["editor"], change_summary="Second.")
    assert _approve(kind, document, people["reviewer"]).state == ReviewState.APPROVED


WITHDRAWABLE = [name for name in KIND_NAMES if UNDER_TEST[name].kind.withdrawable]


@pytest.mark.parametrize(
    "name", [name for name in KIND_NAMES if UNDER_TEST[name].kind.withdrawable]
)
def test_a_kind_goes_from_draft_to_withdrawal_with_every_record_in_the_audit_chain(people, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "published", people)
    release = kind.release_model.objects.get(**kind.document_key(document))
    assert release.number == 1
    assert release.fingerprint == release.review.fingerprint == fingerprint(kind, document)
    assert kind.release_model.objects.filter(**kind.document_key(document)).live().get() == (
        release
    )
    assert workflow.withdraw(kind, document, user=people["publisher"], reason="Unsafe.") == [1]
    assert not kind.release_model.objects.filter(**kind.document_key(document)).live().exists()
    actions = [event.action for event in kind.event_model.objects.order_by("pk")]
    assert actions[-4:] == ["submitted", "approved", "published", "withdrawn"]
    assert verify_chain().is_whole


@pytest.mark.parametrize("name", [name for name in KIND_NAMES if name not in WITHDRAWABLE])
def test_a_kind_whose_releases_stay_live_is_never_withdrawn(people, name):
    under = UNDER_TEST[name]
    kind = under.kind
    document = build_state(under, "published", people)
    assert "withdraw" not in workflow.allowed_steps(
        kind, people["publisher"], status_for(kind, document)
    )
    before = everything_about(kind, document)
    with pytest.raises(WrongState, match="never withdrawn"):
        workflow.withdraw(kind, document, user=people["publisher"], reason="Unsafe.")
    assert everything_about(kind, document) == before
