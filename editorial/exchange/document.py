"""The export: working copies as one JSON document, built from the canonical snapshot.

A guide is written as editorial.snapshot serializes it (so a round trip
through an empty database gives the same fingerprints), with topics and
people by slug and described once, at the top of the document.
"""

from django.utils import timezone

from editorial.snapshot import serialize_guides
from guidance.models import Guide, Person, Topic

FORMAT = "guidance.guides"
VERSION = 1
PERSON_FIELDS = ("slug", "name", "credentials", "job_title", "bio", "photo_url", "specialties")


def export_document(slugs=None):
    """The guides with these slugs (all, if none), by slug.

    Raises LookupError for a slug no guide has.
    """
    guides = Guide.objects.order_by("slug")
    if slugs:
        guides = guides.filter(slug__in=slugs)
        missing = sorted(set(slugs) - set(guides.values_list("slug", flat=True)))
        if missing:
            raise LookupError(f"No guide has the slug {', '.join(missing)}.")
    guides = list(guides)
    snapshots = serialize_guides(guides)
    documents = [_guide(snapshots[guide.pk]) for guide in guides]
    topic_slugs = {slug for guide in documents for slug in _topic_slugs(guide)}
    person_slugs = {c["person"] for guide in documents for c in guide["contributors"]}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "topics": [
            {"slug": topic.slug, "name": topic.name, "description": topic.description}
            for topic in Topic.objects.filter(slug__in=topic_slugs).order_by("slug")
        ],
        "people": [
            {name: getattr(person, name) for name in PERSON_FIELDS}
            for person in Person.objects.filter(slug__in=person_slugs).order_by("slug")
        ],
        "guides": documents,
    }


def _guide(snapshot):
    return {
        "slug": snapshot["slug"],
        "title": snapshot["title"],
        "summary": snapshot["summary"],
        "topics": [topic["slug"] for topic in snapshot["topics"]],
        "sections": [_section(section) for section in snapshot["sections"]],
        "contributors": [
            {"person": contributor["person"]["slug"], "role": contributor["role"]}
            for contributor in snapshot["contributors"]
        ],
        "sources": snapshot["sources"],
    }


def _section(section):
    return {
        "anchor": section["anchor"],
        "heading": section["heading"],
        "body": section["body"],
        "list_style": section["list_style"],
        "tips": [
            {**tip, "topics": [topic["slug"] for topic in tip["topics"]]}
            for tip in section["tips"]
        ],
        "subsections": [_section(subsection) for subsection in section["subsections"]],
    }


def _topic_slugs(guide):
    yield from guide["topics"]
    for section in guide["sections"]:
        for part in [section, *section["subsections"]]:
            for tip in part["tips"]:
                yield from tip["topics"]
