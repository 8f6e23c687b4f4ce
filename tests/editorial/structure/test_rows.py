"""Many rows changed at once (editorial.structure.rows): the rules of every page and call."""

import pytest

from editorial import structure
from editorial.exceptions import Conflict, InvalidInput, NotAllowed, VersionMismatch
from editorial.structure import RowChange
from editorial.versions import row_values
from guidance.models import Section, Tip
from tests.factories import SectionFactory, TipFactory, build_guide
from tests.workflow import everything_about

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    """Part 1 (with subsections Timing and Opening, Timing with a tip), Part 2, Part 3."""
    guide = build_guide(sections=3, tips_per_section=0)
    part_one = guide.sections.get(heading="Part 1")
    timing = SectionFactory(guide=guide, parent=part_one, position=1, heading="Timing")
    SectionFactory(guide=guide, parent=part_one, position=2, heading="Opening")
    TipFactory(section=timing, position=1, lead="Pick a quiet moment")
    return guide


def section(guide, heading):
    return guide.sections.get(heading=heading)


def outline(guide):
    return [
        (s.parent.heading if s.parent else None, s.position, s.heading)
        for s in Section.objects.filter(guide=guide).select_related("parent").in_outline_order()
    ]


def changed(row, **values):
    """``row`` with ``values`` set, as a change naming them."""
    for name, value in values.items():
        setattr(row, name, value)
    return RowChange(row, frozenset(values))


def deleted(row):
    return RowChange(row, delete=True)


def apply(guide, user, *changes, model=Section, **options):
    return structure.rows_apply(
        guide=guide,
        model=model,
        changes=list(changes),
        user=user,
        reason="Restructured",
        **options,
    )


def test_two_sections_trade_places_in_one_change_with_history(editor, guide):
    part_one, part_two = section(guide, "Part 1"), section(guide, "Part 2")

    apply(guide, editor, changed(part_one, position=2), changed(part_two, position=1))

    assert outline(guide)[:2] == [(None, 1, "Part 2"), (None, 2, "Part 1")]
    record = Section.history.filter(id=part_one.pk).latest()
    assert (record.position, record.history_user, record.history_change_reason) == (
        2,
        editor,
        "Restructured",
    )


