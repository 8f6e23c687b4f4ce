"""Every content row keeps its history, with who changed it and why, and can be restored."""

import pytest
from django.urls import reverse

from guidance.models import Tip
from tests.admin_pages import page_data
from tests.factories import GuideFactory, TipFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_save_records_the_user_and_the_reason():
    author = UserFactory()
    tip = TipFactory.build(section=TipFactory().section, position=9)
    tip._history_user = author
    tip._change_reason = "Clarified the wording"
    tip.save()

    record = tip.history.get()
    assert record.history_type == "+"
    assert record.history_user == author
    assert record.history_change_reason == "Clarified the wording"


def test_topic_changes_are_kept_in_the_history():
    guide = GuideFactory()
    denial = TopicFactory(slug="denial")
    guide.topics.add(denial)

    latest = guide.history.latest()
    assert [row.topic_id for row in latest.topics.all()] == [denial.pk]


def tip_history_url(tip):
    return reverse("admin:guidance_tip_history", args=[tip.pk])


def test_an_editor_restores_an_earlier_version_of_a_tip(editor_client):
    tip = TipFactory(lead="Listen without judging", body="Let them finish.")
    change_url = reverse("admin:guidance_tip_change", args=[tip.pk])
    data = page_data(editor_client.get(change_url))
    data.update({"lead": "Listen", "body": "Nod.", "change_reason": "Shorter"})
    assert editor_client.post(change_url, data).status_code == 302
    original = tip.history.earliest()

    history_page = editor_client.get(tip_history_url(tip))
    assert history_page.status_code == 200
    assert "Shorter" in history_page.content.decode()

    restore_url = reverse("admin:guidance_tip_simple_history", args=[tip.pk, original.pk])
    restore_form = editor_client.get(restore_url)
    assert restore_form.status_code == 200
    response = editor_client.post(restore_url, page_data(restore_form))

    assert response.status_code == 302
    restored = Tip.objects.get(pk=tip.pk)
    assert (restored.lead, restored.body) == ("Listen without judging", "Let them finish.")
    assert restored.public_id == tip.public_id
    latest = restored.history.latest()
    assert latest.history_change_reason == f"Restored history version {original.pk}"
    assert latest.history_user.username == "edna"


def test_restoring_a_version_into_a_taken_position_is_refused_with_a_message(editor_client):
    tip = TipFactory(position=1, lead="Listen")
    original = tip.history.earliest()
    tip.position = 2
    tip.save()
    TipFactory(section=tip.section, position=1, lead="Newcomer")
    restore_url = reverse("admin:guidance_tip_simple_history", args=[tip.pk, original.pk])

    response = editor_client.post(restore_url, page_data(editor_client.get(restore_url)))

    assert response.status_code == 200
    assert "Tip with this Section and Position already exists." in response.content.decode()
    assert Tip.objects.get(pk=tip.pk).position == 2
