"""Prepare a release for readers: the rows the public API reads (models/published.py).

Called by ``guide_publish`` inside its transaction, so a release is never
without them; ``manage.py index_releases`` fills them in for releases made
before they existed. Everything here is derived from the release's snapshot
and its sign-off, both immutable, so doing it once is enough.
"""

import json

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone

from editorial.checks.readability import reading_level
from editorial.legacy_pins import full_snapshot
from editorial.models import (
    PublicVersion,
    PublishedCredit,
    PublishedGuide,
    PublishedTip,
    PublishedTopic,
)
from editorial.policy import AUTHOR_ROLES
from editorial.public_rows import record_public_rows
from editorial.published_profiles import write_profiles
from editorial.search_stems import searchable
from editorial.signals import public_content_committed
from guidance.models import Person
from guidance.rendering import render_markdown


def public_content_changed(*, guides=None, **kwargs):
    """What readers get has changed: cached public answers made before it no longer hold.

    Advances ``PublicVersion`` inside the caller's transaction, so it moves
    only if the change commits. The only way it moves: called by the steps
    that change what readers get (a guide's publish and withdrawal, a safety
    release, ``index_releases``). Edits of people and topics move nothing:
    readers get them as the releases carrying them have them.
    Site notices and crisis resources reach readers only by a safety release.
    Once the change commits, ``public_content_committed`` tells proxies and
    CDNs (api/edge), and the public API's cache, with the new version and
    ``guides``: the slugs of the only guides whose own answers (their detail
    and page) the change touches, or None if it may touch any.
    """
    version = PublicVersion.advance()
    touched = None if guides is None else sorted(set(guides))
    transaction.on_commit(
        lambda: public_content_committed.send(PublicVersion, version=version, guides=touched)
    )


def slugs_of(guide):
    """Every slug readers may know ``guide`` by: its working copy's and its releases'."""
    return {guide.slug, *PublishedGuide.objects.filter(guide=guide).values_list("slug", flat=True)}


def index_release(release):
    """Write the public rows of ``release`` (a handful of queries, whatever its size)."""
    snapshot = release.snapshot
    # The clinical sign-off readers are told of: a correction's is the one it rests on.
    review = release.clinical_review or release.review
    level = release.reading_level or reading_level(snapshot)
    last_reviewed = timezone.localdate(review.decided_at)
    sections = public_sections(snapshot)
    text = "\n".join(_words_of(sections))
    # What search reads (search_vector): on PostgreSQL the vectors written below; on
    # SQLite, which has no full-text search of its own, the words' stems.
    on_postgresql = connection.vendor == "postgresql"
    published = PublishedGuide.objects.create(
        release=release,
        guide_id=release.guide_id,
        slug=snapshot["slug"],
        title=snapshot["title"],
        summary=snapshot["summary"],
        topics=snapshot["topics"],
        authors=guide_authors(snapshot),
        reviewer=reviewer_credit(review),
        last_reviewed=last_reviewed,
        review_due=release.review_due,
        go_live_at=release.go_live_at,
        reading_level=level["grade"],
        content={
            "sections": sections,
            "contributors": snapshot["contributors"],
            "sources": snapshot["sources"],
        },
        sections_json=ready_json(sections),
        tip_count=sum(1 for _ in _tips_in_order(sections)),
        text=text,
        search_vector=None
        if on_postgresql
        else searchable(snapshot["title"], snapshot["summary"], text),
    )
    tips = PublishedTip.objects.bulk_create(
        PublishedTip(
            release=release,
            guide_id=release.guide_id,
            public_id=tip["id"],
            position=position,
            lead=tip["lead"],
            body=tip["body"],
            body_html=tip["body_html"],
            topics=tip["topics"],
            guide_slug=published.slug,
            guide_title=published.title,
            section_anchor=section["anchor"],
            section_heading=section["heading"],
            last_reviewed=last_reviewed,
            search_vector=(
                None if on_postgresql else searchable(tip["lead"], tip["body"], section["heading"])
            ),
        )
        for position, (section, tip) in enumerate(_tips_in_order(sections), start=1)
    )
    PublishedTopic.objects.bulk_create(
        [
            PublishedTopic(release=release, slug=topic["slug"], name=topic["name"])
            for topic in snapshot["topics"]
        ]
        + [
            PublishedTopic(release=release, tip=tip, slug=topic["slug"], name=topic["name"])
            for tip in tips
            for topic in tip.topics
        ]
    )
    credited = {contributor["person"]["slug"] for contributor in snapshot["contributors"]}
    people = dict(Person.objects.filter(slug__in=credited).values_list("slug", "pk"))
    PublishedCredit.objects.bulk_create(
        [
            PublishedCredit(
                release=release,
                person_id=people.get(contributor["person"]["slug"]),
                person_slug=contributor["person"]["slug"],
                role=contributor["role"],
            )
            for contributor in snapshot["contributors"]
        ]
        + [
            PublishedCredit(
                release=release,
                person_id=review.reviewer_id,
                person_slug=review.reviewer.slug,
                role=PublishedCredit.SIGNED_OFF,
            )
        ]
    )
    write_profiles(release, full_snapshot(release), people)
    if on_postgresql:
        _index_search_text(release)
    # Pinned in the audit chain as written: verify_audit finds them rewritten.
    record_public_rows(release)
    return published


