"""Compare two snapshots of a guide, section by section and tip by tip."""

import difflib
from collections import Counter

from django.utils.html import escape
from django.utils.safestring import mark_safe

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
from editorial.shape import SNAPSHOT_KEYS
from editorial.snapshot import canonical_json
from editorial.snapshot_people import profile_changes

_NOTHING = dict(
    slug="",
    title="",
    summary="",
    topics=[],
    sections=[],
    contributors=[],
    sources=[],
    people=[],
    topic_details=[],
)
# The keys the itemized diff reads, by kind of object; any other key is left to
# the safety net (``_unitemized``).
_KNOWN = SNAPSHOT_KEYS


def diff_snapshots(old, new):
    """What changed from ``old`` (the live release's snapshot) to ``new`` (the working copy).

    ``old`` is None before the first release: everything in ``new`` then reads as added.
    """
    first_release = old is None
    live = old
    old = old or _NOTHING
    old_sections, new_sections = _outline(old), _outline(new)
    old_tips, new_tips = _tips(old_sections), _tips(new_sections)
    moved_sections = _moved(_containers(old_sections), _containers(new_sections))
    moved_tips = _moved(_containers(old_tips), _containers(new_tips))

    def move_note(old_place, new_place):
        if old_place == new_place:
            return "reordered"
        if old_place is None:
            return "moved from the top level"
        return f"moved from “{old_sections[old_place][0]['heading']}”"

    tip_diffs = {}  # section anchor -> {tip id: TipDiff}, to be read under that section
    for id_ in {**old_tips, **new_tips}:
        old_tip, old_anchor = old_tips.get(id_, (None, None))
        new_tip, new_anchor = new_tips.get(id_, (None, None))
        diff = TipDiff(id_, (new_tip or old_tip)["lead"], _status(old_tip, new_tip))
        diff.fields = _fields(old_tip, new_tip, ["lead", "body"])
        diff.topics_added, diff.topics_removed, topics = _topics_change(old_tip, new_tip)
        diff.fields += topics
        if id_ in moved_tips:
            diff.moved, diff.move_note = True, move_note(old_anchor, new_anchor)
        diff.status = _settle(diff)
        if diff.status != UNCHANGED:
            tip_diffs.setdefault(new_anchor or old_anchor, {})[id_] = diff

    sections = []
    for anchor in _interleave(new_sections, old_sections):
        old_section, old_parent = old_sections.get(anchor, (None, None))
        new_section, new_parent = new_sections.get(anchor, (None, None))
        diff = SectionDiff(
            anchor,
            (new_section or old_section)["heading"],
            new_parent if new_section else old_parent,
            _status(old_section, new_section),
            fields=_fields(old_section, new_section, ["heading", "body", "list_style"]),
        )
        if anchor in moved_sections:
            diff.moved, diff.move_note = True, move_note(old_parent, new_parent)
        diff.status = _settle(diff)
        here = tip_diffs.get(anchor, {})
        order = _interleave(
            [id_ for id_, (_, a) in new_tips.items() if a == anchor],
            [id_ for id_, (_, a) in old_tips.items() if a == anchor],
        )
        diff.tips = [here[id_] for id_ in order if id_ in here]
        if diff.status != UNCHANGED or diff.tips:
            sections.append(diff)

    topics_added, topics_removed, topics = _topics_change(old, new)
    # A first release has no format to change from: "format: 1 inserted" says nothing.
    fields = _fields(
        old, new, ["slug", "title", "summary"] + ([] if first_release else ["format"])
    )
    # The public profiles of the people credited and the topics' descriptions.
    profiles = [
        FieldChange(name, before, after, word_diff(before, after), title=label)
        for name, label, before, after in profile_changes(old, new)
    ]
    diff = GuideDiff(
        first_release=first_release,
        fields=fields + topics + profiles,
        topics_added=topics_added,
        topics_removed=topics_removed,
        sections=sections,
        contributors=_items(
            old.get("contributors", []),
            new.get("contributors", []),
            key=lambda c: (c["person"]["slug"], c["role"]),
            label=lambda c: f"{c['person']['name']} ({c['role'].replace('_', ' ')})",
            values=lambda c: {
                "name": c["person"]["name"],
                "credentials": c["person"]["credentials"],
            },
        ),
        sources=_items(
            old.get("sources", []),
            new.get("sources", []),
            key=lambda s: (s["citation"], s["url"]),
            label=lambda s: " ".join(filter(None, [s["citation"], s["url"]])),
            values=lambda s: {"published_on": s["published_on"]},
        ),
    )
    # The safety net: whatever differs beyond what was itemized is still a change.
    diff.other_changes = _unitemized(old) != _unitemized(new) or (
        not diff.has_changes and canonical_json(live) != canonical_json(new)
    )
    return diff


def _outline(snapshot):
    """{anchor: (section, parent anchor or None)} in outline order, at any depth."""
    outline = {}

    def add(sections, parent):
        for section in sections:
            outline[section["anchor"]] = (section, parent)
            add(section.get("subsections", []), section["anchor"])

    add(snapshot.get("sections", []), None)
    return outline


def _tips(outline):
    """{tip id: (tip, section anchor)} in outline order."""
    return {
        tip["id"]: (tip, anchor)
        for anchor, (section, _) in outline.items()
        for tip in section.get("tips", [])
    }


def _containers(placed):
    return {id_: container for id_, (_, container) in placed.items()}


