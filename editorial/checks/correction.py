"""Is a change a correction? The classifier over the diff since the live release.

A correction is released on a second person's editorial approval, resting on
the last clinical sign-off, so it must not be able to change clinical
meaning. It qualifies only if:

- only the text of existing sections and tips changed (headings, intros,
  tip leads and bodies): nothing added, removed or moved, no other field;
- each change is letter case, punctuation, whitespace, or a misspelling
  fixed within a small edit distance;
- no change touches a number (phone numbers included), a negation or a
  protected word (data/corrections.toml);
- the changes are few and small in all.

``classify`` says why for each change, so an editor knows what to submit
as a clinical change instead.
"""

import difflib
import re
import tomllib
from functools import cache
from pathlib import Path

from editorial.diff import diff_snapshots

RULES_FILE = Path(__file__).parent / "data" / "corrections.toml"
# Words keep their apostrophes ("don't" is one word); every other mark is a token.
_TOKENS = re.compile(r"\s+|\w+(?:['\u2019]\w+)*|[^\w\s]")
_WORD = re.compile(r"\w")
_NOT_WORD = re.compile(r"[^\w]+")
SECTION_TEXT = ("heading", "body")
TIP_TEXT = ("lead", "body")


@cache
def rules():
    with open(RULES_FILE, "rb") as file:
        data = tomllib.load(file)
    protected = [word.lower() for word in data["protected"]]
    return {
        **data,
        "negations": {_plain_word(word) for word in data["negations"]},
        "protected_words": {word for word in protected if not word.endswith("*")},
        "protected_prefixes": tuple(word[:-1] for word in protected if word.endswith("*")),
    }


def _plain_word(word):
    return word.lower().replace("\u2019", "'")


def classify(old, new):
    """Whether the change from ``old`` (the live release's snapshot) to ``new`` is a correction.

    Returns ``{eligible, reasons, changes}``: ``changes`` lists every text
    change with its ``kind`` and whether it is ``allowed``, and why; ``reasons``
    says why the whole is not a correction (empty when it is).
    """
    if old is None:
        return _verdict(["There is no live release to correct: this needs a clinical review."], [])
    reasons = _structural_changes(old, new)
    changes = []
    if not reasons:
        for where, label, before, after in _text_pairs(old, new):
            changes.extend(_changes_in(where, label, before, after))
    reasons += [
        f"{change['label']}: {change['why']}" for change in changes if not change["allowed"]
    ]
    limits = rules()
    # A run of several misspelt words fixed counts as one edit per word.
    edits = sum(change["edits"] for change in changes)
    if edits > limits["max_changes"]:
        reasons.append(f"{edits} edits: a correction makes at most {limits['max_changes']}.")
    size = sum(change["size"] for change in changes)
    if size > limits["max_changed_characters"]:
        reasons.append(
            f"{size} characters changed: a correction changes at most "
            f"{limits['max_changed_characters']}."
        )
    if not reasons and not changes:
        reasons.append("Nothing changed since the live release.")
    return _verdict(reasons, changes)


def _verdict(reasons, changes):
    return {
        "eligible": not reasons,
        "reasons": reasons,
        "changes": [
            {k: v for k, v in change.items() if k not in ("size", "edits")} for change in changes
        ],
    }


def _skeleton(snapshot):
    """The snapshot with the correctable text blanked: what must not change at all."""

    def section(data):
        return {
            **data,
            **dict.fromkeys(SECTION_TEXT, ""),
            "tips": [{**tip, **dict.fromkeys(TIP_TEXT, "")} for tip in data.get("tips", [])],
            "subsections": [section(sub) for sub in data.get("subsections", [])],
        }

    return {**snapshot, "sections": [section(s) for s in snapshot.get("sections", [])]}


def _structural_changes(old, new):
    if _skeleton(old) == _skeleton(new):
        return []
    diff = diff_snapshots(old, new)
    reasons = [
        f"{change.title} changed."
        if change.title
        else f"The guide's {change.label.lower()} changed."
        for change in diff.fields
    ]
    for section in diff.sections:
        if section.status in ("added", "removed") or section.moved:
            reasons.append(f"Section “{section.heading}” was {section.status}.")
        reasons += [
            f"Section “{section.heading}”: {change.label.lower()} changed."
            for change in section.fields
            if change.name not in SECTION_TEXT
        ]
        for tip in section.tips:
            if tip.status in ("added", "removed") or tip.moved:
                reasons.append(f"Tip “{tip.lead}” was {tip.status}.")
            reasons += [
                f"Tip “{tip.lead}”: {change.label.lower()} changed."
                for change in tip.fields
                if change.name not in TIP_TEXT
            ]
    for kind, items in (("Contributor", diff.contributors), ("Source", diff.sources)):
        reasons += [f"{kind} “{item.label}” was {item.status}." for item in items]
    return reasons or ["Something other than the text of sections and tips changed."]


