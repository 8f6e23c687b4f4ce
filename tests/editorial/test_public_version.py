"""PublicVersion moves when what readers get changes, and only then."""

import pytest
from django.db import transaction
from django.urls import reverse

from editorial.exceptions import NotAllowed
from editorial.models import PublicVersion
from editorial.people import person_save, topic_save
from guidance.models import Person, Topic
from tests.admin_pages import page_data
from tests.factories import CrisisResourceFactory, PersonFactory, SiteNoticeFactory, TopicFactory
from tests.workflow import publish_safety_information

pytestmark = pytest.mark.django_db


def test_saving_or_deleting_a_topic_or_person_moves_nothing():
    # Readers get people and topics as the live releases carrying them have them.
    for factory in (TopicFactory, PersonFactory):
        before = PublicVersion.current()
        row = factory()
        row.name = "Edited"
        row.save()
        row.delete()
        assert PublicVersion.current() == before, factory


def test_the_save_services_move_nothing_and_keep_who_saved(editor):
    before = PublicVersion.current()
    topic = topic_save(topic=Topic(slug="grief", name="Grief"), user=editor, reason="New")
    topic.name = "Grief and loss"
    topic_save(topic=topic, user=editor, reason="Renamed")
    person_save(person=Person(slug="ana", name="Ana"), user=editor, reason="New")

    assert PublicVersion.current() == before
    assert topic.history.first().history_user == editor


def test_a_save_that_is_refused_moves_nothing(editor):
    before = PublicVersion.current()
    with pytest.raises(NotAllowed):
        person_save(
            person=PersonFactory.build(clinical_credential="LPC", is_clinical_reviewer=True),
            user=editor,
            reason="Promotion",
        )
    assert PublicVersion.current() == before
    assert not Person.objects.exists()


def test_editing_a_safety_row_does_not_move_it_publishing_does(people):
    before = PublicVersion.current()
    SiteNoticeFactory()
    CrisisResourceFactory(region="US")
    assert PublicVersion.current() == before

    publish_safety_information(**people)

    assert PublicVersion.current() == before + 1


def test_a_change_that_rolls_back_moves_nothing(people):
    before = PublicVersion.current()

    def publish_then_fail():
        with transaction.atomic():
            publish_safety_information(**people)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert PublicVersion.current() == before


def test_the_admin_moves_nothing_on_saving_and_deleting_a_topic_or_person(admin_client):
    topic, person = TopicFactory(name="Grief"), PersonFactory(name="Ana")
    before = PublicVersion.current()

    for row in (topic, person):
        url = reverse(f"admin:guidance_{row._meta.model_name}_change", args=[row.pk])
        data = page_data(admin_client.get(url))
        data["name"] = f"{row.name} (renamed)"
        assert admin_client.post(url, data).status_code == 302
    assert PublicVersion.current() == before

    for row in (topic, person):
        url = reverse(f"admin:guidance_{row._meta.model_name}_delete", args=[row.pk])
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert PublicVersion.current() == before
    assert not Topic.objects.exists()
