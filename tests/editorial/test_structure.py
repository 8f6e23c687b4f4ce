"""Creating, moving and deleting a guide's rows through the services (editorial.structure)."""

import pytest

from editorial import structure
from editorial.exceptions import (
    Conflict,
    InvalidInput,
    NotAllowed,
    VersionMismatch,
    VersionRequired,
)
from editorial.snapshot import fingerprint_guide
from guidance.models import Contributor, ContributorRole, Guide, Section, Source, Tip
from tests.api.editorial.content import editorial_guide, part, topic
from tests.factories import PersonFactory, SectionFactory
from tests.workflow import everything_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    """Part 1 (with the subsection In depth), Part 2; two tips each; a credit and a source."""
    return editorial_guide(title="Helping a partner", slug="helping-a-partner")


def outline(guide):
    return [
        (s.parent.anchor if s.parent else None, s.position, s.anchor)
        for s in Section.objects.filter(guide=guide).select_related("parent").in_outline_order()
    ]


def leads(section):
    return list(section.tips.order_by("position").values_list("lead", flat=True))


def version(guide):
    return fingerprint_guide(guide)


# Guides


def test_a_new_guide_is_created_with_its_history_under_the_user(editor):
    topic("partners")

    guide = structure.guide_create(
        user=editor,
        data={"slug": "first-steps", "title": "First steps", "topics": ["partners"]},
    )

    assert (guide.slug, guide.title, list(guide.topics.values_list("slug", flat=True))) == (
        "first-steps",
        "First steps",
        ["partners"],
    )
    records = Guide.history.filter(id=guide.pk)
    assert {(r.history_user, r.history_change_reason) for r in records} == {
        (editor, "Added through the editorial API")
    }


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"slug": "helping-a-partner", "title": "Again"}, Conflict, "slug: A guide with the slug"),
        ({"slug": "no-title", "title": ""}, InvalidInput, "title: This field cannot be blank"),
        ({"slug": "Not a slug", "title": "T"}, InvalidInput, "slug: Enter a valid “slug”"),
        ({"slug": "s", "title": "T", "topics": ["nope"]}, InvalidInput, "No topic has the slug"),
        ({"slug": "s", "title": "T", "state": "x"}, InvalidInput, "cannot be set here: state"),
    ],
)
def test_a_guide_that_cannot_be_created_is_refused_with_why(editor, guide, data, error, message):
    with pytest.raises(error, match=message):
        structure.guide_create(user=editor, data=data)
    assert list(Guide.objects.values_list("slug", flat=True)) == ["helping-a-partner"]


def test_only_holders_of_the_right_to_add_guides_create_them(reviewer):
    with pytest.raises(NotAllowed, match="may not add guides"):
        structure.guide_create(user=reviewer, data={"slug": "mine", "title": "Mine"})
    assert not Guide.objects.exists()


# Sections


def test_a_section_is_added_after_the_last_and_a_subsection_under_its_parent(editor, guide):
    structure.section_create(
        guide=guide, user=editor, data={"heading": "When to wait"}, fingerprint=version(guide)
    )
    structure.section_create(
        guide=guide,
        user=editor,
        data={"heading": "Words", "parent": part(guide, 2).pk},
        fingerprint=version(guide),
    )

    assert outline(guide) == [
        (None, 1, "part-1"),
        ("part-1", 1, "in-depth"),
        (None, 2, "part-2"),
        ("part-2", 1, "words"),
        (None, 3, "when-to-wait"),
    ]


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({"heading": "Mine", "anchor": "in-depth"}, Conflict, "anchors are unique in a guide"),
        ({"heading": "Deep", "parent": "in-depth"}, InvalidInput, "one level deep"),
        ({"heading": "Lost", "parent": 0}, InvalidInput, "parent: No section of this guide"),
        ({"heading": ""}, InvalidInput, "heading: This field cannot be blank"),
        ({"heading": "Mine", "list_style": "starred"}, InvalidInput, "list_style"),
    ],
)
def test_a_section_that_does_not_fit_is_refused_and_nothing_changes(
    editor, guide, data, error, message
):
    if data.get("parent") == "in-depth":
        data["parent"] = guide.sections.get(anchor="in-depth").pk
    before = everything_about(guide)

    with pytest.raises(error, match=message):
        structure.section_create(guide=guide, user=editor, data=data, fingerprint=version(guide))

    assert everything_about(guide) == before


def test_a_change_on_a_stale_version_or_on_none_is_refused(editor, guide):
    stale = version(guide)
    structure.section_create(guide=guide, user=editor, data={"heading": "New"}, fingerprint=stale)
    before = everything_about(guide)

    with pytest.raises(VersionMismatch):
        structure.section_delete(section=part(guide, 1), user=editor, fingerprint=stale)
    with pytest.raises(VersionRequired):
        structure.section_delete(section=part(guide, 1), user=editor, fingerprint=None)

    assert everything_about(guide) == before


