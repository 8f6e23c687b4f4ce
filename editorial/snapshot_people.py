"""The people and topics a guide's snapshot carries: what readers see of them.

A reader sees more of a person than the name and credentials beside a guide:
their public profile (job title, bio, photo, specialties). And a topic has a
description besides its name. Since snapshot format 2, a snapshot holds
both for everything the guide uses (``people``: every contributor;
``topic_details``: every topic of the guide and of its tips), so they are
part of the fingerprint: an edit of a bio or of a topic's description
changes every guide that shows it, needs a sign-off like any other edit, and
reaches readers with the guide's next release.

Pure functions over rows already read with the guide (editorial.snapshot
prefetches them): no query of their own.
"""

# A person's public profile, as a snapshot holds it (and the public API shows it).
PROFILE_FIELDS = ("slug", "name", "credentials", "job_title", "bio", "photo_url", "specialties")
TOPIC_DETAIL_FIELDS = ("slug", "name", "description")
# What the reviewer's diff names of each, in this order.
PROFILE_LABELS = {
    "name": "name",
    "credentials": "credentials",
    "job_title": "job title",
    "bio": "bio",
    "photo_url": "photo",
    "specialties": "specialties",
}


def people_part(people, text):
    """The public profiles of ``people`` (Person rows), once each, by slug.

    ``text``: the snapshot's line-break normalizer, for the bio.
    """
    by_slug = {}
    for person in people:
        by_slug.setdefault(
            person.slug,
            {
                "slug": person.slug,
                "name": person.name,
                "credentials": person.credentials,
                "job_title": person.job_title,
                "bio": text(person.bio),
                "photo_url": person.photo_url,
                "specialties": person.specialties,
            },
        )
    return [by_slug[slug] for slug in sorted(by_slug)]


def topics_part(topics, text):
    """The name and description of each of ``topics`` (Topic rows), once each, by slug."""
    by_slug = {}
    for topic in topics:
        by_slug.setdefault(
            topic.slug,
            {"slug": topic.slug, "name": topic.name, "description": text(topic.description)},
        )
    return [by_slug[slug] for slug in sorted(by_slug)]


def extras_of(snapshot):
    """The people and topic details of a (format 2) snapshot: {people, topic_details}."""
    return {
        "people": snapshot.get("people", []),
        "topic_details": snapshot.get("topic_details", []),
    }


def profile_changes(old, new):
    """What changed in the profiles and topic descriptions from ``old`` to ``new`` (snapshots).

    [(name, label, before, after)]: one for each field of a person or topic the
    new snapshot carries that is not as the old one had it, e.g.
    ("person:priya:bio", "Priya Lindqvist's bio", "...", "..."). A person or
    topic the guide no longer uses is not listed (its credit or tag removed is),
    nor a topic's name (its tags show a renamed topic).
    """
    changes = []
    old_people = {person["slug"]: person for person in (old or {}).get("people", [])}
    for person in new.get("people", []):
        before = old_people.get(person["slug"], {})
        for field, label in PROFILE_LABELS.items():
            was, now = before.get(field, ""), person.get(field, "")
            if was != now:
                owner = person["name"] or person["slug"]
                changes.append(
                    (f"person:{person['slug']}:{field}", f"{owner}'s {label}", was, now)
                )
    old_topics = {topic["slug"]: topic for topic in (old or {}).get("topic_details", [])}
    for topic in new.get("topic_details", []):
        was = old_topics.get(topic["slug"], {}).get("description", "")
        if was != topic["description"]:
            label = f"Topic “{topic['name']}”'s description"
            changes.append(
                (f"topic:{topic['slug']}:description", label, was, topic["description"])
            )
    return changes
