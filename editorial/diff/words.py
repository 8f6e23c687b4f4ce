"""Word-level diff of two texts, as safe HTML."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old, new):
    """``old`` turned into ``new`` as HTML: removed runs in <del>, inserted ones in <ins>.

    Word by word rather than character by character, so a reworded sentence reads
    as words swapped. Editors' text is escaped before anything is marked safe: a
    ``<script>`` in a tip reaches the reviewer as inert text.
    """
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    html = []
    # Whitespace never anchors a match, or "really listen" → "listen closely"
    # would pair the spaces and read as two words replaced by two others.
    matcher = difflib.SequenceMatcher(str.isspace, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            html.append(escape("".join(a[i1:i2])))
            continue
        if i1 < i2:
            html.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j1 < j2:
            html.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(html))
