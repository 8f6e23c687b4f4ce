"""Reads of the published rows that take more than a filter: live guides, the tip of
the day, credits.

Each reads the database ``using`` names: for a public answer, a replica that
has replayed the public version, or the primary (api/public/replicas.py).
Those that take ``state``, the public state an answer is computed under
(api.public.caching.state), read what changes only with it once per
process; without it (None), they read it each time.
"""

import datetime
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from api.pagination import CountedSequence
from api.public.lookups import OneOf
from api.public.prepared import PreparedQuery
from api.public.serializers import GuideSummarySerializer, TipListItemSerializer
from editorial.models import (
    PublishedCredit,
    PublishedGuide,
    PublishedTip,
    PublishedTopic,
    Release,
)
from editorial.selectors import releases_read_up_to


def live_guides(using=DEFAULT_DB_ALIAS):
    """The live guides by title, each with ``published_at`` (when it first went live).

    What the guide list serves, and the reader's index of guides.
    """
    return _as_summaries(PublishedGuide.objects.using(using).live())


def _as_summaries(published_guides, at=None):
    first_went_live = Subquery(
        Release.objects.filter(guide=OuterRef("guide"))
        .ever_public(at=at)
        .order_by("number")
        .values("go_live_at")[:1]
    )
    return (
        published_guides.annotate(published_at=first_went_live)
        .defer("content", "sections_json", "text", "search_vector")
        .order_by("title", "slug")
    )


# What a tip's item in a list reads of its published row.
TIP_COLUMNS = TipListItemSerializer.TIP_COLUMNS

# What a guide's answer reads of its live release's public rows.
GUIDE_FIELDS = (
    "slug",
    "title",
    "summary",
    "topics",
    "authors",
    "reviewer",
    "last_reviewed",
    "review_due",
    "reading_level",
    "guide_id",
)


def _live_guide_row(slug, at, *, ready_sections):
    if ready_sections:
        content = ("sections_json",)
        parts = {
            "contributors": KeyTransform("contributors", "content"),
            "sources": KeyTransform("sources", "content"),
        }
    else:
        content, parts = ("content",), {}
    return (
        PublishedGuide.objects.live(at=at)
        .filter(slug=slug)
        .values(
            *GUIDE_FIELDS,
            *content,
            number=F("release__number"),
            updated_at=F("release__go_live_at"),
            **parts,
        )[:1]
    )


_EXAMPLE_SLUGS = ("a", "b")
_EXAMPLE_MOMENTS = (
    datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2002, 2, 2, tzinfo=datetime.UTC),
)
_live_guide_answer = PreparedQuery(
    functools.partial(_live_guide_row, ready_sections=True),
    slug=_EXAMPLE_SLUGS,
    at=_EXAMPLE_MOMENTS,
)
_live_guide_page = PreparedQuery(
    functools.partial(_live_guide_row, ready_sections=False),
    slug=_EXAMPLE_SLUGS,
    at=_EXAMPLE_MOMENTS,
)
_releases_read = PreparedQuery(
    releases_read_up_to, guide_id=(1, 2), number=(1, 2), at=_EXAMPLE_MOMENTS
)


def live_guide(slug, *, ready_sections=False, using=DEFAULT_DB_ALIAS):
    """The live release's public rows of the guide ``slug``, as a dict, or None.

    Its keys: GUIDE_FIELDS, the release's ``number`` and ``updated_at`` (its
    go-live time), and its content: with ``ready_sections``, for an answer
    sent as JSON, ``sections_json`` (the sections as JSON text) and the
    ``contributors`` and ``sources`` taken out of the content by the
    database; otherwise the whole parsed ``content``.
    """
    query = _live_guide_answer if ready_sections else _live_guide_page
    rows = query(using, slug=slug, at=timezone.now())
    return rows[0] if rows else None


def releases_read(guide, using=DEFAULT_DB_ALIAS):
    """The releases readers have had of the live ``guide`` (a live_guide row), newest first."""
    return _releases_read(
        using, guide_id=guide["guide_id"], number=guide["number"], at=timezone.now()
    )


