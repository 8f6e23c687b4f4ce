"""Reading level: the Flesch-Kincaid grade of each section and of the whole guide.

Measured on the text readers read: Markdown rendered and its tags
stripped, each heading and tip lead a sentence of its own (they carry no
full stop, and would otherwise run into the next sentence). textstat counts
the words and the syllables (with the CMU pronouncing dictionary and pyphen,
both shipped in their packages: nothing is fetched). Sentences are counted
here: textstat leaves sentences of one or two words out of its count while
keeping their words, so a guide's short headings and leads ("Listen first.")
would raise its grade when they lower how hard it is to read.
"""

import html
import re

import textstat
from django.conf import settings

from editorial.checks.texts import guide_texts, section_texts, sections_of
from guidance.rendering import render_markdown

_ENDS_A_SENTENCE = re.compile(r"[.!?:;\u2026]['\"\u201d\u2019)]*$")
_TAG = re.compile(r"<[^>]+>")
# A sentence ends at . ! ? or … followed by a space or the end: "1.5" and "e.g" do not end one.
_SENTENCE_END = re.compile(r"[.!?\u2026]+['\"\u201d\u2019)]*(?=\s|$)")


def plain(text, field):
    """``text`` as a reader reads it, ending a sentence where a heading or lead ends."""
    if field in ("body", "summary"):
        # Tags become spaces: "<li>one</li><li>two</li>" is two words, not "onetwo".
        text = html.unescape(_TAG.sub(" ", render_markdown(text)))
    text = " ".join(text.split())
    if text and not _ENDS_A_SENTENCE.search(text):
        text += "."
    return text


def grade(texts):
    """The Flesch-Kincaid grade of ``texts`` (Text objects) read together; None if wordless.

    0.39 x words per sentence + 11.8 x syllables per word - 15.59.
    """
    text = " ".join(filter(None, (plain(text.text, text.field) for text in texts)))
    words = textstat.lexicon_count(text)
    if not words:
        return None
    sentences = sum(1 for part in _SENTENCE_END.split(text) if textstat.lexicon_count(part))
    syllables = textstat.syllable_count(text)
    return round(0.39 * words / max(sentences, 1) + 11.8 * syllables / words - 15.59, 1)


def reading_level(snapshot):
    """``{grade, sections: [{anchor, heading, grade}]}`` of a guide snapshot."""
    return {
        "grade": grade(list(guide_texts(snapshot))),
        "sections": [
            {
                "anchor": section["anchor"],
                "heading": section["heading"],
                "grade": grade(list(section_texts(section))),
            }
            for section in sections_of(snapshot)
        ],
    }


def max_grade():
    return settings.GUIDANCE_MAX_READING_GRADE


def is_over_limit(level):
    return level["grade"] is not None and level["grade"] > max_grade()