def test_a_subsection_moves_out_of_its_section_deleted_in_the_same_change(editor, guide):
    timing, part_one = section(guide, "Timing"), section(guide, "Part 1")
    opening = section(guide, "Opening")

    apply(
        guide,
        editor,
        deleted(part_one),
        changed(timing, parent=section(guide, "Part 2"), position=1),
        RowChange(opening),  # listed as it is: it goes with its section
    )

    assert outline(guide) == [(None, 2, "Part 2"), ("Part 2", 1, "Timing"), (None, 3, "Part 3")]
    assert Tip.objects.get(lead="Pick a quiet moment").section == timing
    deletion = Section.history.get(id=opening.pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (editor, "Restructured")


def test_an_anchor_freed_by_a_deletion_is_taken_in_the_same_change(editor, guide):
    part_two = section(guide, "Part 2")

    apply(guide, editor, deleted(section(guide, "Part 1")), changed(part_two, anchor="part-1"))

    part_two.refresh_from_db()
    assert part_two.anchor == "part-1"


def test_an_anchor_another_row_of_the_change_still_holds_is_refused(editor, guide):
    before = everything_about(guide)
    part_two, part_three = section(guide, "Part 2"), section(guide, "Part 3")

    with pytest.raises(
        Conflict, match="“part-3” still belongs to “Part 3” while this row is saved"
    ):
        apply(
            guide,
            editor,
            changed(part_two, anchor="part-3"),
            changed(part_three, anchor="part-2"),
        )

    assert everything_about(guide) == before


def test_subsections_go_one_level_deep_when_rows_move_together(editor, guide):
    before = everything_about(guide)
    part_two, part_three = section(guide, "Part 2"), section(guide, "Part 3")
    into_part_three = changed(part_two, parent=part_three, position=1)
    changes = [into_part_three, changed(part_three, parent=section(guide, "Part 1"), position=3)]

    problems = structure.rows_check(guide=guide, model=Section, changes=changes)
    with pytest.raises(InvalidInput, match="“Part 3” becomes a subsection in this save") as error:
        apply(guide, editor, *changes)

    assert [(p.change, p.field) for p in problems] == [(into_part_three, "parent")]
    assert error.value.problems == problems
    assert everything_about(guide) == before


def test_a_subsection_cannot_stay_under_a_section_deleted_in_the_same_change(editor, guide):
    before = everything_about(guide)

    with pytest.raises(InvalidInput, match="parent: “Part 1” is being deleted in this save"):
        apply(
            guide,
            editor,
            deleted(section(guide, "Part 1")),
            changed(section(guide, "Timing"), position=2),
            changed(section(guide, "Opening"), position=1),
        )

    assert everything_about(guide) == before


def test_a_section_keeping_its_subsections_stays_top_level(editor, guide):
    with pytest.raises(InvalidInput, match="has subsections of its own"):
        apply(guide, editor, changed(section(guide, "Part 1"), parent=section(guide, "Part 2")))


@pytest.mark.parametrize("lists_every_sibling", [True, False])
def test_a_row_placed_where_a_row_added_meanwhile_is_takes_the_place_and_shifts_it(
    editor, lists_every_sibling
):
    listen = TipFactory(position=1, lead="Listen")
    guide = listen.section.guide
    TipFactory(section=listen.section, position=2, lead="Added in another tab")
    TipFactory(section=listen.section, position=3, lead="Also added")
    TipFactory(section=listen.section, position=5, lead="Further down")
    mine = RowChange(Tip(section=listen.section, position=2, lead="Mine"))

    apply(
        guide, editor, RowChange(listen), mine, model=Tip, lists_every_sibling=lists_every_sibling
    )

    assert list(listen.section.tips.order_by("position").values_list("position", "lead")) == [
        (1, "Listen"),
        (2, "Mine"),
        (3, "Added in another tab"),
        (4, "Also added"),
        (5, "Further down"),  # past the first free position: not moved
    ]


def test_rows_of_one_change_asking_for_one_position_keep_the_order_listed(editor):
    listen = TipFactory(position=1, lead="Listen")
    wait = TipFactory(section=listen.section, position=2, lead="Wait")

    apply(
        listen.section.guide,
        editor,
        changed(wait, position=1),
        changed(listen, position=1),
        RowChange(Tip(section=listen.section, position=1, lead="New")),
        model=Tip,
    )

    assert list(listen.section.tips.order_by("position").values_list("position", "lead")) == [
        (1, "Wait"),
        (2, "Listen"),
        (3, "New"),
    ]


def test_rows_far_down_the_list_trade_places(editor):
    last = TipFactory(position=9999, lead="Last")
    second_to_last = TipFactory(section=last.section, position=9998, lead="Second to last")

    apply(
        last.section.guide,
        editor,
        changed(last, position=9998),
        changed(second_to_last, position=9999),
        model=Tip,
    )

    assert list(last.section.tips.order_by("position").values_list("lead", flat=True)) == [
        "Last",
        "Second to last",
    ]


def test_a_new_row_without_a_position_goes_after_its_siblings_as_they_will_be(editor, guide):
    part_two = section(guide, "Part 2")
    new = Section(guide=guide, heading="Last words", anchor="last-words")

    apply(guide, editor, changed(part_two, position=7), RowChange(new))

    assert outline(guide)[-2:] == [(None, 7, "Part 2"), (None, 8, "Last words")]


def test_a_row_changed_since_it_was_loaded_is_a_version_conflict_and_nothing_is_written(
    editor, guide
):
    part_two = section(guide, "Part 2")
    loaded = row_values(part_two, ["heading", "position"])
    Section.objects.filter(pk=part_two.pk).update(heading="Renamed meanwhile")
    before = everything_about(guide)

    with pytest.raises(VersionMismatch, match="after you opened this page"):
        apply(
            guide,
            editor,
            RowChange(part_two, frozenset({"position"}), loaded=loaded),
            # Refused too, but the stale row is said first and alone.
            changed(section(guide, "Part 3"), position=1),
        )

    assert everything_about(guide) == before


def test_each_kind_of_change_takes_its_right(reviewer, guide):
    before = everything_about(guide)

    with pytest.raises(NotAllowed, match="may not delete sections"):
        apply(guide, reviewer, deleted(section(guide, "Part 3")))

    assert everything_about(guide) == before
