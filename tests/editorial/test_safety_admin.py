"""The safety information in the admin: its page, its steps, and edits that wait for sign-off."""

import pytest
from django.urls import reverse

from editorial.kinds.safety import safety_status
from editorial.models import SafetyRelease
from editorial.safety.services import allowed_safety_steps
from guidance.models import CrisisResource
from tests.admin_pages import page_data
from tests.safety import build_safety_state, everything_about_safety_information
from tests.workflow import publish_safety_information

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:editorial_safetyworkflow_changelist")
BUTTONS = {
    "submit": "Submit for review",
    "approve": "Approve this version",
    "request_changes": "Request changes</button>",
    "publish": "Publish to every guide now",
}


def step(name):
    return reverse("admin:editorial_safetyworkflow_step", args=[name])


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "published_with_edits"])
@pytest.mark.parametrize("role", ["editor", "reviewer", "publisher"])
def test_the_page_offers_exactly_the_steps_this_user_may_take(client, people, role, state):
    build_safety_state(state, people)
    status = safety_status()
    allowed = allowed_safety_steps(people[role], status)

    page = as_user(client, people[role]).get(PAGE).content.decode()

    assert status.label in page
    assert status.fingerprint in page
    for name, button in BUTTONS.items():
        assert (button in page) == (allowed[name] is None), name


def test_the_page_shows_the_live_release_and_a_word_diff_of_the_edits(client, people):
    build_safety_state("published_with_edits", people)

    page = as_user(client, people["editor"]).get(PAGE).content.decode()

    assert "Release 1" in page
    assert "What changed since release 1" in page
    assert "veterans)</ins>" in page


def test_a_refused_step_shows_why_with_its_status_and_changes_nothing(client, people):
    build_safety_state("approved", people)
    before = everything_about_safety_information()

    response = as_user(client, people["editor"]).post(step("publish"))

    assert response.status_code == 403
    assert "You may not publish the safety information" in response.content.decode()
    assert everything_about_safety_information() == before


def test_anyone_without_the_right_to_view_notices_gets_no_page(client, db):
    from tests.factories import UserFactory

    response = as_user(client, UserFactory()).get(PAGE)

    assert response.status_code in (403, 404)


def test_a_publishers_admin_edit_reaches_readers_only_after_sign_off_and_publishing(
    client, people
):
    publish_safety_information(**people)
    line = CrisisResource.objects.get()
    line_page = reverse("admin:guidance_crisisresource_change", args=[line.pk])

    # The publisher corrects the crisis line on its admin page, which says where edits go.
    publisher = as_user(client, people["publisher"])
    form_page = publisher.get(line_page)
    assert "readers get them once a clinical reviewer" in form_page.content.decode()
    data = page_data(form_page)
    data["phone"] = "988 (press 1 for veterans)"
    assert publisher.post(line_page, data).status_code == 302
    assert client.get("/api/v1/crisis-resources/").json()["crisis_resources"][0]["phone"] == "988"

    # An editor submits, a reviewer approves the version they read.
    as_user(client, people["editor"]).post(step("submit"), {"change_summary": "Veterans."})
    reviewer = as_user(client, people["reviewer"])
    fingerprint = reviewer.get(PAGE).context["review_form"].initial["fingerprint"]
    reviewer.post(step("review"), {"decision": "approve", "fingerprint": fingerprint})
    assert client.get("/api/v1/crisis-resources/").json()["crisis_resources"][0]["phone"] == "988"

    # The publisher publishes: every reader gets it now.
    response = as_user(client, people["publisher"]).post(step("publish"))
    assert response.status_code == 302
    assert SafetyRelease.objects.live().get().number == 2
    answer = client.get("/api/v1/crisis-resources/").json()
    assert answer["crisis_resources"][0]["phone"] == "988 (press 1 for veterans)"


def test_the_crisis_resource_list_links_to_the_safety_information_page(client, people):
    page = as_user(client, people["publisher"]).get(
        reverse("admin:guidance_crisisresource_changelist")
    )

    assert PAGE in page.content.decode()


def test_safety_releases_can_be_read_never_changed(client, people):
    release = publish_safety_information(**people)
    admin = as_user(client, people["editor"])

    assert admin.get(reverse("admin:editorial_safetyrelease_changelist")).status_code == 200
    page = admin.get(reverse("admin:editorial_safetyrelease_change", args=[release.pk]))
    assert page.status_code == 200
    assert b"Save" not in page.content
    assert admin.get(reverse("admin:editorial_safetyrelease_add")).status_code == 403
