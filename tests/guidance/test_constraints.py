"""What the database itself refuses, whatever code path tries it."""

import pytest
from django.db import IntegrityError, transaction

from guidance.models import ClinicalCredential, Person
from tests.factories import (
    ContributorFactory,
    GuideFactory,
    PersonFactory,
    SectionFactory,
    SourceFactory,
    TipFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_guide_slugs_are_unique():
    GuideFactory(slug="helping")
    refused(lambda: GuideFactory(slug="helping"))


def test_topic_slugs_are_unique():
    TopicFactory(slug="denial")
    refused(lambda: TopicFactory(slug="denial"))


def test_an_anchor_is_unique_within_its_guide():
    section = SectionFactory(anchor="timing")
    refused(lambda: SectionFactory(guide=section.guide, anchor="timing"))


def test_the_same_anchor_may_appear_in_another_guide():
    SectionFactory(anchor="timing")
    SectionFactory(anchor="timing")


def test_two_top_level_sections_cannot_share_a_position():
    section = SectionFactory(position=1)
    refused(lambda: SectionFactory(guide=section.guide, position=1))


def test_two_subsections_of_one_parent_cannot_share_a_position():
    parent = SectionFactory()
    SectionFactory(guide=parent.guide, parent=parent, position=1)
    refused(lambda: SectionFactory(guide=parent.guide, parent=parent, position=1))


def test_a_subsection_may_share_a_position_with_a_top_level_section():
    parent = SectionFactory(position=1)
    SectionFactory(guide=parent.guide, parent=parent, position=1)


def test_two_tips_of_one_section_cannot_share_a_position():
    tip = TipFactory(position=3)
    refused(lambda: TipFactory(section=tip.section, position=3))


def test_positions_start_at_one():
    refused(lambda: TipFactory(position=0))


def test_tip_public_ids_are_unique():
    tip = TipFactory()
    refused(lambda: TipFactory(public_id=tip.public_id))


def test_contributor_and_source_positions_are_unique_within_a_guide():
    contributor = ContributorFactory(position=1)
    refused(lambda: ContributorFactory(guide=contributor.guide, position=1))
    source = SourceFactory(position=1)
    refused(lambda: SourceFactory(guide=source.guide, position=1))


def test_a_person_holds_one_role_once_per_guide():
    contributor = ContributorFactory()
    refused(
        lambda: ContributorFactory(
            guide=contributor.guide, person=contributor.person, role=contributor.role
        )
    )


def test_a_clinical_reviewer_must_hold_a_clinical_credential():
    refused(lambda: PersonFactory(is_clinical_reviewer=True, clinical_credential=""))


def test_a_clinical_credential_must_be_a_known_licence():
    refused(lambda: PersonFactory(clinical_credential="Life coach"))


def test_a_licensed_person_may_be_a_clinical_reviewer():
    person = PersonFactory(is_clinical_reviewer=True, clinical_credential=ClinicalCredential.LCSW)
    assert Person.objects.get(pk=person.pk).is_clinical_reviewer


def test_removing_the_credential_of_a_clinical_reviewer_is_refused():
    person = PersonFactory(is_clinical_reviewer=True, clinical_credential=ClinicalCredential.LPC)
    person.clinical_credential = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()
