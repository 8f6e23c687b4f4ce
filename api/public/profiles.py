"""People and topics as readers get them: as the live releases that carry them have them.

A release's snapshot holds the public profile of each person it credits and
the name and description of each topic it uses (editorial.snapshot_people),
written out when it is published (editorial.published_profiles). Readers
get those, never the rows editors are editing: a profile is the person as
the latest live release crediting them has them, a topic as the latest live
release using it. An edit of a bio or a description reaches readers with
the next release that carries it.
"""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Max, OuterRef, Q, Subquery

from editorial.models import (
    PublishedCredit,
    PublishedGuide,
    PublishedPerson,
    PublishedTopic,
    PublishedTopicDetail,
)
from editorial.snapshot_people import PROFILE_FIELDS, TOPIC_DETAIL_FIELDS
from guidance.models import Person
from guidance.rendering import render_markdown

# The newest first: the latest live release is the one readers see a person or topic as.
NEWEST_FIRST = ("-release__go_live_at", "-release_id")


def live_profile(slug, using=DEFAULT_DB_ALIAS):
    """The public profile of the person ``slug`` names now, as the latest live release
    crediting them carries it (a dict of PROFILE_FIELDS and ``person_id``), or None.

    One query. None too for someone credited only by signing off releases
    made since releases carried profiles: see ``signed_off_profile``.
    """
    return (
        PublishedPerson.objects.using(using)
        .live()
        .filter(person__slug=slug)
        .order_by(*NEWEST_FIRST)
        .values("person_id", *PROFILE_FIELDS)
        .first()
    )


def signed_off_profile(slug, using=DEFAULT_DB_ALIAS):
    """The profile of a clinician credited on live guides only for signing them off: their
    name and credentials as they signed the latest (the sign-off records them), nothing
    else, for nothing else of them was signed off. None if they signed no live guide."""
    person = Person.objects.using(using).filter(slug=slug).values_list("pk", flat=True).first()
    if person is None:
        return None
    signed = PublishedCredit.objects.using(using).filter(
        person=person, role=PublishedCredit.SIGNED_OFF
    )
    reviewer = (
        PublishedGuide.objects.using(using)
        .live()
        .filter(release__in=signed.values("release"))
        .order_by(*NEWEST_FIRST)
        .values_list("reviewer", flat=True)
        .first()
    )
    if reviewer is None:
        return None
    return {
        **dict.fromkeys(PROFILE_FIELDS, ""),
        "person_id": person,
        "name": reviewer["name"],
        "credentials": reviewer["credentials"],
    }


def live_topics(using=DEFAULT_DB_ALIAS):
    """The topics of live guides and tips, by slug, each with the name and description the
    latest live release using it carries, and its counts of live guides and tips (one query)."""
    shown = (
        PublishedTopicDetail.objects.live().filter(slug=OuterRef("slug")).order_by(*NEWEST_FIRST)
    )
    return (
        PublishedTopic.objects.using(using)
        .live()
        .values("slug")
        .annotate(
            published_name=Max("name"),
            shown_name=Subquery(shown.values("name")[:1]),
            description=Subquery(shown.values("description")[:1]),
            guide_count=Count("release", filter=Q(tip=None), distinct=True),
            tip_count=Count("tip", distinct=True),
        )
        .order_by("slug")
    )


def topic_answer(row):
    """A topic as ``GET /api/v1/topics/`` lists it, from a ``live_topics`` row."""
    return {
        "slug": row["slug"],
        # Rows published before releases carried topic details: the name they tagged.
        "name": row["shown_name"] or row["published_name"],
        "description": row["description"] or "",
        "guide_count": row["guide_count"],
        "tip_count": row["tip_count"],
    }


def carried_by_live_guide(slug, using=DEFAULT_DB_ALIAS):
    """What the live release of the guide ``slug`` carries of its people and topics, for
    its reader page: ``{"people": [...], "topic_details": [...]}`` by slug (two queries)."""
    release = PublishedGuide.objects.live().filter(slug=slug).values("release_id")
    people = PublishedPerson.objects.using(using).filter(release__in=release)
    topics = PublishedTopicDetail.objects.using(using).filter(release__in=release)
    return about_people_and_topics(
        list(people.order_by("slug").values(*PROFILE_FIELDS)),
        list(topics.order_by("slug").values(*TOPIC_DETAIL_FIELDS)),
    )


def about_people_and_topics(people, topic_details):
    """The people and topics a reader page shows: each bio also as sanitized HTML."""
    return {
        "people": [
            {
                **person,
                "bio_html": render_markdown(person["bio"]),
                "specialties": [p.strip() for p in person["specialties"].split(",") if p.strip()],
            }
            for person in people
        ],
        "topic_details": topic_details,
    }