def live_guide_tip_counts(at=None, using=DEFAULT_DB_ALIAS, state=None):
    """The guides live at ``at`` (default now) as (release id, tip count), by title.

    One row per live guide. Given the public ``state`` an answer is computed
    under, read once per public version and process (the live set changes
    only with the version, or at a go-live, when the state expires).
    """

    def read():
        return list(
            PublishedGuide.objects.using(using)
            .live(at=at)
            .order_by("title", "slug")
            .values_list("release_id", "tip_count")
        )

    if state is None:
        return read()
    return state.remember(("live guide tip counts", at), read, using)


def live_release_ids(using=DEFAULT_DB_ALIAS, state=None):
    """The live guides' release ids (read once per public ``state``, if given)."""
    return [release for release, _ in live_guide_tip_counts(using=using, state=state)]


class LiveGuidesInOrder(CountedSequence):
    """The live guides in the guide list's order (title, slug), as a sequence a paginator
    counts and slices: the count from the live guides' rows read once per public
    version, and only the page's guides read in full."""

    def __init__(self, using=DEFAULT_DB_ALIAS, state=None):
        self.using = using
        self.releases = [release for release, _ in live_guide_tip_counts(using=using, state=state)]

    def count(self):
        return len(self.releases)

    def page(self, start, stop):
        wanted = self.releases[start:stop]
        if not wanted:
            return []
        return _guide_summaries(self.using, releases=wanted, at=timezone.now())


# The guide summaries of ``releases`` at ``at``, by title: compiled once, whatever
# their number.
_guide_summaries = PreparedQuery(
    lambda releases, at: _as_summaries(
        PublishedGuide.objects.filter(OneOf(F("release_id"), releases)), at=at
    ).values(*GuideSummarySerializer.SUMMARY_COLUMNS),
    releases=([1], [2, 3]),
    at=_EXAMPLE_MOMENTS,
)


class LiveTipsInGuideOrder(CountedSequence):
    """The live tips in the tips list's order (guide title, guide, position), as a
    sequence a paginator counts and slices without reading every live tip.

    Each live guide's release stores how many tips it has, numbered from 1
    in order, so a count adds up the live guides' counts and a slice finds
    its guides and positions among them: one query for the guides (a row
    each), one for the tips of the slice (on the release-and-position index).
    """

    ORDER = ("guide_title", "guide_slug", "position", "pk")

    def __init__(self, at=None, using=DEFAULT_DB_ALIAS, state=None):
        self.using = using
        self.guides = live_guide_tip_counts(at, using, state)

    def count(self):
        return sum(tips for _, tips in self.guides)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return super().__getitem__(index)
        found = self[index : index + 1]
        if not found:
            raise IndexError(index)
        return found[0]

    def page(self, start, stop):
        if start < 0 or (stop or 0) < 0:
            raise ValueError("Only forward slices from the start are supported.")
        return self._read(start, self.count() if stop is None else stop)

    def _read(self, start, stop):
        return list(self._between(start, stop).order_by(*self.ORDER))

    def place(self, index):
        """Where the tip at ``index`` (0 to count - 1) is: its release and position."""
        before = 0
        for release, tips in self.guides:
            if index < before + tips:
                return release, index - before + 1
            before += tips
        raise IndexError(index)

    def _between(self, start, stop):
        wanted, before = [], 0
        for release, tips in self.guides:
            first, last = max(start - before, 0) + 1, min(stop - before, tips)
            if first <= last:
                wanted.append(Q(release=release, position__range=(first, last)))
            before += tips
            if before >= stop:
                break
        tips = PublishedTip.objects.using(self.using)
        if not wanted:
            return tips.none()
        return tips.filter(Q.create(wanted, Q.OR)).values(*TIP_COLUMNS)


