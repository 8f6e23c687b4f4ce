"""What changed in the safety information since the live release, word by word.

Pure: compares two snapshots (editorial.safety.snapshot). Notices are told
apart by kind, crisis resources by region and name (a renamed line reads as
one removed and one added). Only what changed is listed.
"""

from dataclasses import dataclass, field

from editorial.diff import ADDED, CHANGED, REMOVED, word_diff
from guidance.models import NoticeKind

NOTICE_FIELDS = [("title", "Title"), ("body", "Text")]
RESOURCE_FIELDS = [
    ("region", "Region"),
    ("name", "Name"),
    ("description", "Description"),
    ("phone", "Phone"),
    ("sms", "Text message"),
    ("url", "Web address"),
]


@dataclass
class SafetyChange:
    label: str
    status: str
    fields: list = field(default_factory=list)  # [(label, html)]
    notes: list = field(default_factory=list)  # editors' notes (editorial.change_notes)


def diff_safety_information(old, new):
    """The changes from ``old`` (None before the first release) to ``new``, in reading order."""
    old = old or {"notices": {}, "crisis_resources": []}
    changes = []
    for kind in NoticeKind:
        change = _compare(
            kind.label,
            old["notices"].get(kind.value),
            new["notices"].get(kind.value),
            NOTICE_FIELDS,
        )
        if change:
            changes.append(change)
    old_lines, new_lines = _keyed(old["crisis_resources"]), _keyed(new["crisis_resources"])
    for key in [*new_lines, *(key for key in old_lines if key not in new_lines)]:
        region, name, _ = key
        change = _compare(
            f"Crisis resource: {name} ({region})",
            old_lines.get(key),
            new_lines.get(key),
            RESOURCE_FIELDS,
        )
        if change:
            changes.append(change)
    reordered = [_key(r) for r in old["crisis_resources"]] != [
        _key(r) for r in new["crisis_resources"]
    ]
    if reordered and old_lines.keys() == new_lines.keys():
        changes.append(SafetyChange("Crisis resources", "reordered"))
    return changes


def _compare(label, old, new, fields):
    if old == new:
        return None
    status = ADDED if old is None else REMOVED if new is None else CHANGED
    shown = [
        (title, word_diff((old or {}).get(name, ""), (new or {}).get(name, "")))
        for name, title in fields
        if (old or {}).get(name, "") != (new or {}).get(name, "")
    ]
    return SafetyChange(label, status, shown)


def _key(resource):
    return resource["region"], resource["name"]


def _keyed(resources):
    """Resources by (region, name, occurrence): a name listed twice is told apart by its turn."""
    keyed, seen = {}, {}
    for resource in resources:
        occurrence = seen[_key(resource)] = seen.get(_key(resource), 0) + 1
        keyed[(*_key(resource), occurrence)] = resource
    return keyed
