"""PublicVersion moves when what readers get changes, and only then."""

import pytest
from django.db import transaction

from editorial.models import PublicVersion
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
