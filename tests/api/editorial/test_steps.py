"""POST a workflow step: through its service, for every role and from every state.

A step taken answers the guide as it stands after it; a refused one answers
why, with 400, 403 or 409, and leaves every row as it was.
"""

import datetime

import pytest
from django.utils import timezone

from editorial.models import Release, ReviewState
from editorial.snapshot import fingerprint_guide
from tests.api.editorial.content import if_match, url
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

STEP_PATHS = {
    "submit": "submit",
    "approve": "approve",
    "request_changes": "request-changes",
    "publish": "publish",
    "withdraw": "withdraw",
}


def body_for(step, guide):
    """A body each step accepts when the state and the user's rights allow it."""
    return {
        "submit": {"change_summary": "Reworded the first part."},
        "approve": {"notes": "Sound.", "fingerprint": fingerprint_guide(guide)},
        "request_changes": {"notes": "Soften part 2."},
        "publish": {},
        "withdraw": {"reason": "Outdated advice."},
    }[step]


def take(api_as, user, guide, step, body=None, **headers):
    return api_as(user).post(
        url(guide.slug, STEP_PATHS[step]),
        body_for(step, guide) if body is None else body,
        format="json",
        **headers,
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", STEP_PATHS)
def test_each_step_from_each_state_for_the_role_holding_the_right(api_as, people, step, state):
    guide = build_state(state, people)
    actor = people[sorted(ROLES_WITH_RIGHT[step])[0]]
    before = everything_about(guide)

    response = take(api_as, actor, guide, step)

    if state in ALLOWED_FROM[step]:
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == RESULTING_STATE[step]
        assert response.headers["ETag"] == f'"{fingerprint_guide(guide)}"'
    else:
        assert response.status_code == 409
        assert response.json()["detail"]
        assert everything_about(guide) == before


ALLOWED_STATE = {
    "submit": "draft",
    "approve": "in_review",
    "request_changes": "in_review",
    "publish": "approved",
    "withdraw": "published",
}
REFUSALS = {
    "submit": "You may not submit guides for review: that takes the Editors' right.",
    "approve": "Only clinical reviewers may sign off guides.",
    "request_changes": "Only clinical reviewers may request changes.",
    "publish": "You may not publish guides: that takes the publishing right.",
    "withdraw": "You may not withdraw guides: that takes the withdrawal right.",
}


@pytest.mark.parametrize(
    ("step", "role"),
    [
        (step, role)
        for step in STEP_PATHS
        for role in ["editor", "reviewer", "publisher"]
        if role not in ROLES_WITH_RIGHT[step]
    ],
)
def test_a_role_without_the_right_gets_403_and_nothing_changes(api_as, people, step, role):
    guide = build_state(ALLOWED_STATE[step], people)
    before = everything_about(guide)

    response = take(api_as, people[role], guide, step)

    assert response.status_code == 403
    assert response.json() == {"detail": REFUSALS[step]}
    assert everything_about(guide) == before


def test_a_submission_answers_the_open_review(api_as, people):
    guide = build_state("draft", people)

    body = take(api_as, people["editor"], guide, "submit").json()

    assert body["state_label"] == "In review"
    assert body["open_review"]["submitted_by"] == "edna"
    assert body["open_review"]["change_summary"] == "Reworded the first part."
    assert body["open_review"]["kind"] == "clinical"


@pytest.mark.parametrize("step", ["submit", "request_changes", "withdraw"])
def test_a_step_without_its_text_gets_400_with_the_services_message(api_as, people, step):
    guide = build_state(ALLOWED_STATE[step], people)
    actor = people[sorted(ROLES_WITH_RIGHT[step])[0]]
    before = everything_about(guide)

    response = take(api_as, actor, guide, step, body={})

    assert response.status_code == 400
    assert response.json()["detail"] in {
        "Say what changed: the change summary is required.",
        "Say what needs to change: notes are required.",
        "Say why the guide is withdrawn: the reason is required.",
    }
    assert everything_about(guide) == before


@pytest.fixture
def in_review(people):
    return build_state("in_review", people)


def test_an_approval_needs_the_fingerprint_of_the_version_reviewed(api_as, people, in_review):
    before = everything_about(in_review)

    response = take(api_as, people["reviewer"], in_review, "approve", body={"notes": "Fine."})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say which version you reviewed: its fingerprint is required."
    }
    assert everything_about(in_review) == before


def test_the_fingerprint_may_come_in_if_match(api_as, people, in_review):
    response = take(
        api_as, people["reviewer"], in_review, "approve", body={}, **if_match(in_review)
    )

    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    assert in_review.reviews.get().state == ReviewState.APPROVED


@pytest.mark.parametrize("where", ["body", "header"])
def test_an_approval_of_a_version_since_changed_gets_409(api_as, people, in_review, where):
    read = fingerprint_guide(in_review)
    edit_a_tip(in_review)
    before = everything_about(in_review)
    body, headers = {}, {}
    if where == "body":
        body["fingerprint"] = read
    else:
        headers["HTTP_IF_MATCH"] = f'"{read}"'

    response = take(api_as, people["reviewer"], in_review, "approve", body=body, **headers)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "The guide changed after you opened it. Reload the review to see the latest "
        "version before deciding."
    }
    assert everything_about(in_review) == before


