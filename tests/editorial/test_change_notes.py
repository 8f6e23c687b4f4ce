"""Where the editors' notes go on the reviewer's diff (editorial.change_notes)."""

import datetime

from editorial.change_notes import ChangeNote, place_change_notes

START = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
TIP, OTHER_TIP = ("tip", "t-1"), ("tip", "t-2")
SECTION, GUIDE = ("section", "part-1"), ("guide",)


def note(place, reason, minute=0, author="Edna"):
    where = {TIP: "Tip “One”", OTHER_TIP: "Tip “Two”", SECTION: "Section “Part 1”"}
    return ChangeNote(
        reason=reason,
        author=author,
        at=START + datetime.timedelta(minutes=minute),
        place=place,
        where=where.get(place, "The guide"),
    )


def inside(place):
    return [TIP, OTHER_TIP] if place == SECTION else []


def test_a_note_is_shown_on_the_tip_not_again_on_its_section_or_the_guide():
    # One save of the section's page writes its note on the guide, the section and the tip.
    saved = [note(GUIDE, "Softer"), note(SECTION, "Softer"), note(TIP, "Softer")]

    placed, top = place_change_notes(saved, [TIP, SECTION], inside)

    assert placed == {TIP: [saved[2]]}
    assert top == []


def test_a_section_keeps_its_own_note_beside_its_tips_notes():
    saved = [note(SECTION, "New heading", 1), note(TIP, "Softer", 2)]

    placed, top = place_change_notes(saved, [TIP, SECTION], inside)

    assert placed == {TIP: [saved[1]], SECTION: [saved[0]]}
    assert top == []


def test_the_same_words_twice_on_one_row_are_shown_once():
    saved = [note(TIP, "Typo", 1), note(TIP, "Typo", 5), note(TIP, "Typo", 6, author="Ben")]

    placed, _ = place_change_notes(saved, [TIP], inside)

    assert placed == {TIP: [saved[0], saved[2]]}


def test_notes_on_the_guide_and_on_rows_no_longer_changed_go_to_the_top_once_each():
    saved = [
        note(GUIDE, "Clearer title", 1),
        note(SECTION, "Tried, then put back", 2),
        note(OTHER_TIP, "Tried, then put back", 2),
        note(TIP, "Shown on its tip", 3),
    ]

    placed, top = place_change_notes(saved, [TIP, SECTION], inside)

    assert placed == {TIP: [saved[3]], SECTION: [saved[1]]}
    assert top == [saved[0]]

    placed, top = place_change_notes(saved, [TIP], inside)

    # Named by the innermost row the save wrote it on: the tip, not its section.
    assert top == [saved[0], saved[2]]
