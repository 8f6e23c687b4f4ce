"""Editing a working copy outside the admin: rights, validation, history, lost updates."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from editorial.editing import (
    EDIT_REASON,
    guide_update,
    section_update,
    tip_update,
)
from editorial.exceptions import (
    Conflict,
    InvalidInput,
    NotAllowed,
    VersionMismatch,
    VersionRequired,
)
from editorial.kinds.guide import GUIDE
from editorial.policy import edited_since_last_release
from editorial.services import guide_approve, guide_submit
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of
from guidance.models import Guide, Section, Tip
from tests.factories import SectionFactory, TopicFactory, UserFactory, build_guide
from tests.workflow import approve, everything_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    guide = build_guide(sections=2, tips_per_section=2)
    TopicFactory(slug="partners", name="Partners")
    TopicFactory(slug="self-care", name="Self-care")
    return guide


def a_tip(guide):
    return Tip.objects.filter(section__guide=guide).order_by("pk").first()


def a_section(guide, anchor="part-1"):
    return Section.objects.get(guide=guide, anchor=anchor)


def current(guide):
    """The version the edit is made on: the working copy as it is now."""
    return fingerprint_guide(guide)


def test_a_guide_edit_saves_its_fields_and_topics_with_the_user_and_a_reason(guide, editor):
    guide_update(
        guide=guide,
        user=editor,
        data={"title": "Helping a partner", "summary": "How.", "topics": ["partners"]},
        fingerprint=current(guide),
    )

    guide.refresh_from_db()
    assert (guide.title, guide.summary) == ("Helping a partner", "How.")
    assert list(guide.topics.values_list("slug", flat=True)) == ["partners"]
    record = guide.history.latest()
    assert (record.history_user, record.history_change_reason) == (editor, EDIT_REASON)
    assert edited_since_last_release(editor, GUIDE, guide)


def test_a_section_edit_saves_its_fields_with_the_user(guide, editor):
    section = section_update(
        section=a_section(guide),
        user=editor,
        data={"heading": "Start here", "body": "Read *this*.", "list_style": "numbered"},
        fingerprint=current(guide),
    )

    section.refresh_from_db()
    assert (section.heading, section.body, section.list_style) == (
        "Start here",
        "Read *this*.",
        "numbered",
    )
    assert section.history.latest().history_user == editor


def test_a_tip_edit_saves_lead_body_and_topics_and_keeps_its_public_id(guide, editor):
    tip = a_tip(guide)
    public_id = tip.public_id

    tip = tip_update(
        tip=tip,
        user=editor,
        data={"lead": "Listen", "body": "Then listen more.", "topics": ["self-care"]},
        fingerprint=current(guide),
    )

    tip.refresh_from_db()
    assert (tip.public_id, tip.lead, tip.body) == (public_id, "Listen", "Then listen more.")
    assert list(tip.topics.values_list("slug", flat=True)) == ["self-care"]
    assert {record.history_user for record in tip.history.all()[:2]} == {editor}


EDITS = [
    (
        lambda g, u, f: guide_update(guide=g, user=u, data={"title": "X"}, fingerprint=f),
        "change guides",
    ),
    (
        lambda g, u, f: section_update(
            section=a_section(g), user=u, data={"heading": "X"}, fingerprint=f
        ),
        "change sections",
    ),
    (
        lambda g, u, f: tip_update(tip=a_tip(g), user=u, data={"lead": "X"}, fingerprint=f),
        "change tips",
    ),
]


@pytest.mark.parametrize(("edit", "right"), EDITS)
def test_an_edit_needs_the_right_to_change_that_kind_of_row(guide, publisher, edit, right):
    before = everything_about(guide)

    with pytest.raises(NotAllowed, match=f"takes the right to {right}"):
        edit(guide, publisher, current(guide))

    assert everything_about(guide) == before


@pytest.mark.parametrize(("edit", "right"), EDITS)
@pytest.mark.parametrize("fingerprint", [None, ""])
def test_an_edit_naming_no_version_is_refused_and_writes_nothing(
    guide, editor, edit, right, fingerprint
):
    before = everything_about(guide)
    records = (Guide.history.count(), Section.history.count(), Tip.history.count())

    with pytest.raises(VersionRequired) as refusal:
        edit(guide, editor, fingerprint)

    assert refusal.value.status_code == 428
    assert refusal.value.message == (
        'Say which version you edited: send its fingerprint (If-Match: "<fingerprint>", '
        "the ETag of GET /api/v1/editorial/guides/{slug}/), so no one's work is overwritten."
    )
    assert everything_about(guide) == before
    assert (Guide.history.count(), Section.history.count(), Tip.history.count()) == records


@pytest.mark.parametrize(("edit", "right"), EDITS)
def test_a_user_without_the_right_hears_that_before_the_missing_version(
    guide, publisher, edit, right
):
    with pytest.raises(NotAllowed, match=f"takes the right to {right}"):
        edit(guide, publisher, None)


def test_the_version_must_be_passed_explicitly(guide, editor):
    with pytest.raises(TypeError, match="fingerprint"):
        guide_update(guide=guide, user=editor, data={"title": "X"})


def test_a_guide_slug_never_changes(guide, editor):
    with pytest.raises(InvalidInput, match="A guide's slug never changes"):
        guide_update(
            guide=guide, user=editor, data={"slug": "elsewhere"}, fingerprint=current(guide)
        )

    assert Guide.objects.filter(slug=guide.slug).exists()


def test_fields_that_cannot_be_edited_are_named(guide, editor):
    with pytest.raises(InvalidInput, match="cannot be edited here: parent, position"):
        section_update(
            section=a_section(guide),
            user=editor,
            data={"position": 9, "parent": 1},
            fingerprint=current(guide),
        )


def test_invalid_values_are_refused_with_the_models_messages(guide, editor):
    before = everything_about(guide)

    with pytest.raises(InvalidInput) as refusal:
        section_update(
            section=a_section(guide),
            user=editor,
            data={"heading": "", "list_style": "zigzag"},
            fingerprint=current(guide),
        )

    assert "heading: This field cannot be blank." in refusal.value.message
    assert "list_style: Value 'zigzag' is not a valid choice." in refusal.value.message
    assert everything_about(guide) == before


def test_an_anchor_is_unique_in_its_guide(guide, editor):
    with pytest.raises(Conflict, match="already has the anchor “part-2”"):
        section_update(
            section=a_section(guide),
            user=editor,
            data={"anchor": "part-2"},
            fingerprint=current(guide),
        )

    other = build_guide(sections=1, tips_per_section=0, slug="other")
    section_update(
        section=a_section(other),
        user=editor,
        data={"anchor": "part-2"},
        fingerprint=current(other),
    )
    assert a_section(other, "part-2")


def test_unknown_topics_are_named_and_nothing_changes(guide, editor):
    before = everything_about(guide)

    with pytest.raises(InvalidInput, match="No topic has the slug nope, zz"):
        tip_update(
            tip=a_tip(guide),
            user=editor,
            data={"topics": ["partners", "zz", "nope"]},
            fingerprint=current(guide),
        )

    assert everything_about(guide) == before


def test_an_edit_made_on_an_older_version_is_refused(guide, editor):
    read = fingerprint_guide(guide)
    tip_update(
        tip=a_tip(guide), user=editor, data={"body": "Someone else's edit."}, fingerprint=read
    )
    before = everything_about(guide)

    with pytest.raises(VersionMismatch, match="changed after you opened it") as refusal:
        section_update(
            section=a_section(guide), user=editor, data={"heading": "Mine"}, fingerprint=read
        )

    assert refusal.value.status_code == 412
    assert everything_about(guide) == before


def test_an_edit_made_on_the_current_version_is_saved(guide, editor):
    guide_update(guide=guide, user=editor, data={"title": "Current"}, fingerprint=current(guide))

    guide.refresh_from_db()
    assert guide.title == "Current"


def test_an_edit_that_changes_nothing_writes_nothing(guide, editor):
    tip = a_tip(guide)
    tip.topics.set([TopicFactory(slug="calm")])
    records = tip.history.count()

    tip_update(
        tip=tip,
        user=editor,
        data={"lead": tip.lead, "topics": ["calm"]},
        fingerprint=current(guide),
    )

    assert tip.history.count() == records
    assert not edited_since_last_release(editor, GUIDE, guide)


def test_an_edit_after_approval_voids_it(guide, editor, reviewer):
    approve(guide, editor=editor, reviewer=reviewer)

    tip_update(
        tip=a_tip(guide), user=editor, data={"body": "A late change."}, fingerprint=current(guide)
    )

    assert status_of(guide).needs_review_again


def test_a_reviewer_who_edits_here_may_not_approve(guide, editor, reviewer):
    reviewer.user_permissions.add(*Permission.objects.filter(codename="change_section"))
    reviewer = get_user_model().objects.get(pk=reviewer.pk)  # permissions are cached per instance
    guide_submit(guide=guide, user=editor, change_summary="First version.")

    section_update(
        section=a_section(guide),
        user=reviewer,
        data={"body": "My wording."},
        fingerprint=current(guide),
    )

    with pytest.raises(NotAllowed, match="You edited this guide"):
        guide_approve(guide=guide, user=reviewer, fingerprint=fingerprint_guide(guide))


def test_a_subsection_edit_is_validated_with_its_parent(guide, editor):
    subsection = SectionFactory(guide=guide, parent=a_section(guide), position=1, anchor="sub")

    section = section_update(
        section=subsection, user=editor, data={"heading": "Deeper"}, fingerprint=current(guide)
    )

    assert (section.parent_id, section.heading) == (a_section(guide).pk, "Deeper")


def test_a_user_without_any_right_is_refused_first(guide):
    nobody = UserFactory()
    with pytest.raises(NotAllowed):
        guide_update(guide=guide, user=nobody, data={"slug": "refused-anyway"}, fingerprint=None)