def ready_json(value):
    """``value`` as the public API sends JSON: DRF's JSONRenderer with its defaults.

    Compact, Unicode unescaped, and the line and paragraph separators escaped
    (JavaScript strings cannot hold them). A test holds the two to the same bytes.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def guide_authors(snapshot, roles=AUTHOR_ROLES):
    """Who wrote the guide: the people credited in ``roles`` (by default every
    writing role and the original author), once each, in credit order."""
    authors = []
    for contributor in snapshot["contributors"]:
        if contributor["role"] in roles and contributor["person"] not in authors:
            authors.append(contributor["person"])
    return authors


def reviewer_credit(review):
    """Who signed off ``review``, with their credentials as they were at signing."""
    return {
        "slug": review.reviewer.slug,
        "name": review.reviewer_name,
        "credentials": review.reviewer_credentials,
        "clinical_credential": review.reviewer_clinical_credential,
    }


def public_sections(snapshot):
    """The snapshot's sections as readers get them: every Markdown body also as sanitized HTML.

    For a release's public rows, and for a working copy's preview.
    """
    return [_public_section(section) for section in snapshot["sections"]]


def _public_section(section):
    return {
        "anchor": section["anchor"],
        "heading": section["heading"],
        "body": section["body"],
        "body_html": render_markdown(section["body"]),
        "list_style": section["list_style"],
        "tips": [
            {
                "id": tip["id"],
                "lead": tip["lead"],
                "body": tip["body"],
                "body_html": render_markdown(tip["body"]),
                "topics": tip["topics"],
            }
            for tip in section["tips"]
        ],
        "subsections": [_public_section(subsection) for subsection in section["subsections"]],
    }


def _words_of(sections):
    for section in sections:
        yield from (section["heading"], section["body"])
        for tip in section["tips"]:
            yield from (tip["lead"], tip["body"])
        yield from _words_of(section["subsections"])


def _tips_in_order(sections):
    for section in sections:
        for tip in section["tips"]:
            yield section, tip
        yield from _tips_in_order(section["subsections"])


def _index_search_text(release):
    """PostgreSQL full-text search: weighted vectors, searched with a GIN index (migration)."""
    config = settings.GUIDANCE_SEARCH_CONFIG
    PublishedGuide.objects.filter(release=release).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("text", weight="C", config=config)
    )
    PublishedTip.objects.filter(release=release).update(
        search_vector=SearchVector("lead", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
        + SearchVector("section_heading", weight="C", config=config)
    )