def test_the_admins_rights_apply(reviewer, guide):
    before = everything_about(guide)

    with pytest.raises(NotAllowed, match="may not add sections"):
        structure.section_create(
            guide=guide, user=reviewer, data={"heading": "Mine"}, fingerprint=version(guide)
        )
    with pytest.raises(NotAllowed, match="may not delete tips"):
        structure.tip_delete(
            tip=Tip.objects.filter(section__guide=guide).first(),
            user=reviewer,
            fingerprint=version(guide),
        )

    assert everything_about(guide) == before


def test_a_section_added_at_a_taken_position_goes_there_and_the_rest_shift_down(editor, guide):
    structure.section_create(
        guide=guide,
        user=editor,
        data={"heading": "First things", "position": 1},
        fingerprint=version(guide),
    )

    assert outline(guide) == [
        (None, 1, "first-things"),
        (None, 2, "part-1"),
        ("part-1", 1, "in-depth"),
        (None, 3, "part-2"),
    ]
    shifted = Section.history.filter(id=part(guide, 2).pk).latest()
    assert (shifted.position, shifted.history_user, shifted.history_change_reason) == (
        3,
        editor,
        "Added through the editorial API",
    )


def test_a_section_moved_to_a_taken_position_goes_there_and_the_rows_between_shift(editor, guide):
    for heading in ("Part 3", "Part 4"):
        structure.section_create(
            guide=guide, user=editor, data={"heading": heading}, fingerprint=version(guide)
        )
    top_level = [(None, n, f"part-{n}") for n in range(1, 5)]
    assert [row for row in outline(guide) if row[0] is None] == top_level

    structure.section_change(
        section=part(guide, 4), user=editor, data={"position": 2}, fingerprint=version(guide)
    )
    assert [row[2] for row in outline(guide) if row[0] is None] == [
        "part-1",
        "part-4",
        "part-2",
        "part-3",
    ]

    structure.section_change(
        section=part(guide, 1), user=editor, data={"position": 3}, fingerprint=version(guide)
    )
    assert outline(guide) == [
        (None, 1, "part-4"),
        (None, 2, "part-2"),
        (None, 3, "part-1"),
        ("part-1", 1, "in-depth"),
        (None, 4, "part-3"),
    ]


def test_a_move_to_a_free_position_moves_no_other_row(editor, guide):
    structure.section_change(
        section=part(guide, 1), user=editor, data={"position": 5}, fingerprint=version(guide)
    )

    assert outline(guide) == [(None, 2, "part-2"), (None, 5, "part-1"), ("part-1", 1, "in-depth")]
    assert Section.history.filter(id=part(guide, 2).pk).count() == 1  # only its creation


def test_a_subsection_moves_to_another_parent_with_its_tips_and_to_the_top_level(editor, guide):
    in_depth = guide.sections.get(anchor="in-depth")

    structure.section_change(
        section=in_depth,
        user=editor,
        data={"parent": part(guide, 2).pk},
        fingerprint=version(guide),
    )
    assert outline(guide)[2:] == [("part-2", 1, "in-depth")]
    assert leads(in_depth) == ["Go slowly"]

    structure.section_change(
        section=in_depth,
        user=editor,
        data={"parent": None, "position": 3, "heading": "In depth, on its own"},
        fingerprint=version(guide),
    )
    assert outline(guide)[-1] == (None, 3, "in-depth")
    in_depth.refresh_from_db()
    assert in_depth.heading == "In depth, on its own"


def test_a_section_with_subsections_stays_top_level(editor, guide):
    before = everything_about(guide)

    with pytest.raises(InvalidInput, match="parent: This section has subsections of its own"):
        structure.section_change(
            section=part(guide, 1),
            user=editor,
            data={"parent": part(guide, 2).pk},
            fingerprint=version(guide),
        )

    assert everything_about(guide) == before


def test_deleting_a_section_takes_its_subsections_and_tips_with_history(editor, guide):
    tips = list(
        Tip.objects.filter(section__guide=guide, section__anchor__in=["part-1", "in-depth"])
    )

    structure.section_delete(section=part(guide, 1), user=editor, fingerprint=version(guide))

    assert outline(guide) == [(None, 2, "part-2")]
    for tip in tips:
        record = Tip.history.filter(id=tip.pk).latest()
        assert (record.history_type, record.history_user) == ("-", editor)
        assert record.history_change_reason == "Deleted through the editorial API"


# Tips


