"""The texts of a guide snapshot that readers read, each with where it is."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    section: str | None  # anchor; None for the guide's own fields
    tip: str | None  # public id
    field: str  # title, summary, heading, body, lead
    text: str

    @property
    def where(self):
        return {"section": self.section, "tip": self.tip, "field": self.field}


def sections_of(snapshot):
    """Every section and subsection, in outline order."""
    for section in snapshot.get("sections", []):
        yield section
        yield from section.get("subsections", [])


def section_texts(section):
    """A section's own texts: its heading and intro, then each tip's lead and body.

    Subsections are sections of their own.
    """
    anchor = section["anchor"]
    yield Text(anchor, None, "heading", section.get("heading", ""))
    yield Text(anchor, None, "body", section.get("body", ""))
    for tip in section.get("tips", []):
        yield Text(anchor, tip["id"], "lead", tip.get("lead", ""))
        yield Text(anchor, tip["id"], "body", tip.get("body", ""))


def guide_texts(snapshot):
    yield Text(None, None, "title", snapshot.get("title", ""))
    yield Text(None, None, "summary", snapshot.get("summary", ""))
    for section in sections_of(snapshot):
        yield from section_texts(section)
