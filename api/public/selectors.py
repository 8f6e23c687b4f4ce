"""Reads of the published rows that take more than a filter: live guides, the tip of
the day, credits."""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery

from editorial.models import PublishedCredit, PublishedGuide, PublishedTip, Release


def live_guides():
    """The live guides by title, each with ``published_at`` (when it first went live).

    What the guide list serves, and the reader's index of guides.
    """
    first_went_live = Subquery(
        Release.objects.filter(guide=OuterRef("guide"))
        .ever_public()
        .order_by("number")
        .values("go_live_at")[:1]
    )
    return (
        PublishedGuide.objects.live()
        .annotate(published_at=first_went_live)
        .defer("content", "text", "search_vector")
        .order_by("title", "slug")
    )


def live_guide(slug):
    """The live release's public rows of the guide ``slug`` (PublishedGuide), or None."""
    return (
        PublishedGuide.objects.live()
        .filter(slug=slug)
        .select_related("release")
        .defer("release__snapshot", "text", "search_vector")
        .first()
    )


def tip_of_the_day(day):
    """The day's tip: picked among the tips live at 00:00 UTC, served as live now.

    Picking among the tips of the day's start keeps the choice for the whole
    day, whatever is published meanwhile; serving its live version means an
    update or a withdrawal still applies at once. Consecutive days take
    consecutive tips of a fixed shuffle (public ids are random), so the tip
    changes every day and every tip comes round. Two or three queries.
    """
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    tips = PublishedTip.objects.defer("search_vector").order_by("public_id", "pk")
    at_start, now = tips.live(at=start), tips.live()
    counts = PublishedTip.objects.aggregate(
        at_start=Count("pk", filter=Q(pk__in=at_start.values("pk"))),
        now=Count("pk", filter=Q(pk__in=now.values("pk"))),
    )
    if counts["at_start"]:
        picked = at_start.values("public_id")[day.toordinal() % counts["at_start"] :][:1]
        tip = now.filter(public_id__in=picked).first()
        if tip is not None:
            return tip
    return now[day.toordinal() % counts["now"]] if counts["now"] else None


def credited_guides(person):
    """The live guides that credit ``person``: [{slug, title, roles}] by title (one query)."""
    credits = (
        PublishedCredit.objects.live()
        .filter(person=person)
        .values_list("release__published__slug", "release__published__title", "role")
        .order_by("release__published__title", "role")
    )
    guides = {}
    for slug, title, role in credits:
        guides.setdefault(slug, {"slug": slug, "title": title, "roles": []})
        if role not in guides[slug]["roles"]:
            guides[slug]["roles"].append(role)
    return list(guides.values())
