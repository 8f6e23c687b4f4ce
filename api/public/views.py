"""The public read API: live releases only, anonymous, cached.

Each view says how to compute its answer from the published rows; the
base class serves it from the cache when it can (api/public/caching/) and answers
conditional requests. An answer is computed on the database ``using`` names,
a replica or the primary (replicas.py), and reads nothing elsewhere. Nothing
here reads a working copy.
"""

import datetime
import functools

from django.db import DEFAULT_DB_ALIAS, connection
from django.http import HttpRequest
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import exceptions, generics
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from api.errors import ErrorSerializer, InvalidInputSerializer
from api.pagination import CountedPage
from api.public import caching, examples, payloads, profiles, selectors
from api.public.filters import (
    MAX_QUERY_LENGTH,
    QUERY_SCHEMA,
    GuideFilter,
    LiveFilterBackend,
    TipFilter,
    search,
)
from api.public.regions import REGION, RegionalAnswer, requested_region
from api.public.rendering import render_answer
from api.public.serializers import (
    DailyTipSerializer,
    GuideDetailSerializer,
    GuideSummarySerializer,
    PersonProfileSerializer,
    TipDetailSerializer,
    TipListItemSerializer,
    TopicSerializer,
)
from api.throttling import AnonymousReadThrottle
from editorial.models import PublishedTip


def _answer_header(name, description, codes):
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=codes,
        required=True,
        description=description,
    )


# Every answer, a 304 too, says how it may be kept and how to ask whether it changed.
ANSWER_HEADERS = [
    _answer_header(
        "ETag",
        "The answer's version: send it back in If-None-Match to get a 304 while it holds.",
        [200, 304],
    ),
    _answer_header("Last-Modified", "When what readers see last changed (HTTP date).", [200, 304]),
    _answer_header(
        "Cache-Control",
        "Who may keep the answer and how long, e.g. `public, no-cache` (store, but ask each "
        "time: a cheap 304) or `public, max-age=60, s-maxage=3600`.",
        [200, 304],
    ),
]
NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag still matches.")
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After.")
INVALID = OpenApiResponse(
    InvalidInputSerializer,
    description="A parameter is malformed, unknown, or given more than once.",
)
CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="Optional: an ETag from an earlier answer, to get a 304 (no body) if it "
        "still matches.",
    ),
]


SEARCH = OpenApiParameter(
    "q",
    QUERY_SCHEMA,
    OpenApiParameter.QUERY,
    description=(
        f"Search text, at most {MAX_QUERY_LENGTH} characters and no NUL: words, "
        '"quoted phrases", or -word to leave out; the best matches come first.'
    ),
)


def public_schema(summary, answer, *, example, missing, lists=False, search=False, regional=False):
    """The OpenAPI description every public endpoint shares: its summary (one line), its
    answers with an example and their caching headers, and its errors."""
    invalid = {400: INVALID} if lists or regional else {}
    responses = {200: answer, 304: NOT_MODIFIED, **invalid}
    responses |= {404: OpenApiResponse(ErrorSerializer, missing), 429: THROTTLED}
    return extend_schema(
        tags=["public"],
        summary=summary,
        parameters=[
            *([SEARCH] if search else []),
            *([REGION] if regional else []),
            *CONDITIONAL_HEADERS,
            *ANSWER_HEADERS,
        ],
        responses=responses,
        examples=[
            OpenApiExample("An answer", value=example, response_only=True, status_codes=["200"])
        ],
    )


_JSON_ONLY = [JSONRenderer()]


def _accepts_json(request):
    """Whether DRF's content negotiation would answer this request with JSON."""
    return "format" not in request.GET and _json_acceptable(request.META.get("HTTP_ACCEPT"))


@functools.lru_cache(maxsize=256)
def _json_acceptable(accept):
    # Without ``format``, the answer depends on the Accept header alone, and clients
    # send a handful of them: each is negotiated once.
    request = HttpRequest()
    if accept is not None:
        request.META["HTTP_ACCEPT"] = accept
    try:
        DefaultContentNegotiation().select_renderer(Request(request), _JSON_ONLY)
    except exceptions.NotAcceptable:
        return False
    return True