def _moved(old, new):
    """Ids on both sides whose container changed, or that left their place among the
    others staying in the same container (``old`` and ``new``: id -> container, in order).

    Order is judged by the longest common runs, not by position, so inserting or
    removing one thing does not mark everything after it as moved.
    """
    moved = {id_ for id_ in old.keys() & new.keys() if old[id_] != new[id_]}
    for container in set(new.values()):
        # Top-level sections sit in container None: ask "in", not .get(), for what stayed.
        before = [i for i, c in old.items() if c == container and i in new and new[i] == c]
        after = [i for i, c in new.items() if c == container and i in old and old[i] == c]
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        kept = {
            id_ for a, _, size in matcher.get_matching_blocks() for id_ in before[a : a + size]
        }
        moved.update(set(before) - kept)
    return moved


def _interleave(new, old):
    """The ids of ``new``, each id only in ``old`` placed after the one it followed
    there: the reviewer sees removed things where they were."""
    gone_after = {}
    previous = None
    for id_ in old:
        if id_ in new:
            previous = id_
        else:
            gone_after.setdefault(previous, []).append(id_)
    order = list(gone_after.get(None, []))
    for id_ in new:
        order += [id_, *gone_after.get(id_, [])]
    return order


def _status(old, new):
    return ADDED if old is None else REMOVED if new is None else UNCHANGED


def _settle(diff):
    """A section's or tip's badge: an edit outranks a move, which the ``moved`` flag keeps."""
    if diff.status != UNCHANGED:
        return diff.status
    return CHANGED if diff.fields else MOVED if diff.moved else UNCHANGED


def _fields(old, new, names):
    """The named fields that differ, compared exactly. Of something added or removed
    (``old`` or ``new`` None) only the fields with text to show."""
    changes = []
    for name in names:
        before, after = (old or {}).get(name), (new or {}).get(name)
        shown = _shown(before), _shown(after)
        if before == after or ((old is None or new is None) and not any(shown)):
            continue
        changes.append(FieldChange(name, *shown, word_diff(*shown)))
    return changes


def _shown(value):
    return "" if value is None else str(value)


def _topics_change(old, new):
    """Topic names added and removed, and a "topics" field listing them all.

    A topic is its slug and its name: a renamed topic reads as the old name
    removed and the new one added.
    """
    before = [(t["slug"], t["name"]) for t in (old or {}).get("topics", [])]
    after = [(t["slug"], t["name"]) for t in (new or {}).get("topics", [])]
    if before == after:
        return [], [], []
    # Whole names, not a word diff: "Sleep problems" to "Sleep hygiene" is another topic.
    unmatched = Counter(before)  # counted, so a topic listed twice is matched twice
    added, html = [], []
    for topic in after:
        if unmatched[topic]:
            unmatched[topic] -= 1
            html.append(escape(topic[1]))
        else:
            added.append(topic[1])
            html.append(f"<ins>{escape(topic[1])}</ins>")
    removed = [name for _, name in unmatched.elements()]
    html += [f"<del>{escape(name)}</del>" for name in removed]
    texts = ", ".join(name for _, name in before), ", ".join(name for _, name in after)
    return added, removed, [FieldChange("topics", *texts, mark_safe(", ".join(html)))]


def _numbered(items, key):
    """{(key, n): item}, n counting the items with that key: duplicates stay apart."""
    seen = Counter()
    numbered = {}
    for item in items:
        k = key(item)
        numbered[(k, seen[k])] = item
        seen[k] += 1
    return numbered


def _items(old, new, key, label, values):
    """Contributors or sources, matched by ``key`` (and occurrence) and compared on ``values``."""
    old_by, new_by = _numbered(old, key), _numbered(new, key)
    moved = _moved(dict.fromkeys(old_by, ""), dict.fromkeys(new_by, ""))
    diffs = []
    for k in _interleave(list(new_by), list(old_by)):
        before, after = old_by.get(k), new_by.get(k)
        fields = (
            _fields(values(before), values(after), list(values(after))) if before and after else []
        )
        diff = ItemDiff(label(after or before), _status(before, after), fields, moved=k in moved)
        diff.status = _settle(diff)
        if diff.status != UNCHANGED:
            diffs.append(diff)
    return diffs


def _unitemized(snapshot):
    """What the itemized diff does not read: the unknown keys of the guide, its topics,
    sections, tips, contributors and sources, by where they are, as canonical JSON."""
    found = {}

    def note(where, kind, data):
        extra = {k: v for k, v in data.items() if k not in _KNOWN[kind]}
        if extra:
            found[where] = extra

    def note_topics(where, topics):
        for n, topic in enumerate(topics):
            note(f"{where} topic {n}", "topic", topic)

    note("guide", "guide", snapshot)
    note_topics("guide", snapshot.get("topics", []))
    outline = _outline(snapshot)
    for anchor, (section, _) in outline.items():
        note(f"section {anchor}", "section", section)
    for id_, (tip, _) in _tips(outline).items():
        note(f"tip {id_}", "tip", tip)
        note_topics(f"tip {id_}", tip.get("topics", []))
    for n, contributor in enumerate(snapshot.get("contributors", [])):
        note(f"contributor {n}", "contributor", contributor)
        note(f"contributor {n} person", "person", contributor["person"])
    for n, source in enumerate(snapshot.get("sources", [])):
        note(f"source {n}", "source", source)
    return canonical_json(found)
