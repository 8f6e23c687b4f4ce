"""The notes editors give for their edits while a document is in review, for the reviewer.

An editor who saves a guide in review must say why ("Why this change?",
editorial.admin.in_review); the note is kept as the change reason of every
history row the save wrote. ``change_notes_since`` reads them back from the
row history of the document's rows (the kind's ``history_rows``, as
separation of duties reads them), and ``place_change_notes`` hangs each on
the row of the reviewer's diff it was made on: a tip, a section, the
contributors, the sources, or a safety notice or crisis line. Whatever has
no row in the diff (edited, then put back as it was) is still shown, at the
top, so that no note is lost on the way to the reviewer.

Reasons the software writes itself ("Edited in the admin", "Added through
the editorial API", ...) are not notes: nobody typed them.
"""

from dataclasses import dataclass

from editorial.structure.base import ADD_REASON, DELETE_REASON, EDIT_REASON
from guidance.admin.base import DEFAULT_CHANGE_REASON
from guidance.admin.base import DELETE_REASON as ADMIN_DELETE_REASON
from guidance.models import (
    Contributor,
    CrisisResource,
    Guide,
    Person,
    Section,
    SiteNotice,
    Source,
    Tip,
    Topic,
)

WRITTEN_BY_THE_SOFTWARE = frozenset(
    {DEFAULT_CHANGE_REASON, ADMIN_DELETE_REASON, ADD_REASON, EDIT_REASON, DELETE_REASON}
)


@dataclass(frozen=True)
class ChangeNote:
    reason: str
    author: str
    at: object  # a datetime
    # Where it was made: ("tip", public id), ("section", anchor), ("guide",),
    # ("contributors",), ("sources",) or ("safety", the label of its change).
    place: tuple
    where: str  # the row as a reviewer names it: “Tip “Listen first””

    @property
    def same_note(self):
        """One save writes its note on every row it changes: the same author and words."""
        return self.author, self.reason


# How deep in the document a place is: the deeper names a note's row more exactly.
_DEPTH = {"tip": 0, "safety": 0, "section": 1, "contributors": 1, "sources": 1, "guide": 2}


def _place(record):
    """Where a history record's row sits in the reviewer's diff, and how to name it."""
    model = record.instance_type
    if model is Tip:
        return ("tip", str(record.public_id)), f"Tip “{record.lead}”"
    if model is Section:
        return ("section", record.anchor), f"Section “{record.heading}”"
    if model is Contributor:
        return ("contributors",), "Contributors"
    if model is Source:
        return ("sources",), f"Source “{record.citation[:80]}”"
    if model is SiteNotice:
        label = SiteNotice(kind=record.kind).get_kind_display()
        return ("safety", label), label
    if model is CrisisResource:
        label = f"Crisis resource: {record.name} ({record.region})"
        return ("safety", label), label
    if model is Person:
        return ("guide",), f"Profile of {record.name}"
    if model is Topic:
        return ("guide",), f"Topic “{record.name}”"
    if model is Guide:
        return ("guide",), "The guide"
    return ("guide",), model._meta.verbose_name.capitalize()


def change_notes_since(kind, document, since):
    """The notes typed for edits of ``document`` (of ``kind``) after ``since``, oldest first.

    One query per model with row history (seven for a guide), however long the document.
    """
    if since is None:
        return []
    notes = []
    for model, rows in kind.history_rows(document).items():
        records = (
            model.history.filter(rows, history_date__gt=since)
            .exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .exclude(history_change_reason__in=WRITTEN_BY_THE_SOFTWARE)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        for record in records:
            user = record.history_user
            place, where = _place(record)
            notes.append(
                ChangeNote(
                    reason=record.history_change_reason,
                    author=(user.get_full_name() or user.get_username()) if user else "",
                    at=record.history_date,
                    place=place,
                    where=where,
                )
            )
    notes.sort(key=lambda note: note.at)
    return notes


def place_change_notes(notes, shown_places, within=None):
    """Hang each note on a row of the diff: ``({place: [notes]}, [notes for the top])``.

    ``shown_places``: the places the diff shows. ``within(place)``: the places
    inside ``place`` (a section's tips). A save writes its note on every row it
    changes, the section and the guide holding them included: a note is shown
    on the innermost rows it was written on, once each, and not again on the
    section or the guide around them. A note on the guide itself, or on a row
    the diff no longer shows (edited, then put back), goes to the top, once,
    saying where it was made.
    """
    within = within or (lambda place: ())
    shown = set(shown_places) - {("guide",)}
    placed = {}
    for note in notes:
        found = placed.setdefault(note.place, []) if note.place in shown else None
        if found is not None and all(other.same_note != note.same_note for other in found):
            found.append(note)
    said = {place: {note.same_note for note in found} for place, found in placed.items()}
    for place, found in placed.items():
        inner = {same for child in within(place) for same in said.get(child, ())}
        placed[place] = [note for note in found if note.same_note not in inner]
    said_on_rows = {same for sames in said.values() for same in sames}
    # Once each, named by the innermost row it was written on (the tip, not its section).
    top = {}
    for note in notes:
        if note.place in shown or note.same_note in said_on_rows:
            continue
        kept = top.get(note.same_note)
        if kept is None or _DEPTH[note.place[0]] < _DEPTH[kept.place[0]]:
            top[note.same_note] = note
    top = sorted(top.values(), key=lambda note: note.at)
    return {place: found for place, found in placed.items() if found}, top


def notes_on_guide_diff(diff, notes):
    """Hang ``notes`` on a guide's diff (editorial.diff.GuideDiff): each tip's and section's
    ``notes``, ``contributor_notes`` and ``source_notes``; the rest in the diff's ``notes``."""
    places, inside = [], {}
    for section in diff.sections:
        tips = [("tip", tip.id) for tip in section.tips]
        places += [*tips, ("section", section.anchor)]
        inside[("section", section.anchor)] = tips
    if diff.contributors:
        places.append(("contributors",))
    if diff.sources:
        places.append(("sources",))
    placed, diff.notes = place_change_notes(notes, places, lambda place: inside.get(place, ()))
    for section in diff.sections:
        section.notes = placed.get(("section", section.anchor), [])
        for tip in section.tips:
            tip.notes = placed.get(("tip", tip.id), [])
    diff.contributor_notes = placed.get(("contributors",), [])
    diff.source_notes = placed.get(("sources",), [])
    return diff


def notes_on_safety_changes(changes, notes):
    """Hang ``notes`` on the safety information's changes (editorial.safety.diff): each
    change's ``notes``; return the notes no change shows."""
    placed, top = place_change_notes(notes, [("safety", change.label) for change in changes])
    for change in changes:
        change.notes = placed.get(("safety", change.label), [])
    return top
