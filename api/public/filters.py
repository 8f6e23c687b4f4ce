"""Filters, search and ordering of the public lists, with their parameters validated.

django-filter validates every parameter before the query runs: an unknown
topic or guide, an ordering not offered, or a search string that is too
long or holds a NUL character is a 400 that names the parameter.
"""

import django_filters
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Exists, F, OuterRef, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from api.public import selectors
from api.public.lookups import OneOf
from editorial.models import PublishedGuide, PublishedTip, PublishedTopic
from editorial.search_stems import query_terms
from guidance.models import Topic

MAX_QUERY_LENGTH = 200
# What the schema says of ``q``, as the form field checks it.
QUERY_SCHEMA = {"type": "string", "maxLength": MAX_QUERY_LENGTH, "pattern": "^[^\\u0000]*$"}


class LiveFilterBackend(DjangoFilterBackend):
    """django-filter's backend, whose filter set reads its choices (live topics and guides)
    under the public state the answer is computed with, given as an argument."""

    def get_filterset(self, request, queryset, view, state=None):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return None
        kwargs = self.get_filterset_kwargs(request, queryset, view)
        return filterset_class(**kwargs, state=state)


class SearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=MAX_QUERY_LENGTH,
        label=(
            f"Search text (at most {MAX_QUERY_LENGTH} characters). Words, "
            '"quoted phrases", or -word to leave out; the best matches come first.'
        ),
    )

    def __init__(self, *args, state=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state  # the public state the answer is computed under, or None

    def search(self, queryset, name, value):
        return search(queryset, value)

    @classmethod
    def search_text(cls, request):
        """The search text of a request that asks for a search and nothing else (paging
        aside), checked as the filter checks it; None for any other request."""
        asked = set(request.query_params) & set(cls.base_filters)
        if asked != {"q"}:
            return None
        try:
            text = cls.base_filters["q"].field.clean(request.query_params.get("q"))
        except DjangoValidationError as error:
            raise ValidationError({"q": error.messages}) from error
        return text or None


def search(queryset, text):
    """``queryset``'s rows that match ``text``, best first, then in its own order.

    On PostgreSQL, by its full-text index; on SQLite (the demo), by the word
    stems publishing stored (editorial.search_stems), in the list's order.
    """
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=settings.GUIDANCE_SEARCH_CONFIG)
        # The matches the GIN index finds first, at most API_SEARCH_CANDIDATES
        # of them, are ranked: a common word costs no more than a rare one.
        candidates = queryset.filter(search_vector=query).order_by().values("pk")
        return (
            queryset.filter(pk__in=candidates[: settings.API_SEARCH_CANDIDATES])
            .annotate(relevance=SearchRank(F("search_vector"), query))
            .order_by("-relevance", *queryset.query.order_by)
        )
    groups = query_terms(text)
    if not groups:  # only stop words: PostgreSQL finds nothing either
        return queryset.none()
    for group in groups:
        queryset = queryset.filter(Q.create([_stems_match(term) for term in group], Q.OR))
    return queryset


def _stems_match(term):
    found = Q(search_vector__contains=term.pattern)
    return ~found if term.excluded else found


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """A choice among rows, named by their slug; an unknown slug is a 400.

    ``queryset``: the rows to choose among, given the database alias and the
    public state (None if unknown): they are read on the database the list is
    read on (its filter set's queryset's), under the state its answer is.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)

    def get_queryset(self, request):
        parent = getattr(self, "parent", None)
        if parent is None:
            return self.queryset(DEFAULT_DB_ALIAS, None)
        return self.queryset(parent.queryset.db, getattr(parent, "state", None))


class OrderingFilter(django_filters.OrderingFilter):
    """Orders as asked, then by the list's own order, so pages never overlap."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        if not all(value):
            raise ValidationError(
                {"ordering": ["Leave no empty item, e.g. ordering=lead,-last_reviewed."]}
            )
        ordering = [self.get_ordering_value(param) for param in value]
        return queryset.order_by(*ordering, *queryset.query.order_by)


def live_topics(using, state):
    """Topics shown in live releases: any other slug is unknown to readers (a 400)."""
    # Among the live releases the public state holds, not worked out again.
    live = selectors.live_release_ids(using, state)
    shown = PublishedTopic.objects.filter(OneOf(F("release_id"), live))
    return Topic.objects.using(using).filter(slug__in=shown.values("slug"))


def _shown_on_guide(topic):
    return Exists(
        PublishedTopic.objects.filter(release=OuterRef("release"), tip=None, slug=topic.slug)
    )


def _tips_on(topic):
    # Starting from the topic's rows (on their slug index), not from every live tip.
    return PublishedTopic.objects.filter(slug=topic.slug, tip__isnull=False).values("tip")


class TopicFilterSet(SearchFilterSet):
    """A list of what live releases show: searchable, and filtered by a live topic."""

    topic = SlugFilter(
        queryset=live_topics,
        method="by_topic",
        label="A topic's slug: only what is on this topic.",
        error_messages={"invalid_choice": "No live guide or tip is on a topic with this slug."},
    )

    def by_topic(self, queryset, name, topic):
        raise NotImplementedError


class GuideFilter(TopicFilterSet):
    ordering = OrderingFilter(
        fields=(("title", "title"), ("go_live_at", "updated_at")),
        label="title, -title, updated_at or -updated_at (default: title).",
    )

    class Meta:
        model = PublishedGuide
        fields = ["topic", "q", "ordering"]

    def by_topic(self, queryset, name, topic):
        return queryset.filter(_shown_on_guide(topic))


class TipFilter(TopicFilterSet):
    guide = SlugFilter(
        # Callable: which guides are live is read at request time, where the list is.
        queryset=lambda using, state: (
            PublishedGuide.objects.using(using).live().only("release", "slug")
        ),
        method="by_guide",
        label="A live guide's slug: only its tips.",
        error_messages={"invalid_choice": "No live guide has this slug."},
    )
    ordering = OrderingFilter(
        fields=(("guide_title", "guide"), ("last_reviewed", "last_reviewed"), ("lead", "lead")),
        label="guide, last_reviewed or lead, - for descending (default: guide, in its order).",
    )

    class Meta:
        model = PublishedTip
        fields = ["topic", "guide", "q", "ordering"]

    def by_topic(self, queryset, name, topic):
        return queryset.filter(pk__in=_tips_on(topic))

    def by_guide(self, queryset, name, published):
        return queryset.filter(release=published.release_id)
