"""The public API's server-side cache, and how a change reaches readers at once.

Every cached answer is stored under ``PublicVersion``, a number in the
database that publishing, withdrawing, and edits of what guides carry beside
their release (site notices, crisis resources, topics, people) advance in
their own transaction. Each request reads it (one query by primary key), so
once a change has committed no process answers from a cache made before it,
whatever the cache backend, and a cache that missed a message cannot exist.

A scheduled release going live writes nothing, so each answer also records
the next go-live time as it was when the answer was computed, and is not
served after it.

If the cache fails (Redis down), answers are computed afresh: readers keep
getting guidance and crisis lines, only slower.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, Value
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from editorial.models import PublicVersion, Release
from guidance.models import CrisisResource, Person, SiteNotice, Topic

logger = logging.getLogger(__name__)

# Edits to these show in public answers although they are not part of a release.
SHOWN_BESIDE_RELEASES = (SiteNotice, CrisisResource, Topic, Person)


@receiver(post_save)
@receiver(post_delete)
def _shown_content_changed(sender, **kwargs):
    # Inside the edit's transaction: it moves the version only if it commits.
    if sender in SHOWN_BESIDE_RELEASES:
        PublicVersion.advance()


class CachedAnswer:
    """A public answer as stored: its bytes (JSON, or a reader page's HTML), their
    validators, and until when it holds."""

    content_type = "application/json"  # also for answers stored before it was recorded

    def __init__(self, body, last_modified, expires_at, content_type="application/json"):
        self.body = body
        self.content_type = content_type
        self.etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        self.last_modified = last_modified
        self.expires_at = expires_at

    def has_expired(self):
        return self.expires_at is not None and time.time() >= self.expires_at

    def response(self, request):
        response = HttpResponse(self.body, content_type=self.content_type)
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = cache_control()
        # Only the ETag decides a 304: Last-Modified has one-second resolution,
        # and two changes within a second must not look like none.
        return get_conditional_response(request, etag=self.etag, response=response) or response


def fresh_answer(build, render, content_type="application/json"):
    """A new CachedAnswer of ``render(build())``, valid until the next go-live time."""
    expires_at = next_go_live()  # read before the answer: it may change it
    body = render(build())
    return CachedAnswer(body, content_changed_at(), expires_at, content_type)


def cache_control():
    max_age = settings.API_CLIENT_MAX_AGE
    if max_age:
        return f"public, max-age={max_age}"
    # Clients and CDNs may store the answer but must ask again each time; the
    # answer to "is it still this ETag?" is a cheap 304.
    return "public, no-cache"


def answer_key(request, parameters):
    """Where an answer is stored: the public version, the address and the known parameters."""
    address = "|".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            *(f"{name}={value}" for name, value in parameters),
        ]
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"api:public:{PublicVersion.current()}:{digest}"


def cached(key, compute):
    """The answer stored under ``key`` if it still holds, else ``compute()``'s, stored."""
    answer = _cache_call(cache.get, key)
    if answer is None or answer.has_expired():
        answer = compute()
        timeout = settings.API_CACHE_SECONDS
        if answer.expires_at is not None:
            timeout = max(1, min(timeout, int(answer.expires_at - time.time()) + 1))
        _cache_call(cache.set, key, answer, timeout=timeout)
    return answer


def _cache_call(operation, *args, **kwargs):
    try:
        return operation(*args, **kwargs)
    except Exception:  # the cache is an optimisation: never let it take answers down
        logger.exception("The cache failed; answering without it.")
        return None


def next_go_live():
    """When the next scheduled release goes live, as a Unix time, or None (one query)."""
    at = Release.objects.scheduled().aggregate(at=Min("go_live_at"))["at"]
    return at.timestamp() if at else None


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