def live_topic_tip_counts(slug, at=None, using=DEFAULT_DB_ALIAS, state=None):
    """How many tips on the topic ``slug`` each guide live at ``at`` has: {release id: count}.

    One query, on the topic's rows among the live releases; given the public
    ``state``, read once per public version, topic and process.
    """

    def read():
        live = [release for release, _ in live_guide_tip_counts(at, using, state)]
        rows = (
            PublishedTopic.objects.using(using)
            .filter(
                OneOf(F("release_id"), live),
                slug=slug,
                tip__isnull=False,
            )
            .order_by()
            .values_list("release_id")
            .annotate(tips=Count("*"))
        )
        return dict(rows)

    if state is None:
        return read()
    return state.remember(("topic tip counts", slug, at), read, using)


class LiveTipsOnTopic(LiveTipsInGuideOrder):
    """The live tips on a topic, in the tips list's order, as a sequence a paginator
    counts and slices: the count from each live guide's tips on the topic (read once
    per public version), and a page reads only the tips of the guides it spans."""

    def __init__(self, topic, at=None, using=DEFAULT_DB_ALIAS, state=None):
        on_topic = live_topic_tip_counts(topic.slug, at, using, state)
        self.slug, self.using = topic.slug, using
        self.guides = [
            (release, on_topic[release])
            for release, _ in live_guide_tip_counts(at, using, state)
            if on_topic.get(release)
        ]

    def _read(self, start, stop):
        spanned, before, skip = [], 0, 0
        for release, tips in self.guides:
            if before + tips > start and before < stop:
                if not spanned:
                    skip = start - before
                spanned.append(release)
            before += tips
            if before >= stop:
                break
        if not spanned:
            return []
        on_topic = PublishedTopic.objects.filter(
            OneOf(F("release_id"), spanned), slug=self.slug, tip__isnull=False
        )
        tips = PublishedTip.objects.using(self.using).filter(
            OneOf(F("release_id"), spanned), pk__in=on_topic.values("tip_id")
        )
        return list(tips.order_by(*self.ORDER).values(*TIP_COLUMNS)[skip : skip + stop - start])

    def place(self, index):
        raise NotImplementedError("Positions on a topic are not numbered.")


_tips_by_id = PreparedQuery(
    lambda ids: (
        PublishedTip.objects.filter(OneOf(F("pk"), ids)).order_by().values("pk", *TIP_COLUMNS)
    ),
    ids=([1], [2, 3]),
)


class LiveTipsMatching(CountedSequence):
    """The live tips matching a search, best first, then in the tips list's order, as a
    sequence a paginator counts and slices (PostgreSQL).

    At most ``API_SEARCH_CANDIDATES`` matches, the first the full-text index
    finds among the live releases, are ranked, and only their ids, ranks and
    ordering columns are: one query gives the page's ids and how many were
    ranked, a second reads the page's tips. ``offset`` and ``limit``: the page
    the request will ask for.
    """

    # Raw SQL: ranking a bounded candidate set before the page is chosen takes a
    # derived table, which the ORM does not write.
    RANKED = """
        SELECT id, COUNT(*) OVER () FROM (
            SELECT id, guide_title, guide_slug, position,
                   ts_rank(search_vector, query) AS relevance
            FROM {table}, websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS query
            WHERE search_vector @@ query AND release_id = ANY(%(releases)s)
            LIMIT %(candidates)s
        ) AS candidates
        ORDER BY relevance DESC, guide_title, guide_slug, position, id
        LIMIT %(limit)s OFFSET %(offset)s
    """
    COUNTED = """
        SELECT COUNT(*) FROM (
            SELECT 1
            FROM {table}, websearch_to_tsquery(%(config)s::regconfig, %(text)s) AS query
            WHERE search_vector @@ query AND release_id = ANY(%(releases)s)
            LIMIT %(candidates)s
        ) AS candidates
    """

    def __init__(self, text, offset, limit, using=DEFAULT_DB_ALIAS, state=None):
        self.using = using
        self.parameters = {
            "config": settings.GUIDANCE_SEARCH_CONFIG,
            "text": text,
            "releases": live_release_ids(using, state),
            "candidates": settings.API_SEARCH_CANDIDATES,
        }
        self.offset, self.limit = offset, limit
        self._page, self._count = None, None

    def count(self):
        if self._count is not None:
            return self._count
        # No list holds two billion rows: a page beyond that is past the end, and its
        # offset would overflow the database's integers.
        if self.offset + self.limit <= 2**31 - 1:
            self._page = self._run(self.RANKED, limit=self.limit, offset=self.offset)
        if self._page:
            self._count = self._page[0][1]
        elif self.offset == 0:  # nothing on the first page: nothing matched
            self._count = 0
        else:  # a page past the end: no row carries the count
            self._count = self._run(self.COUNTED)[0][0]
        return self._count

    def page(self, start, stop):
        if start != self.offset or stop is None or stop > self.offset + self.limit:
            raise ValueError("Only the page given when this was made can be read.")
        self.count()
        ids = [tip_id for tip_id, _ in self._page or ()][: stop - start]
        if not ids:
            return []
        by_id = {row.pop("pk"): row for row in _tips_by_id(self.using, ids=ids)}
        return [by_id[tip_id] for tip_id in ids]

    def _run(self, sql, **more):
        if not self.parameters["releases"]:
            return [(0,)] if sql is self.COUNTED else []
        with connections[self.using].cursor() as cursor:
            cursor.execute(
                sql.format(table=PublishedTip._meta.db_table), {**self.parameters, **more}
            )
            return cursor.fetchall()


