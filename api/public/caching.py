"""The public API's server-side cache, and how a change reaches readers at once.

Every cached answer is stored under the current *generation*, a counter in
the cache. Publishing or withdrawing a guide, and editing what guides carry
beside their release (site notices, crisis resources, topics, people),
advance the counter once the change has committed, so from the next request
on every answer is computed afresh; the old entries are never read again
and expire. A scheduled release has no moment at which anything runs, so
the cache also remembers when the next one goes live and advances the
counter itself on the first request after that time.

With Redis (``CACHE_URL``) all processes share the counter; with the default
local-memory cache each process has its own, which is right for one process
and for tests.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min, Value
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from editorial.models import Release
from editorial.signals import releases_changed
from guidance.models import CrisisResource, Person, SiteNotice, Topic

GENERATION = "api:public:generation"
NEXT_GO_LIVE = "api:public:next-go-live"
NO_SCHEDULED_RELEASE = 0.0

# Edits to these show in public answers although they are not part of a release.
SHOWN_BESIDE_RELEASES = (SiteNotice, CrisisResource, Topic, Person)


def current_generation():
    """The generation to read and write answers under (one cache round trip, usually)."""
    state = cache.get_many([GENERATION, NEXT_GO_LIVE])
    generation, next_go_live = state.get(GENERATION), state.get(NEXT_GO_LIVE)
    if generation is None or next_go_live is None:
        return _advance()
    if next_go_live != NO_SCHEDULED_RELEASE and time.time() >= next_go_live:
        return _advance()
    return generation


def invalidate():
    """Make every cached public answer stale, now."""
    _advance()


def _advance():
    next_go_live = Release.objects.scheduled().aggregate(at=Min("go_live_at"))["at"]
    try:
        generation = cache.incr(GENERATION)
    except ValueError:
        # First use, or the cache lost the key: start from the clock, so a
        # number handed out before the loss is not handed out again.
        generation = time.time_ns()
        cache.set(GENERATION, generation, timeout=None)
    cache.set(
        NEXT_GO_LIVE,
        next_go_live.timestamp() if next_go_live else NO_SCHEDULED_RELEASE,
        timeout=None,
    )
    return generation


@receiver(releases_changed)
def _release_published_or_withdrawn(sender, **kwargs):
    invalidate()  # sent once the step has committed


@receiver(post_save)
@receiver(post_delete)
def _shown_content_changed(sender, **kwargs):
    if sender in SHOWN_BESIDE_RELEASES:
        transaction.on_commit(invalidate)


class CachedAnswer:
    """A public answer as stored: status, JSON bytes and the validators derived from them."""

    def __init__(self, body, last_modified):
        self.body = body
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        self.last_modified = last_modified

    def response(self, request, response_class):
        response = response_class(self.body, content_type="application/json")
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = cache_control()
        return (
            get_conditional_response(
                request,
                etag=self.etag,
                last_modified=int(self.last_modified),
                response=response,
            )
            or response
        )


def cache_control():
    max_age = settings.API_CLIENT_MAX_AGE
    if max_age:
        return f"public, max-age={max_age}"
    # Clients and CDNs may store the answer but must ask again each time; the
    # answer to "is it still this ETag?" is a cheap 304.
    return "public, no-cache"


def answer_key(generation, request, *extra):
    """Where an answer is stored: its generation, host, path, query string and ``extra``."""
    address = "|".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            *map(str, extra),
        ]
    )
    return f"api:public:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


def cached(key, compute):
    """The answer stored under ``key``, or ``compute()``'s, stored for next time."""
    answer = cache.get(key)
    if answer is None:
        answer = compute()
        cache.set(key, answer, timeout=settings.API_CACHE_SECONDS)
    return answer


def content_changed_at():
    """When anything readers can see last changed, as a Unix time (one query).

    The newest of: a release going live or being withdrawn, and the last
    edit (or deletion) of a site notice, crisis resource, topic or person.
    """
    now = timezone.now()
    moments = [
        _latest(Release.objects.filter(go_live_at__lte=now), "go_live_at"),
        _latest(Release.objects.filter(withdrawn_at__lte=now), "withdrawn_at"),
        *(_latest(model.history.model.objects, "history_date") for model in SHOWN_BESIDE_RELEASES),
    ]
    union = moments[0].union(*moments[1:], all=True)
    return max((moment for moment in union if moment is not None), default=now).timestamp()


def _latest(queryset, field):
    return (
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(at=Max(field))
        .values_list("at", flat=True)
    )
