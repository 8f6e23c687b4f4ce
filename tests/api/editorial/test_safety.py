"""The safety information over the editorial API: read, edit with If-Match, and each step."""

import datetime

import pytest

from editorial.editing import EDIT_REASON
from editorial.kinds.safety import safety_status
from editorial.safety.snapshot import fingerprint_safety_information
from guidance.models import CrisisResource, SiteNotice
from tests.safety import everything_about_safety_information, working_copy

pytestmark = pytest.mark.django_db

BASE = "/api/v1/editorial/safety-information/"


@pytest.fixture
def lines(db):
    return working_copy()


def if_match(fingerprint=None):
    return {"HTTP_IF_MATCH": f'"{fingerprint or fingerprint_safety_information()}"'}


def line_url(line):
    return f"{BASE}crisis-resources/{line.pk}/"


def test_anonymous_requests_are_refused(client, lines):
    assert client.get(BASE).status_code == 401
    assert client.post(f"{BASE}submit/", {"change_summary": "x"}).status_code == 401


def test_the_working_copy_its_state_and_the_steps_you_may_take(api_as, editor, lines):
    response = api_as(editor).get(BASE)

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "draft"
    assert body["fingerprint"] == fingerprint_safety_information()
    assert response["ETag"] == f'"{body["fingerprint"]}"'
    assert body["live_release"] is None
    assert body["open_review"] is None
    assert body["content"]["notices"][0]["kind"] == "disclaimer"
    assert body["content"]["crisis_resources"][0]["id"] == lines["crisis_line"].pk
    assert body["allowed_steps"]["submit"] == {"allowed": True, "why_not": None}
    assert body["allowed_steps"]["publish"]["allowed"] is False


def test_a_crisis_line_edit_needs_the_version_it_was_made_on(api_as, publisher, lines):
    api = api_as(publisher)
    line = lines["crisis_line"]
    before = everything_about_safety_information()

    missing = api.patch(line_url(line), {"phone": "555"}, format="json")
    stale = api.patch(line_url(line), {"phone": "555"}, format="json", **if_match("0" * 64))

    assert missing.status_code == 428
    assert stale.status_code == 412
    assert everything_about_safety_information() == before


def test_a_crisis_line_edit_changes_the_working_copy_with_its_history(api_as, publisher, lines):
    line = lines["crisis_line"]

    response = api_as(publisher).patch(
        line_url(line), {"phone": "988 (press 1)"}, format="json", **if_match()
    )

    assert response.status_code == 200
    assert response.json()["content"]["crisis_resources"][0]["phone"] == "988 (press 1)"
    assert response["ETag"] == f'"{fingerprint_safety_information()}"'
    record = CrisisResource.history.filter(id=line.pk).latest()
    assert (record.history_user, record.history_change_reason) == (publisher, EDIT_REASON)


def test_a_notice_edit_changes_the_working_copy(api_as, publisher, lines):
    response = api_as(publisher).patch(
        f"{BASE}notices/disclaimer/", {"title": "Please read"}, format="json", **if_match()
    )

    assert response.status_code == 200
    assert SiteNotice.objects.get(kind="disclaimer").title == "Please read"


@pytest.mark.parametrize(
    ("address", "body", "status", "message"),
    [
        ("notices/footer/", {"title": "x"}, 404, "No site notice of the kind “footer”."),
        ("crisis-resources/999999/", {"phone": "1"}, 404, "No crisis resource has the id 999999."),
        ("line", {"region": "XX"}, 400, "region: “XX” is not an ISO 3166-1 alpha-2 code"),
        ("line", {"id": 3}, 400, "id: A crisis resource's id never changes."),
        ("line", {"url": "not a url"}, 400, "url: Enter a valid URL."),
    ],
)
def test_bad_edits_are_refused_with_a_message(
    api_as, publisher, lines, address, body, status, message
):
    if address == "line":
        address = f"crisis-resources/{lines['crisis_line'].pk}/"
    before = everything_about_safety_information()

    response = api_as(publisher).patch(f"{BASE}{address}", body, format="json", **if_match())

    assert response.status_code == status
    assert response.json()["detail"].startswith(message)
    assert everything_about_safety_information() == before


def test_an_editor_may_not_edit_a_crisis_line(api_as, editor, lines):
    response = api_as(editor).patch(
        line_url(lines["crisis_line"]), {"phone": "555"}, format="json", **if_match()
    )

    assert response.status_code == 403
    assert "may not edit crisis resources" in response.json()["detail"]


def test_the_whole_workflow_over_the_api(api_as, client, people, lines):
    editor, reviewer, publisher = (
        api_as(people[role]) for role in ("editor", "reviewer", "publisher")
    )

    submitted = editor.post(f"{BASE}submit/", {"change_summary": "The 988 line."}, format="json")
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "in_review"
    fingerprint = submitted.json()["fingerprint"]

    approved = reviewer.post(f"{BASE}approve/", {"fingerprint": fingerprint}, format="json")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"

    published = publisher.post(f"{BASE}publish/", {}, format="json")
    assert published.status_code == 200
    assert published.json()["live_release"] == 1
    assert client.get("/api/v1/crisis-resources/").json()["crisis_resources"][0]["phone"] == "988"


@pytest.mark.parametrize(
    ("role", "step", "body", "status", "message"),
    [
        ("reviewer", "submit", {"change_summary": "x"}, 403, "You may not submit"),
        ("editor", "submit", {}, 400, "Say what changed"),
        ("editor", "approve", {"fingerprint": "x"}, 403, "Only clinical reviewers"),
        ("reviewer", "approve", {}, 409, "There is no open review"),
        ("reviewer", "request-changes", {"notes": "x"}, 409, "There is no open review"),
        ("publisher", "publish", {}, 409, "Only approved safety information"),
        ("editor", "publish", {}, 403, "You may not publish"),
        ("editor", "submit", {"summary": "x"}, 400, "summary: Unknown field"),
    ],
)
def test_a_refused_step_answers_why_and_changes_nothing(
    api_as, people, lines, role, step, body, status, message
):
    before = everything_about_safety_information()

    response = api_as(people[role]).post(f"{BASE}{step}/", body, format="json")

    assert response.status_code == status
    assert message in response.json()["detail"]
    assert everything_about_safety_information() == before


def test_a_reviewer_whose_licence_expired_may_not_approve(api_as, people, lines):
    api_as(people["editor"]).post(f"{BASE}submit/", {"change_summary": "First."}, format="json")
    people["reviewer"].person.licences.update(expires_on=datetime.date(2020, 1, 31))
    before = everything_about_safety_information()

    response = api_as(people["reviewer"]).post(
        f"{BASE}approve/", {"fingerprint": fingerprint_safety_information()}, format="json"
    )

    assert response.status_code == 403
    assert "holds no licence valid on" in response.json()["detail"]
    assert "expired on 2020-01-31" in response.json()["detail"]
    assert everything_about_safety_information() == before


def test_approving_a_version_that_changed_since_is_a_409(api_as, people, lines):
    api_as(people["editor"]).post(f"{BASE}submit/", {"change_summary": "First."}, format="json")
    read = fingerprint_safety_information()
    api_as(people["publisher"]).patch(
        line_url(lines["crisis_line"]), {"phone": "555"}, format="json", **if_match(read)
    )

    response = api_as(people["reviewer"]).post(
        f"{BASE}approve/", {"fingerprint": read}, format="json"
    )

    assert response.status_code == 409
    assert safety_status().state == "in_review"
