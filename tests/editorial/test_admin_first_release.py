"""A guide's first release is summed up as one, on the admin's pages as in the API."""

import pytest
from django.urls import reverse

from tests.workflow import build_state, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]


def changes_page(client, user, guide):
    client.force_login(user)
    url = reverse("admin:guidance_guide_workflow", args=[guide.pk, "changes"])
    return client.get(url).content.decode()


def test_before_the_first_release_the_page_says_first_release_not_every_field_changed(
    client, people
):
    guide = build_state("draft", people)

    page = changes_page(client, people["editor"], guide)

    assert "First release: 2 sections, 4 tips. Nothing is live yet" in page
    assert "address (slug) changed" not in page
    assert "title changed" not in page


def test_after_the_first_release_the_page_lists_what_changed(client, people):
    guide = build_state("draft", people)
    publish(guide, **people)
    guide.title = "A new title"
    guide.save()

    page = changes_page(client, people["editor"], guide)

    assert "Changes since the live release: title changed." in page
    assert "First release" not in page
