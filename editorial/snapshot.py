"""The canonical serialization of a guide's working copy, and its fingerprint.

One function turns a guide into plain data. The clinical sign-off pins the
SHA-256 of that data (its fingerprint); publishing stores the very same data
as the release snapshot that the public API serves. So readers get exactly
what the reviewer approved, and any edit (to the guide, a section, a tip, a
contributor or a source, or to the public profile of a person it credits or
a topic it uses: editorial.snapshot_people) changes the fingerprint and
voids the approval.

Order is part of the content (arrays follow the outline); database ids and
position numbers are not, so renumbering 1, 3 to 1, 2 changes nothing.
"""

import hashlib
import json

from django.db.models import Prefetch

from editorial.snapshot_people import people_part, topics_part
from guidance.models import Contributor, Guide, Section, Source, Tip

# 2: with ``people`` and ``topic_details`` (editorial.snapshot_people). Releases and
# sign-offs of format 1 stand for them as editorial.legacy_pins records.
SNAPSHOT_FORMAT = 2


def canonical_json(data):
    """The bytes the fingerprint is taken of: sorted keys, compact, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint_of(data):
    return hashlib.sha256(canonical_json(data)).hexdigest()


def serialize_guide(guide):
    """The guide's working copy as a deterministic structure.

    Reads the guide in seven queries whatever its size.
    """
    return _snapshot(_with_content(Guide.objects).get(pk=guide.pk))


def serialize_guides(guides):
    """``{pk: serialize_guide(guide)}`` for ``guides``, read in the same seven queries.

    However many guides and however large they are. A guide deleted meanwhile
    is left out.
    """
    pks = [guide.pk for guide in guides]
    loaded = _with_content(Guide.objects.filter(pk__in=pks)).in_bulk()
    return {pk: _snapshot(guide) for pk, guide in loaded.items()}


def _with_content(guides):
    """``guides`` with every row their snapshots read, one query per kind of row."""
    return guides.prefetch_related(
        "topics",
        Prefetch(
            "sections",
            queryset=Section.objects.in_outline_order().prefetch_related(
                Prefetch("tips", queryset=Tip.objects.order_by("position")),
                "tips__topics",
            ),
        ),
        Prefetch(
            "contributors",
            queryset=Contributor.objects.select_related("person").order_by("position"),
        ),
        Prefetch("sources", queryset=Source.objects.order_by("position")),
    )


def _snapshot(guide):
    sections = list(guide.sections.all())
    children = {}
    for section in sections:
        if section.parent_id:
            children.setdefault(section.parent_id, []).append(section)
    contributors = list(guide.contributors.all())
    topics = [
        *guide.topics.all(),
        *(
            topic
            for section in sections
            for tip in section.tips.all()
            for topic in tip.topics.all()
        ),
    ]
    return {
        "format": SNAPSHOT_FORMAT,
        "slug": guide.slug,
        "title": guide.title,
        "summary": _text(guide.summary),
        "topics": _topics(guide.topics.all()),
        "sections": [
            _section(section, children.get(section.pk, []))
            for section in sections
            if section.parent_id is None
        ],
        "contributors": [
            {
                "person": {
                    "slug": contributor.person.slug,
                    "name": contributor.person.name,
                    "credentials": contributor.person.credentials,
                },
                "role": contributor.role,
            }
            for contributor in contributors
        ],
        "sources": [
            {
                "citation": _text(source.citation),
                "url": source.url,
                "published_on": source.published_on.isoformat() if source.published_on else None,
            }
            for source in guide.sources.all()
        ],
        "people": people_part((contributor.person for contributor in contributors), _text),
        "topic_details": topics_part(topics, _text),
    }


def _text(value):
    # Browsers send textarea line breaks as CRLF: saving a page unchanged in
    # the admin must not change the content a reviewer approved.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def fingerprint_guide(guide):
    """The SHA-256 of the guide's working copy as it is now."""
    return fingerprint_of(serialize_guide(guide))


def _topics(topics):
    return [
        {"slug": topic.slug, "name": topic.name}
        for topic in sorted(topics, key=lambda topic: topic.slug)
    ]


def _section(section, subsections):
    return {
        "anchor": section.anchor,
        "heading": section.heading,
        "body": _text(section.body),
        "list_style": section.list_style,
        "tips": [
            {
                "id": str(tip.public_id),
                "lead": tip.lead,
                "body": _text(tip.body),
                "topics": _topics(tip.topics.all()),
            }
            for tip in section.tips.all()
        ],
        "subsections": [_section(subsection, []) for subsection in subsections],
    }