def test_tips_are_added_moved_between_sections_and_deleted(editor, guide):
    first, second = part(guide, 1), part(guide, 2)
    tip = structure.tip_create(
        section=first,
        user=editor,
        data={"lead": "Listen first", "topics": ["partners"]},
        fingerprint=version(guide),
    )
    public_id = tip.public_id
    assert leads(first) == ["Tip 1.1", "Tip 1.2", "Listen first"]

    structure.tip_change(
        tip=tip,
        user=editor,
        data={"section": second.pk, "position": 9},
        fingerprint=version(guide),
    )
    tip.refresh_from_db()
    assert (tip.section, tip.position, tip.public_id) == (second, 9, public_id)

    structure.tip_delete(tip=tip, user=editor, fingerprint=version(guide))
    assert leads(second) == ["Tip 2.1", "Tip 2.2"]


def test_tips_moved_onto_taken_positions_shift_their_siblings(editor, guide):
    first, second = part(guide, 1), part(guide, 2)
    structure.tip_change(
        tip=first.tips.get(lead="Tip 1.1"),
        user=editor,
        data={"position": 2},
        fingerprint=version(guide),
    )
    assert leads(first) == ["Tip 1.2", "Tip 1.1"]

    structure.tip_change(
        tip=first.tips.get(lead="Tip 1.1"),
        user=editor,
        data={"section": second.pk, "position": 1},
        fingerprint=version(guide),
    )
    assert leads(second) == ["Tip 1.1", "Tip 2.1", "Tip 2.2"]
    assert list(second.tips.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert leads(first) == ["Tip 1.2"]


def test_a_tip_cannot_leave_its_guide_or_lose_its_lead(editor, guide):
    tip = part(guide, 1).tips.get(position=1)
    other = SectionFactory()
    before = everything_about(guide)

    with pytest.raises(InvalidInput, match="section: No section of this guide"):
        structure.tip_change(
            tip=tip, user=editor, data={"section": other.pk}, fingerprint=version(guide)
        )
    with pytest.raises(InvalidInput, match="lead: This field cannot be blank"):
        structure.tip_create(
            section=part(guide, 2), user=editor, data={}, fingerprint=version(guide)
        )

    assert everything_about(guide) == before


# Contributors and sources


def test_contributors_are_credited_changed_moved_and_removed(editor, guide):
    person = PersonFactory(slug="sam-lee", name="Sam Lee")
    last = guide.contributors.get().position
    contributor = structure.contributor_create(
        guide=guide,
        user=editor,
        data={"person": "sam-lee", "role": ContributorRole.EDITORIAL_WRITER},
        fingerprint=version(guide),
    )
    assert contributor.position == last + 1

    structure.contributor_update(
        contributor=contributor,
        user=editor,
        data={"role": ContributorRole.MEDICAL_REVIEWER, "position": 7},
        fingerprint=version(guide),
    )
    contributor.refresh_from_db()
    assert (contributor.person, contributor.role, contributor.position) == (
        person,
        ContributorRole.MEDICAL_REVIEWER,
        7,
    )
    record = Contributor.history.filter(id=contributor.pk).latest()
    assert record.history_user == editor

    structure.contributor_delete(contributor=contributor, user=editor, fingerprint=version(guide))
    assert guide.contributors.count() == 1


def test_a_person_is_credited_once_per_role(editor, guide):
    credited = guide.contributors.get()
    before = everything_about(guide)

    with pytest.raises(Conflict, match="already credited on this guide in this role"):
        structure.contributor_create(
            guide=guide,
            user=editor,
            data={"person": credited.person.slug, "role": credited.role},
            fingerprint=version(guide),
        )
    with pytest.raises(InvalidInput, match="person: No person has the slug"):
        structure.contributor_create(
            guide=guide,
            user=editor,
            data={"person": "nobody", "role": credited.role},
            fingerprint=version(guide),
        )

    assert everything_about(guide) == before


def test_sources_are_added_changed_moved_and_removed(editor, guide):
    first = guide.sources.get()
    source = structure.source_create(
        guide=guide,
        user=editor,
        data={"citation": "Someone (2021). Findings.", "url": "https://example.org/f"},
        fingerprint=version(guide),
    )
    assert source.position == first.position + 1

    structure.source_update(
        source=source,
        user=editor,
        data={"position": first.position},
        fingerprint=version(guide),
    )
    assert list(guide.sources.order_by("position").values_list("citation", flat=True)) == [
        "Someone (2021). Findings.",
        first.citation,
    ]

    with pytest.raises(InvalidInput, match="url: Enter a valid URL"):
        structure.source_update(
            source=source, user=editor, data={"url": "not a url"}, fingerprint=version(guide)
        )
    structure.source_delete(source=source, user=editor, fingerprint=version(guide))
    assert list(Source.objects.filter(guide=guide)) == [first]
