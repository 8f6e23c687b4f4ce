import pytest
from django.core.exceptions import ValidationError

from guidance.models import Guide, Section, Tip
from tests.factories import GuideFactory, PersonFactory, SectionFactory, TipFactory

pytestmark = pytest.mark.django_db


def test_a_subsection_must_belong_to_the_same_guide_as_its_parent():
    parent = SectionFactory()
    stray = SectionFactory.build(parent=parent, guide=SectionFactory().guide, position=1)
    with pytest.raises(ValidationError, match="same guide"):
        stray.full_clean()


def test_subsections_go_one_level_deep():
    top = SectionFactory()
    sub = SectionFactory(guide=top.guide, parent=top)
    deeper = SectionFactory.build(guide=top.guide, parent=sub, position=1)
    with pytest.raises(ValidationError, match="one level deep"):
        deeper.full_clean()


def test_a_section_with_subsections_cannot_become_a_subsection():
    top = SectionFactory()
    SectionFactory(guide=top.guide, parent=top)
    other = SectionFactory(guide=top.guide)
    top.parent = other
    with pytest.raises(ValidationError, match="must stay top-level"):
        top.full_clean()


def test_a_clinical_reviewer_without_a_credential_fails_validation_with_a_message():
    person = PersonFactory.build(is_clinical_reviewer=True, clinical_credential="")
    with pytest.raises(ValidationError, match="must hold a clinical credential"):
        person.full_clean()


def test_a_tip_keeps_its_public_id_through_edits_and_moves():
    tip = TipFactory()
    public_id = tip.public_id
    tip.lead = "A better lead"
    tip.section = SectionFactory(guide=tip.section.guide)
    tip.save()
    assert Tip.objects.get(pk=tip.pk).public_id == public_id


def test_sections_list_in_outline_order():
    first = SectionFactory(position=1, heading="One")
    guide = first.guide
    second = SectionFactory(guide=guide, position=2, heading="Two")
    SectionFactory(guide=guide, parent=first, position=2, heading="One b")
    SectionFactory(guide=guide, parent=first, position=1, heading="One a")
    SectionFactory(guide=guide, parent=second, position=1, heading="Two a")
    headings = [s.heading for s in Section.objects.filter(guide=guide).in_outline_order()]
    assert headings == ["One", "One a", "One b", "Two", "Two a"]


def test_a_guides_slug_never_changes_whatever_saves_it():
    guide = GuideFactory(slug="helping-a-partner")
    guide.slug = "elsewhere"

    with pytest.raises(ValidationError, match="slug never changes"):
        guide.full_clean()
    with pytest.raises(ValidationError, match="slug never changes"):
        guide.save()

    assert Guide.objects.get(pk=guide.pk).slug == "helping-a-partner"


def test_a_new_guide_takes_any_slug_and_keeps_saving():
    guide = GuideFactory.build(slug="first")
    guide.save()
    guide.title = "Renamed"
    guide.save()

    assert Guide.objects.get(pk=guide.pk).title == "Renamed"
