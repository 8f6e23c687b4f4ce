"""What the reviewer's diff returns: plain dataclasses for the template."""

from dataclasses import dataclass, field

ADDED, REMOVED, MOVED, CHANGED, UNCHANGED = "added", "removed", "moved", "changed", "unchanged"

_LABELS = {"slug": "Address (slug)", "format": "Snapshot format"}


@dataclass
class FieldChange:
    name: str
    old: str
    new: str
    html: str  # safe HTML, escaped by word_diff or _topics_change
    # A label that names its owner ("Priya Lindqvist's bio"), kept as it is.
    title: str = ""

    @property
    def label(self):
        if self.title:
            return self.title
        return _LABELS.get(self.name) or self.name.replace("_", " ").capitalize()

    @property
    def phrase(self):
        """The change as a summary line names it: "title changed", "Priya Lindqvist's bio
        changed"."""
        return f"{self.title or self.label.lower()} changed"


@dataclass
class TipDiff:
    id: str
    lead: str
    status: str  # ADDED, REMOVED, CHANGED or MOVED (moved with no edit)
    moved: bool = False
    move_note: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)
    topics_removed: list[str] = field(default_factory=list)
    # The editors' notes on this tip made during the review (editorial.change_notes).
    notes: list = field(default_factory=list)


@dataclass
class SectionDiff:
    anchor: str
    heading: str
    parent: str | None  # anchor of the parent section: a subsection
    status: str  # as a tip's, or UNCHANGED when only its tips changed
    moved: bool = False
    move_note: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    tips: list[TipDiff] = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class ItemDiff:
    """A contributor or a source added, removed, changed or moved."""

    label: str
    status: str
    fields: list[FieldChange] = field(default_factory=list)
    moved: bool = False


@dataclass
class GuideDiff:
    first_release: bool
    fields: list[FieldChange]
    topics_added: list[str]
    topics_removed: list[str]
    sections: list[SectionDiff]  # only those with something to show, in outline order
    contributors: list[ItemDiff]
    sources: list[ItemDiff]
    # The snapshots differ in ways not itemized above: the template says so.
    other_changes: bool = False
    # The editors' notes made during the review (editorial.change_notes): on the
    # contributors, on the sources, and those for the top (the guide itself, or
    # rows the diff no longer shows).
    contributor_notes: list = field(default_factory=list)
    source_notes: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def has_changes(self):
        return bool(
            self.fields or self.sections or self.contributors or self.sources or self.other_changes
        )

    @property
    def is_empty(self):
        return not self.has_changes

    @property
    def counts(self):
        """{"sections added": 2, "tips changed": 3, ...}, only what is not zero.

        Something both moved and edited counts as moved and as changed.
        """
        tips = [tip for section in self.sections for tip in section.tips]
        counts = {
            "topics added": len(self.topics_added),
            "topics removed": len(self.topics_removed),
        }
        for noun, items in [
            ("sections", self.sections),
            ("tips", tips),
            ("contributors", self.contributors),
            ("sources", self.sources),
        ]:
            for status in (ADDED, REMOVED, MOVED, CHANGED):
                counts[f"{noun} {status}"] = sum(
                    item.moved if status == MOVED else item.status == status for item in items
                )
        return {key: n for key, n in counts.items() if n}

    @property
    def summary_line(self):
        """A short line for a page header: "title changed, 2 sections added, 1 tip changed".

        Before a first release it says so, and what the release holds ("first
        release: 2 sections, 5 tips"): with nothing before it, "address (slug)
        changed, title changed" would only list every field.
        """
        if self.first_release:
            return self._first_release_line()
        counted_topics = self.topics_added or self.topics_removed
        phrases = [
            change.phrase
            for change in self.fields
            if change.name != "topics" or not counted_topics
        ]
        for key, n in self.counts.items():
            noun, status = key.split(" ")
            phrases.append(f"{n} {noun if n != 1 else noun[:-1]} {status}")
        if self.other_changes:
            phrases.append("other changes")
        return ", ".join(phrases) or "no changes"

    def _first_release_line(self):
        held = []
        for key, n in self.counts.items():
            noun, status = key.split(" ")
            if status == ADDED:
                held.append(f"{n} {noun if n != 1 else noun[:-1]}")
        return "first release" + (f": {', '.join(held)}" if held else "")
