"""What changed between two snapshots of a guide: the reviewer's diff.

The reviewer signs off the whole working copy, but what they need to read is
what changed since the live release, section by section and tip by tip. This
module compares two snapshots (the plain data of ``editorial/snapshot.py``) and
returns dataclasses (results.py) for the ``editorial/diff.html`` template. It is pure: no
database, so it works on a release's stored snapshot as well as on a fresh one.

Identity: sections by anchor, tips by public id, topics by (slug, name),
contributors by (person slug, role), sources by (citation, url); a contributor or
source that appears twice is told apart by its occurrence (first, second, ...).
So a renamed anchor reads as a section removed and one added (its tips as
moved), a renamed topic as the old name removed and the new one added, and a
corrected citation or url as a source removed and one added.

The reviewer signs off the snapshot's fingerprint, so the diff must never read
"no changes" when the snapshots differ. What it itemizes is compared exactly
(``None`` is not ``""``); anything else (a key this module does not know, as a
new snapshot format may bring) sets ``other_changes``, and so does any
difference in the canonical JSON when nothing was itemized.
"""

from editorial.diff.compare import diff_snapshots
from editorial.diff.results import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    UNCHANGED,
    FieldChange,
    GuideDiff,
    ItemDiff,
    SectionDiff,
    TipDiff,
)
from editorial.diff.words import word_diff

__all__ = [
    "ADDED",
    "CHANGED",
    "MOVED",
    "REMOVED",
    "UNCHANGED",
    "FieldChange",
    "GuideDiff",
    "ItemDiff",
    "SectionDiff",
    "TipDiff",
    "diff_snapshots",
    "word_diff",
]
