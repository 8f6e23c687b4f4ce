"""The workflow through the admin: the guide's panel, the step pages, the review lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import GuideState, Release, Review, ReviewState, Workflow
from editorial.selectors import update_history
from editorial.status import status_of
from guidance.models import Tip
from tests.admin_pages import edit_row, page_data
from tests.workflow import (
    ALLOWED_FROM,
    RESULTING_STATE,
    ROLES_WITH_RIGHT,
    STATES,
    build_state,
    everything_about,
)

# Guides are published here: the safety information they carry is live first.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]


def change_page(guide):
    return reverse("admin:guidance_guide_change", args=[guide.pk])


def step_page(guide, step):
    return reverse("admin:guidance_guide_workflow", args=[guide.pk, step])


def as_user(client, user):
    client.force_login(user)
    return client


BUTTONS = {
    "submit": "Submit for review",
    "review": "Review and decide",
    "publish": ">Publish</a>",
    "withdraw": ">Withdraw</a>",
}
ROLES = ["editor", "reviewer", "publisher"]


def may(role, transition, state):
    return role in ROLES_WITH_RIGHT[transition] and state in ALLOWED_FROM[transition]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_guide_page_offers_only_the_steps_this_user_may_take(client, people, state, role):
    guide = build_state(state, people)
    response = as_user(client, people[role]).get(change_page(guide))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Editorial workflow" in page
    assert status_of(guide).label in page
    offered = {
        "submit": may(role, "submit", state),
        "review": may(role, "approve", state) or may(role, "request_changes", state),
        "publish": may(role, "publish", state),
        "withdraw": may(role, "withdraw", state),
    }
    for button, text in BUTTONS.items():
        assert (text in page) == offered[button], button


STEP_POSTS = {
    "submit": ("submit", {"change_summary": "Edits."}),
    "approve": ("review", {"decision": "approve", "notes": "Fine."}),
    "request_changes": ("review", {"decision": "request_changes", "notes": "Rework."}),
    "publish": ("publish", {}),
    "withdraw": ("withdraw", {"reason": "Unsafe."}),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("transition", STEP_POSTS)
def test_each_step_through_the_admin_for_each_role_and_state(
    client, people, transition, role, state
):
    guide = build_state(state, people)
    before = everything_about(guide)
    page, data = STEP_POSTS[transition]
    if page == "review":
        data = {**data, "fingerprint": before["fingerprint"]}
    response = as_user(client, people[role]).post(step_page(guide, page), data)
    if may(role, transition, state):
        assert response.status_code == 302
        assert Workflow.objects.get(guide=guide).state == RESULTING_STATE[transition]
    else:
        expected = 403 if role not in ROLES_WITH_RIGHT[transition] else 409
        assert response.status_code == expected
        assert [str(message) for message in response.context["messages"]]
        assert everything_about(guide) == before


def test_the_guide_page_says_when_an_approval_was_voided_by_an_edit(client, people):
    guide = build_state("needs_review_again", people)
    page = as_user(client, people["publisher"]).get(change_page(guide)).content.decode()
    assert "Needs review again" in page
    assert "it needs review again before it can be published" in page


def test_an_editor_submits_through_the_admin(client, people):
    guide = build_state("draft", people)
    client = as_user(client, people["editor"])
    assert client.get(step_page(guide, "submit")).status_code == 200
    response = client.post(step_page(guide, "submit"), {"change_summary": "First version."})
    assert response.status_code == 302
    assert Review.objects.get(guide=guide).change_summary == "First version."
    assert Workflow.objects.get(guide=guide).state == GuideState.IN_REVIEW


@pytest.mark.parametrize(
    ("state", "role", "step", "data", "status_code"),
    [
        ("draft", "reviewer", "submit", {"change_summary": "Mine."}, 403),
        ("draft", "editor", "submit", {"change_summary": ""}, 400),
        ("in_review", "editor", "submit", {"change_summary": "Again."}, 409),
        ("in_review", "editor", "review", {"decision": "approve"}, 403),
        ("approved", "editor", "publish", {}, 403),
        ("needs_review_again", "publisher", "publish", {}, 409),
        ("draft", "publisher", "publish", {}, 409),
        ("published", "editor", "withdraw", {"reason": "Unsafe."}, 403),
        ("published", "publisher", "withdraw", {"reason": ""}, 400),
        ("draft", "publisher", "withdraw", {"reason": "Unsafe."}, 409),
    ],
)
def test_a_refused_step_in_the_admin_shows_why_and_changes_nothing(
    client, people, state, role, step, data, status_code
):
    guide = build_state(state, people)
    before = everything_about(guide)
    if step == "review":
        data = {**data, "fingerprint": before["fingerprint"]}
    response = as_user(client, people[role]).post(step_page(guide, step), data)
    assert response.status_code == status_code
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    assert all(messages)
    assert everything_about(guide) == before


def test_the_reviewer_sees_the_diff_and_approves_the_version_they_read(client, people):
    guide = build_state("published", people)
    Tip.objects.filter(lead="Tip 1.1").update(body="Say it gently and kindly.")
    client = as_user(client, people["editor"])
    client.post(step_page(guide, "submit"), {"change_summary": "Gentler wording."})

    client = as_user(client, people["reviewer"])
    page = client.get(step_page(guide, "review"))
    assert page.status_code == 200
    assert "<ins>" in page.content.decode()
    assert "gently" in page.content.decode()
    fingerprint = page.context["form"].initial["fingerprint"]
    response = client.post(
        step_page(guide, "review"),
        {"decision": "approve", "notes": "Good.", "fingerprint": fingerprint},
    )
    assert response.status_code == 302
    review = Review.objects.get(guide=guide, state=ReviewState.APPROVED, release__isnull=True)
    assert review.fingerprint == fingerprint


def test_a_decision_on_a_version_the_reviewer_did_not_see_is_refused(client, people):
    guide = build_state("in_review", people)
    client = as_user(client, people["reviewer"])
    fingerprint = client.get(step_page(guide, "review")).context["form"].initial["fingerprint"]
    Tip.objects.filter(section__guide=guide).update(body="Edited while the reviewer read.")
    response = client.post(
        step_page(guide, "review"), {"decision": "approve", "fingerprint": fingerprint}
    )
    assert response.status_code == 409
    assert Workflow.objects.get(guide=guide).state == GuideState.IN_REVIEW


def test_a_reviewer_requests_changes_with_notes(client, people):
    guide = build_state("in_review", people)
    client = as_user(client, people["reviewer"])
    fingerprint = status_of(guide).fingerprint
    response = client.post(
        step_page(guide, "review"),
        {"decision": "request_changes", "notes": "Soften tip 2.", "fingerprint": fingerprint},
    )
    assert response.status_code == 302
    page = as_user(client, people["editor"]).get(change_page(guide)).content.decode()
    assert "Soften tip 2." in page
    assert "Changes requested" in page


def test_a_publisher_schedules_a_release(client, people):
    guide = build_state("approved", people)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    response = as_user(client, people["publisher"]).post(
        step_page(guide, "publish"),
        {"go_live_at_0": go_live.strftime("%Y-%m-%d"), "go_live_at_1": go_live.strftime("%H:%M")},
    )
    assert response.status_code == 302
    release = Release.objects.get(guide=guide)
    assert release.is_scheduled()
    assert not Release.objects.live().filter(guide=guide).exists()


def test_a_reviewer_withdraws_through_the_admin(client, people):
    guide = build_state("published", people)
    response = as_user(client, people["reviewer"]).post(
        step_page(guide, "withdraw"), {"reason": "Outdated crisis advice."}
    )
    assert response.status_code == 302
    assert not Release.objects.live().filter(guide=guide).exists()
    assert Release.objects.get(guide=guide).withdrawal_reason == "Outdated crisis advice."


def test_the_whole_story_of_an_update_as_its_users_would_live_it(client, people):
    guide = build_state("published", people)
    entries_before = len(update_history(guide))
    section = guide.sections.get(anchor="part-1")
    section_page = reverse("admin:guidance_section_change", args=[section.pk])

    # The editor edits a tip on the section's page, then submits.
    editor = as_user(client, people["editor"])
    data = page_data(editor.get(section_page))
    edit_row(data, "tips", "lead", "Tip 1.1", body="Ask, then listen.")
    assert editor.post(section_page, data).status_code == 302
    editor.post(step_page(guide, "submit"), {"change_summary": "Clearer first tip."})

    # The reviewer sees the change and approves.
    reviewer = as_user(client, people["reviewer"])
    review_page = reviewer.get(step_page(guide, "review"))
    assert "listen" in review_page.content.decode()
    fingerprint = review_page.context["form"].initial["fingerprint"]
    reviewer.post(step_page(guide, "review"), {"decision": "approve", "fingerprint": fingerprint})

    # The editor edits again: the approval no longer holds and publishing is refused.
    editor = as_user(client, people["editor"])
    data = page_data(editor.get(section_page))
    edit_row(data, "tips", "lead", "Tip 1.2", body="A late edit.")
    editor.post(section_page, data)
    publisher = as_user(client, people["publisher"])
    assert "Needs review again" in publisher.get(change_page(guide)).content.decode()
    refused = publisher.post(step_page(guide, "publish"), {})
    assert refused.status_code == 409
    assert "needs review again" in refused.content.decode()

    # Re-submitted, approved again and published: the update history gains an entry.
    as_user(client, people["editor"]).post(
        step_page(guide, "submit"), {"change_summary": "Clearer first two tips."}
    )
    reviewer = as_user(client, people["reviewer"])
    fingerprint = reviewer.get(step_page(guide, "review")).context["form"].initial["fingerprint"]
    reviewer.post(step_page(guide, "review"), {"decision": "approve", "fingerprint": fingerprint})
    assert (
        as_user(client, people["publisher"]).post(step_page(guide, "publish"), {}).status_code
        == 302
    )

    history = update_history(guide)
    assert len(history) == entries_before + 1
    assert history[0]["summary"] == "Clearer first two tips."
    live = Release.objects.live().get(guide=guide)
    tips = live.snapshot["sections"][0]["tips"]
    assert [tip["body"] for tip in tips[:2]] == ["Ask, then listen.", "A late edit."]


def test_the_review_queue_lists_open_reviews_oldest_first(client, people):
    older = build_state("in_review", people)
    newer = build_state("in_review", people)
    Review.objects.filter(guide=older).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    build_state("approved", people)
    response = as_user(client, people["reviewer"]).get(
        reverse("admin:editorial_reviewqueueentry_changelist")
    )
    assert response.status_code == 200
    listed = [review.guide for review in response.context["cl"].result_list]
    assert listed == [older, newer]
    assert "3 days" in response.content.decode()


def test_guides_due_for_review_are_listed(client, people, settings):
    guide = build_state("published", people)
    build_state("published", people)
    release = Release.objects.get(guide=guide)
    url = reverse("admin:editorial_guidedueforreview_changelist")
    client = as_user(client, people["reviewer"])
    assert list(client.get(url).context["cl"].result_list) == []
    settings.GUIDANCE_REVIEW_INTERVAL_MONTHS = 0  # everything signed off today is due today
    other_guide = build_state("published", people)
    listed = [r.guide for r in client.get(url).context["cl"].result_list]
    assert listed == [other_guide]
    assert release.guide not in listed


@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_release_pages_are_read_only_for_everyone(client, people, role):
    guide = build_state("published", people)
    release = Release.objects.get(guide=guide)
    client = as_user(client, people[role])
    page = reverse("admin:editorial_release_change", args=[release.pk])
    assert client.get(page).status_code == 200
    assert client.post(page, {"change_summary": "Rewritten"}).status_code == 403
    assert client.get(reverse("admin:editorial_release_add")).status_code == 403
    delete = reverse("admin:editorial_release_delete", args=[release.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Release.objects.get(pk=release.pk).change_summary == release.change_summary


def test_workflow_steps_appear_in_the_guides_history(client, people):
    guide = build_state("published", people)
    page = as_user(client, people["editor"]).get(
        reverse("admin:guidance_guide_history", args=[guide.pk])
    )
    text = page.content.decode()
    for step in ("Submitted for review", "Approved", "Published"):
        assert step in text
    assert "Release 1" in text


def test_an_unknown_step_is_a_404(client, people):
    guide = build_state("draft", people)
    assert as_user(client, people["editor"]).get(step_page(guide, "delete")).status_code == 404


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("publish", {"go_live_at_0": "not a date", "go_live_at_1": "25:99"}),
        ("review", {"decision": "approve"}),  # without the version read
        ("review", {"decision": "shrug", "fingerprint": "x" * 64}),
        ("submit", {"change_summary": "x" * 2001}),
    ],
)
def test_malformed_step_input_is_a_400_with_a_message_and_changes_nothing(
    client, people, step, data
):
    state = {"publish": "approved", "review": "in_review", "submit": "draft"}[step]
    role = {"publish": "publisher", "review": "reviewer", "submit": "editor"}[step]
    guide = build_state(state, people)
    before = everything_about(guide)
    response = as_user(client, people[role]).post(step_page(guide, step), data)
    assert response.status_code == 400
    form = response.context["form"]
    messages = [str(m) for m in response.context["messages"]]
    assert form.errors or messages
    assert everything_about(guide) == before


def test_the_history_of_a_guide_that_does_not_exist_is_a_404(client, people):
    client = as_user(client, people["editor"])
    assert client.get("/admin/guidance/guide/abc/history/").status_code == 404
    assert client.get("/admin/guidance/guide/999999/history/").status_code == 404


def test_after_a_withdrawal_the_reviewer_reads_the_fix_against_the_withdrawn_release(
    client, people
):
    guide = build_state("withdrawn", people)
    Tip.objects.filter(lead="Tip 1.1").update(body="Corrected advice.")
    as_user(client, people["editor"]).post(
        step_page(guide, "submit"), {"change_summary": "Corrected the advice."}
    )
    page = as_user(client, people["reviewer"]).get(step_page(guide, "review"))
    text = page.content.decode()
    assert "What changed since release 1 (withdrawn)" in text
    assert "Changes since release 1 (withdrawn): 1 tip changed." in text
    assert "First release" not in text


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_step_page_answers_only_get_and_post(client, people, method):
    guide = build_state("published", people)
    before = everything_about(guide)
    response = getattr(as_user(client, people["publisher"]), method)(step_page(guide, "withdraw"))
    assert response.status_code == 405
    assert everything_about(guide) == before