def _text_pairs(old, new):
    """(where, label, old text, new text) of each correctable field; the outlines are equal."""

    def sections(snapshot):
        for section in snapshot.get("sections", []):
            yield section
            yield from section.get("subsections", [])

    for before, after in zip(sections(old), sections(new), strict=True):
        anchor, heading = after["anchor"], after["heading"]
        for name in SECTION_TEXT:
            where = {"section": anchor, "tip": None, "field": name}
            yield where, f"Section “{heading}”, {name}", before[name], after[name]
        for old_tip, new_tip in zip(before["tips"], after["tips"], strict=True):
            for name in TIP_TEXT:
                where = {"section": anchor, "tip": new_tip["id"], "field": name}
                label = f"Tip “{new_tip['lead']}”, {name}"
                yield where, label, old_tip[name], new_tip[name]


def _changes_in(where, label, before, after):
    if before == after:
        return []
    a, b = _TOKENS.findall(before), _TOKENS.findall(after)
    matcher = difflib.SequenceMatcher(str.isspace, a, b, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        context = a[max(i1 - 1, 0) : i2 + 1] + b[max(j1 - 1, 0) : j2 + 1]
        kind, why = _judge(a[i1:i2], b[j1:j2], context)
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        changes.append(
            {
                "where": where,
                "label": label,
                "old": old_text,
                "new": new_text,
                "kind": kind,
                "allowed": why is None,
                "why": why or _ALLOWED[kind],
                "size": distance(old_text, new_text),
                "edits": max(
                    1, *(sum(map(bool, map(_WORD.search, side))) for side in (a[i1:i2], b[j1:j2]))
                ),
            }
        )
    return changes


_ALLOWED = {
    "whitespace": "whitespace only",
    "letter case": "letter case only",
    "punctuation": "punctuation only",
    "misspelling": "a misspelling fixed",
}


def _judge(old, new, context):
    """(kind, why not) of one change: ``why not`` is None when a correction may make it."""
    old_text, new_text = "".join(old), "".join(new)
    shown = f"“{old_text.strip() or old_text}” → “{new_text.strip() or new_text}”"
    words = [_plain_word(token) for token in old + new if _WORD.search(token)]
    limits = rules()
    kind = _kind(old, new)
    if any(char.isdigit() for char in old_text + new_text) or (
        kind in ("punctuation", "whitespace")
        and any(char.isdigit() for token in context for char in token)
    ):
        return kind, f"{shown} touches a number."
    negations = sorted({word for word in words if word in limits["negations"]})
    if negations:
        return kind, f"{shown} touches a negation ({', '.join(negations)})."
    protected = sorted({word for word in words if _is_protected(word)})
    if protected:
        return kind, f"{shown} touches a protected word ({', '.join(protected)})."
    if kind == "wording":
        return kind, f"{shown} changes the wording, not only its spelling."
    return kind, None


def _kind(old, new):
    old_text, new_text = "".join(old), "".join(new)
    if not old_text.strip() and not new_text.strip():
        return "whitespace"
    if old_text.lower() == new_text.lower():
        return "letter case"
    if _NOT_WORD.sub("", old_text) == _NOT_WORD.sub("", new_text):
        return "punctuation"
    old_words = [token for token in old if _WORD.search(token)]
    new_words = [token for token in new if _WORD.search(token)]
    limit = rules()["max_misspelling_distance"]
    if (
        old_words
        and len(old_words) == len(new_words)
        and all(
            0 < distance(x.lower(), y.lower()) <= min(limit, max(len(x) // 3, 1))
            or x.lower() == y.lower()
            for x, y in zip(old_words, new_words, strict=True)
        )
    ):
        return "misspelling"
    return "wording"


def _is_protected(word):
    limits = rules()
    return word in limits["protected_words"] or word.startswith(limits["protected_prefixes"])


def distance(a, b):
    """Edit distance: the fewest single-character insertions, deletions, substitutions
    and swaps of neighbours turning ``a`` into ``b`` ("teh" → "the" is one)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(
                rows[i - 1][j] + 1,
                row[j - 1] + 1,
                rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