# What a parameter given twice (?ordering=a&ordering=b) is told: each takes one value.
ONE_VALUE = {
    "ordering": "Give it once, the orderings comma-separated: ordering=title,-updated_at.",
    "region": "Give one region, e.g. region=US.",
}


class PublicEndpoint(generics.GenericAPIView):
    """Anonymous, read-only, throttled, served from the cache when it can be."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousReadThrottle]
    renderer_classes = [JSONRenderer]
    pagination_class = None

    #: Whether each answer is one guide's own (by the ``slug`` in its address).
    guide_answer = False

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET" and _accepts_json(request):
            answered = self._from_memory(request, kwargs)
            if answered is not None:
                return answered
        return super().dispatch(request, *args, **kwargs)

    def _from_memory(self, request, kwargs):
        """A repeated answer from this process's memory, before DRF handles the request.

        Most public requests repeat one this process answered under the current
        public version, and all DRF would add to them is its request and
        response handling: there is no one to authenticate, and JSON is the only
        format. The rate limit is counted here, once; anything else (a refusal,
        a bad parameter, an answer not in memory) goes the whole way, with the
        verdict and the key found here.
        """
        request.query_params = request.GET  # read by cache_parameters, as on DRF's request
        self.args, self.kwargs, self.request = (), kwargs, request
        # Sent to the cache first, read after the public version: the round trips overlap.
        finish_count = AnonymousReadThrottle.count_before_dispatch(request, self)
        try:
            key = self.answer_key(request, kwargs)
        except exceptions.APIException:
            return None
        finally:
            allowed = finish_count()
        request.public_answer_key = key
        if not allowed:
            return None
        response = caching.respond_from_memory(request, key)
        if response is not None:
            response["Allow"] = ", ".join(self.allowed_methods)
        return response

    def answer_key(self, request, kwargs):
        known = getattr(request, "public_answer_key", None)
        if known is not None:
            return known
        guide = kwargs.get("slug") if self.guide_answer else None
        return caching.answer_key(request, self.cache_parameters(request), guide=guide)

    def get(self, request, *args, **kwargs):
        key = self.answer_key(request, kwargs)
        return caching.respond(
            request,
            key,
            lambda using, state: self._compute(request, using, state, *args, **kwargs),
        )

    def _compute(self, request, using, state, *args, **kwargs):
        return caching.fresh_answer(
            lambda: self.answer(request, *args, using=using, state=state, **kwargs),
            render_answer,
            state=state,
            using=using,
        )

    def answer(self, request, *args, using, state, **kwargs):
        """The answer's data, read on the database ``using`` under the public ``state`` its
        key was made with (passed on to the selectors and payloads that take it)."""
        raise NotImplementedError

    def known_parameters(self):
        return {"format"}  # DRF's own; only JSON is offered

    def cache_parameters(self, request):
        """The query parameters an answer depends on; any other is refused (400), and so is
        one given twice (each takes one value: a list is comma-separated).

        Refused rather than ignored: a misspelt filter must not quietly answer
        with everything, and made-up parameters must not each fill the cache.
        """
        known = self.known_parameters()
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [f"Unknown parameter. Known: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )
        repeated = [name for name, values in request.query_params.lists() if len(values) > 1]
        if repeated:
            raise exceptions.ValidationError(
                {name: [ONE_VALUE.get(name, "Give it once.")] for name in sorted(repeated)}
            )
        return sorted((name, request.query_params[name]) for name in request.query_params)


class PublicList(PublicEndpoint):
    """A paginated list of ``serializer_class`` rows, filtered by ``filterset_class``."""

    filter_backends = [LiveFilterBackend]
    pagination_class = generics.GenericAPIView.pagination_class
    filterset_class = None

    #: The list unfiltered, in its own order: a class whose instances a paginator
    #: counts and slices without reading every row (None: the queryset).
    in_order = None
    #: The same, for a live topic alone (``?topic=``), made with the topic.
    on_topic = None

    def known_parameters(self):
        filters = self.filterset_class.base_filters if self.filterset_class else {}
        paging = {self.paginator.page_query_param, self.paginator.page_size_query_param}
        return super().known_parameters() | set(filters) | paging

    def answer(self, request, *, using, state):
        filterset_class = self.filterset_class
        filtered = set(request.query_params) & set(filterset_class.base_filters)
        text = filterset_class.search_text(request)
        topic = None
        if filtered == {"topic"} and self.on_topic:
            topic = self.topic_asked(request, using, state)
        if not filtered and self.in_order is not None:
            rows = self.in_order(using=using, state=state)
        elif topic is not None:
            rows = self.on_topic(topic, using=using, state=state)
        elif text is not None:  # a search alone: no filter form to build
            rows = self.searched(text, *self.page_asked(), using, state)
        else:
            rows = self.filtered(request, self.get_queryset(using), state)
            if request.query_params.get("q", "").strip():
                rows = CountedPage(rows, *self.page_asked())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.serializer_class(page, many=True).data).data

    def searched(self, text, offset, limit, using, state):
        """The rows matching ``text``, its page (``offset``, ``limit``) read with their count:
        matches are found once, not twice."""
        rows = search(self.get_queryset(using), text)
        return CountedPage(rows, offset, limit)

    def topic_asked(self, request, using, state):
        """The live topic ``?topic=`` names, checked as the filter checks it (a 400 if not);
        None if it names none (empty)."""
        filterset = self.valid_filterset(request, self.get_queryset(using), state)
        return filterset.form.cleaned_data["topic"]

    def filtered(self, request, queryset, state):
        return self.valid_filterset(request, queryset, state).qs

    def valid_filterset(self, request, queryset, state):
        """The filter set of the request's parameters, its choices read under ``state``;
        a 400 naming each parameter it refuses."""
        filterset = LiveFilterBackend().get_filterset(request, queryset, self, state)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset

    def page_asked(self):
        """The offset and size of the page the request asks for."""
        page_size = self.paginator.get_page_size(self.request)
        number = self.paginator.get_page_number_asked(self.request)
        return (number - 1) * page_size, page_size


@public_schema(
    "List the live guides",
    GuideSummarySerializer(many=True),
    example=examples.GUIDE_LIST,
    missing="No such page.",
    lists=True,
    search=True,
)
class GuideList(PublicList):
    """Live guides, by title; filter by topic, search with ``q``."""

    filterset_class = GuideFilter
    serializer_class = GuideSummarySerializer
    # Unfiltered: counted among the live guides' rows, and only the page's guides read.
    in_order = selectors.LiveGuidesInOrder

    def get_queryset(self, using=DEFAULT_DB_ALIAS):
        return selectors.live_guides(using)


@public_schema(
    "Get a live guide, whole",
    GuideDetailSerializer,
    example=examples.GUIDE_DETAIL,
    missing="No live guide has this slug.",
    regional=True,
)
class GuideDetail(RegionalAnswer, PublicEndpoint):
    """A live guide as released, with its update history, the disclaimer and the crisis
    resources for ``region``."""

    serializer_class = GuideDetailSerializer
    guide_answer = True

    def answer(self, request, slug, *, using, state):
        guide = payloads.live_guide_detail(
            slug, requested_region(request), ready_sections=True, using=using, state=state
        )
        if guide is None:
            raise exceptions.NotFound(f"No live guide has the slug “{slug}”.")
        return guide


@public_schema(
    "List the live tips across guides",
    TipListItemSerializer(many=True),
    example=examples.TIP_LIST,
    missing="No such page.",
    lists=True,
    search=True,
)
class TipList(PublicList):
    """Live tips across guides; filter by topic or guide, search with ``q``."""

    filterset_class = TipFilter
    serializer_class = TipListItemSerializer
    # Unfiltered, or on one topic: the page is found among the live guides' tip
    # counts, and only its tips are read.
    in_order = selectors.LiveTipsInGuideOrder
    on_topic = selectors.LiveTipsOnTopic

    def get_queryset(self, using=DEFAULT_DB_ALIAS):
        return (
            PublishedTip.objects.using(using)
            .live()
            .defer("search_vector")
            .order_by(*selectors.LiveTipsInGuideOrder.ORDER)
        )

    def searched(self, text, offset, limit, using, state):
        if connection.vendor == "postgresql":  # ranked on the full-text index
            return selectors.LiveTipsMatching(text, offset, limit, using, state)
        return super().searched(text, offset, limit, using, state)


@public_schema(
    "Get a live tip",
    TipDetailSerializer,
    example=examples.TIP_DETAIL,
    missing="No live tip has this id.",
    regional=True,
)
class TipDetail(RegionalAnswer, PublicEndpoint):
    """One live tip, with its guide and section, the disclaimer and ``region``'s crisis
    resources."""

    serializer_class = TipDetailSerializer

    def answer(self, request, public_id, *, using, state):
        tip = (
            PublishedTip.objects.using(using)
            .live()
            .filter(public_id=public_id)
            .defer("search_vector")
            .first()
        )
        if tip is None:
            raise exceptions.NotFound(f"No live tip has the id {public_id}.")
        return {
            **TipListItemSerializer(tip).data,
            **payloads.carried_safety_information(requested_region(request), using, state),
        }


@public_schema(
    "Get the tip of the day",
    DailyTipSerializer,
    example=examples.DAILY_TIP,
    missing="No tip is live.",
    regional=True,
)
class DailyTip(RegionalAnswer, PublicEndpoint):
    """The tip of the day: the same for everyone on a UTC date, another the next day."""

    serializer_class = DailyTipSerializer

    def cache_parameters(self, request):
        return [*super().cache_parameters(request), ("day", self.today().isoformat())]

    @staticmethod
    def today():
        return datetime.datetime.now(tz=datetime.UTC).date()

    def answer(self, request, *, using, state):
        today = self.today()
        tip = selectors.tip_of_the_day(today, using, state)
        if tip is None:
            raise exceptions.NotFound("No tip is live yet.")
        return {
            "date": today,
            **TipListItemSerializer(tip).data,
            **payloads.carried_safety_information(requested_region(request), using, state),
        }


@public_schema(
    "List the topics, with counts",
    TopicSerializer(many=True),
    example=examples.TOPIC_LIST,
    missing="No such page.",
    lists=True,
)
class TopicList(PublicList):
    """Topics of live guides and tips, with how many of each."""

    serializer_class = TopicSerializer
    filter_backends = []

    def get_queryset(self, using=DEFAULT_DB_ALIAS):
        return profiles.live_topics(using)

    def answer(self, request, *, using, state):
        page = self.paginate_queryset(self.get_queryset(using))
        topics = [profiles.topic_answer(row) for row in page]
        return self.get_paginated_response(topics).data


@public_schema(
    "Get a contributor's public profile",
    PersonProfileSerializer,
    example=examples.PERSON_PROFILE,
    missing="No one by this slug is credited on a live guide.",
)
class PersonProfile(PublicEndpoint):
    """A person credited on a live guide: who they are, as the latest live release crediting
    them has it, and the guides they are on."""

    serializer_class = PersonProfileSerializer

    def answer(self, request, slug, *, using, state):
        profile = profiles.live_profile(slug, using) or profiles.signed_off_profile(slug, using)
        guides = selectors.credited_guides(profile["person_id"], using) if profile else []
        if not guides:
            raise exceptions.NotFound(
                f"No one with the slug “{slug}” is credited on a live guide."
            )
        return payloads.person_profile({**profile, "slug": slug}, guides)