def test_a_body_and_if_match_naming_different_versions_get_400(api_as, people, in_review):
    before = everything_about(in_review)

    response = take(
        api_as,
        people["reviewer"],
        in_review,
        "approve",
        body={"fingerprint": "0" * 64},
        **if_match(in_review),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "fingerprint": ["The body and If-Match name different versions: send one."]
    }
    assert everything_about(in_review) == before


def test_changes_requested_on_a_version_since_changed_get_409(api_as, people, in_review):
    stale = if_match(in_review)
    edit_a_tip(in_review)

    response = take(api_as, people["reviewer"], in_review, "request_changes", **stale)

    assert response.status_code == 409


def test_changes_requested_go_back_to_the_editors(api_as, people, in_review):
    body = take(api_as, people["reviewer"], in_review, "request_changes").json()

    assert (body["state"], body["open_review"]) == ("changes_requested", None)
    assert body["allowed_steps"]["approve"]["allowed"] is False


@pytest.fixture
def approved(people):
    return build_state("approved", people)


def test_publishing_now_answers_the_live_release(api_as, people, approved):
    body = take(api_as, people["publisher"], approved, "publish", body={"go_live_at": ""}).json()

    assert (body["state"], body["live_release"], body["scheduled_release"]) == (
        "published",
        1,
        None,
    )


def test_publishing_later_answers_the_scheduled_release(api_as, people, approved):
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)

    response = take(
        api_as, people["publisher"], approved, "publish", body={"go_live_at": later.isoformat()}
    )

    body = response.json()
    assert body["live_release"] is None
    assert body["scheduled_release"]["number"] == 1
    assert Release.objects.get(guide=approved).go_live_at == later


NO_OFFSET = "go_live_at: Give the time with its offset (e.g. +00:00 or Z): it has none."
NOT_A_TIME = "go_live_at: Give an ISO 8601 time with its offset, e.g. 2026-12-01T09:00:00+00:00."
PASSED = "The go-live time has passed; leave it empty to publish now."


@pytest.mark.parametrize(
    ("go_live_at", "message"),
    [
        ("2030-12-01T09:00:00", NO_OFFSET),
        ("2030-13-01T09:00:00+00:00", NOT_A_TIME),
        ("next tuesday", NOT_A_TIME),
        (1700000000, NOT_A_TIME),
        ("9999-12-31T23:00:00-05:00", NOT_A_TIME),
        ("2030-12-01T09:00:00+25:00", NOT_A_TIME),
        ("2020-01-01T09:00:00+00:00", PASSED),
    ],
)
def test_a_bad_go_live_time_gets_400_and_nothing_is_published(
    api_as, people, approved, go_live_at, message
):
    before = everything_about(approved)

    response = take(
        api_as, people["publisher"], approved, "publish", body={"go_live_at": go_live_at}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == message
    assert everything_about(approved) == before


def test_a_withdrawal_takes_the_guide_off_at_once(api_as, people):
    guide = build_state("published", people)

    body = take(api_as, people["reviewer"], guide, "withdraw").json()

    assert (body["state"], body["live_release"]) == ("withdrawn", None)
    assert Release.objects.get(guide=guide).withdrawal_reason == "Outdated advice."


@pytest.mark.parametrize("step", STEP_PATHS)
def test_unknown_fields_in_a_step_are_refused(api_as, people, step):
    guide = build_state(ALLOWED_STATE[step], people)
    actor = people[sorted(ROLES_WITH_RIGHT[step])[0]]
    before = everything_about(guide)

    response = take(api_as, actor, guide, step, body={**body_for(step, guide), "state": "x"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]
    assert everything_about(guide) == before


@pytest.mark.parametrize("body", ['{"notes": ', "[1, 2]", '{"notes": 3}', '{"notes": null}'])
def test_malformed_bodies_get_400_never_500(api_as, people, in_review, body):
    response = api_as(people["reviewer"]).post(
        url(in_review.slug, "request-changes"), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_step_on_an_unknown_guide_is_404(api_as, people):
    response = api_as(people["editor"]).post(
        url("nowhere", "submit"), {"change_summary": "x"}, format="json"
    )

    assert response.status_code == 404


BODY_FIELDS = {
    "submit": {"change_summary", "kind", "waivers"},
    "approve": {"notes", "fingerprint", "waivers"},
    "request_changes": {"notes", "fingerprint"},
    "publish": {"go_live_at"},
    "withdraw": {"reason"},
}


@pytest.mark.parametrize("step", STEP_PATHS)
def test_options_describe_the_body_a_step_takes(api_as, people, step):
    guide = build_state("draft", people)

    response = api_as(people["editor"]).options(url(guide.slug, STEP_PATHS[step]))

    assert response.status_code == 200
    assert set(response.json()["actions"]["POST"]) == BODY_FIELDS[step]
