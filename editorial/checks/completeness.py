"""The completeness check: what a guide needs before it can be submitted for review.

Readers must never get a release with no author, no source or a section
with nothing in it. So every submission (a first one, a clinical change or a
correction of a live guide) is checked here. A guide needs:

- at least one section, and no section left empty: each has an
  introduction, tips or steps, or subsections of its own;
- an author the release will credit (editorial.policy.release_author_roles):
  a clinical or editorial writer, or on a first release its original author;
- at least one source. Only this one may be waived, with a written reason
  given at submission and shown to the reviewer: some guidance rests on
  clinical consensus rather than on a citable study.

Each missing part has a stable ``id`` (``empty_section:<anchor>`` for a
section), a ``title`` saying what is missing and ``advice`` on what to add.
"""

from editorial.checks.texts import sections_of
from editorial.policy import release_author_roles

NO_SECTIONS = "no_sections"
EMPTY_SECTION = "empty_section"
NO_AUTHOR = "no_author"
NO_SOURCES = "no_sources"
# What a submitter may waive with a reason; everything else must be added.
WAIVABLE = frozenset({NO_SOURCES})
WAIVABLE_NOTE = "Missing sources alone may be waived, with a reason."


def missing_parts(snapshot, *, first_release):
    """What ``snapshot`` (a guide's canonical serialization) lacks, in outline order."""
    missing = []
    if not snapshot["sections"]:
        missing.append(
            _part(NO_SECTIONS, "It has no sections.", "Add a section with its tips or steps.")
        )
    for section in sections_of(snapshot):
        if _is_empty(section):
            missing.append(
                _part(
                    f"{EMPTY_SECTION}:{section['anchor']}",
                    f"The section “{section['heading']}” is empty: it has no introduction, "
                    "tips or steps.",
                    "Write its introduction, add its tips or steps, or delete it.",
                    section=section["anchor"],
                )
            )
    roles = release_author_roles(first_release=first_release)
    if not any(contributor["role"] in roles for contributor in snapshot["contributors"]):
        writers = "a clinical or editorial writer"
        if first_release:
            writers += ", or its original author"
        missing.append(
            _part(
                NO_AUTHOR,
                f"No author is credited ({writers}).",
                "Credit who wrote it under Contributors.",
            )
        )
    if not snapshot["sources"]:
        missing.append(
            _part(
                NO_SOURCES,
                "It cites no sources.",
                "Add the sources it rests on, or give a reason to submit it without any.",
            )
        )
    return missing


def _is_empty(section):
    return not (section["body"].strip() or section["tips"] or section.get("subsections"))


def _part(part_id, title, advice, *, section=None):
    return {
        "id": part_id,
        "title": title,
        "advice": advice,
        "section": section,
        "waivable": part_id in WAIVABLE,
    }