def _live_tip_once_at_row(release, position, live):
    # Among the releases the public state holds as live, not by working out again
    # which are: the tip is found on its public id's index.
    was_there = PublishedTip.objects.filter(release_id=release, position=position)
    return (
        PublishedTip.objects.filter(
            OneOf(F("release_id"), live), public_id__in=was_there.values("public_id")
        )
        .order_by()
        .values(*TIP_COLUMNS)[:1]
    )


# The live version of the tip that was at ``position`` in ``release``: [] if none is live.
_live_tip_once_at = PreparedQuery(
    _live_tip_once_at_row, release=(1, 2), position=(1, 2), live=([1], [2, 3])
)
# The tip at ``position`` in ``release``.
_tip_at = PreparedQuery(
    lambda release, position: (
        PublishedTip.objects.filter(release_id=release, position=position)
        .order_by()
        .values(*TIP_COLUMNS)[:1]
    ),
    release=(1, 2),
    position=(1, 2),
)


# A prime: stepping by it through any number of tips (fewer than it squared)
# visits every one before any comes round again.
DAILY_STRIDE = 7919
DAILY_STRIDE_ALTERNATIVE = 7907


def daily_index(day, total):
    """Which of ``total`` tips is ``day``'s: far from yesterday's, each in turn."""
    stride = DAILY_STRIDE if total % DAILY_STRIDE else DAILY_STRIDE_ALTERNATIVE
    return day.toordinal() * stride % total


def tip_of_the_day(day, using=DEFAULT_DB_ALIAS, state=None):
    """The day's tip: picked among the tips live at 00:00 UTC, served as live now.

    Picking among the tips of the day's start keeps the choice for the whole
    day, whatever is published meanwhile; serving its live version means an
    update or a withdrawal still applies at once. Consecutive days step
    through the tips in list order by a large prime, so the tip changes every
    day, lands in another guide, and every tip comes round. Reads the live
    guides and one tip, not every live tip: two queries (four if it was withdrawn).
    """
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    at_start = LiveTipsInGuideOrder(at=start, using=using, state=state)
    total = at_start.count()
    if total:
        release, position = at_start.place(daily_index(day, total))
        live = live_release_ids(using, state)
        if release in live:  # still live, as it mostly is: the tip is where it was
            found = _tip_at(using, release=release, position=position)
        else:
            found = _live_tip_once_at(using, release=release, position=position, live=live)
        if found:
            return found[0]
    now = LiveTipsInGuideOrder(using=using, state=state)
    total = now.count()
    return now[daily_index(day, total)] if total else None


def credited_guides(person, using=DEFAULT_DB_ALIAS):
    """The live guides that credit ``person``: [{slug, title, roles}] by title (one query)."""
    credits = (
        PublishedCredit.objects.using(using)
        .live()
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
