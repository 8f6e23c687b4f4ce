"""Every content row keeps its history, with who changed it and why, and can be restored."""

import pytest
from django.urls import reverse

from guidance.models import Section, Tip
from tests.admin_pages import edit_row, page_data
from tests.factories import (
    ContributorFactory,
    CrisisResourceFactory,
    GuideFactory,
    PersonFactory,
    SectionFactory,
    SiteNoticeFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


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


EDITS = {
    "guide": (GuideFactory, "title", "A new title"),
    "section": (SectionFactory, "heading", "A new heading"),
    "tip": (TipFactory, "lead", "A new lead"),
    "person": (PersonFactory, "name", "A new name"),
    "topic": (TopicFactory, "name", "A new name"),
    "contributor": (ContributorFactory, "position", 7),
    "source": (SourceFactory, "citation", "A new citation"),
    "sitenotice": (SiteNoticeFactory, "title", "A new title"),
    "crisisresource": (CrisisResourceFactory, "name", "A new name"),
}


@pytest.mark.parametrize("model_name", EDITS)
def test_every_content_admin_restores_an_earlier_version(admin_client, model_name):
    factory, field, new_value = EDITS[model_name]
    obj = factory()
    old_value = getattr(obj, field)
    setattr(obj, field, new_value)
    obj.save()
    first = obj.history.earliest()
    url = reverse(f"admin:guidance_{model_name}_simple_history", args=[obj.pk, first.pk])

    response = admin_client.post(url, page_data(admin_client.get(url)))

    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == old_value


def test_restoring_a_tip_brings_back_its_topics(editor_client):
    denial, stigma = TopicFactory(slug="denial"), TopicFactory(slug="stigma")
    tip = TipFactory()
    tip.topics.set([denial])
    tagged = tip.history.latest()
    tip.topics.set([stigma])
    url = reverse("admin:guidance_tip_simple_history", args=[tip.pk, tagged.pk])

    response = editor_client.post(url, page_data(editor_client.get(url)))

    assert response.status_code == 302
    assert list(tip.topics.all()) == [denial]


def test_rows_deleted_with_their_section_record_why(editor_client):
    guide = GuideFactory()
    doomed = SectionFactory(guide=guide, position=1, heading="Old part")
    TipFactory(section=doomed, lead="Goes too")
    SectionFactory(guide=guide, parent=doomed, position=1, heading="Old sub")
    url = reverse("admin:guidance_guide_change", args=[guide.pk])
    data = page_data(editor_client.get(url))
    edit_row(data, "sections", "heading", "Old part", DELETE="on")
    data["change_reason"] = "Dropped the old part"

    assert editor_client.post(url, data).status_code == 302
    assert not Section.objects.filter(guide=guide).exists()
    deletions = [
        *Tip.history.filter(lead="Goes too", history_type="-"),
        *Section.history.filter(guide_id=guide.pk, history_type="-"),
    ]
    assert len(deletions) == 3
    assert {(r.history_change_reason, r.history_user.username) for r in deletions} == {
        ("Dropped the old part", "edna")
    }


def test_deleting_from_the_list_page_records_why(admin_client):
    tip = TipFactory(lead="Old")
    response = admin_client.post(
        reverse("admin:guidance_tip_changelist"),
        {"action": "delete_selected", "_selected_action": [tip.pk], "post": "yes"},
    )
    assert response.status_code == 302
    deletion = Tip.history.get(lead="Old", history_type="-")
    assert deletion.history_change_reason == "Deleted in the admin"
    assert deletion.history_user.username == "admin"
