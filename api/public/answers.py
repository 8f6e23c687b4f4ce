"""A public answer as it is stored and served: its bytes and their validators.

Stored in the shared cache (pickled) and in each process's memory by
api/public/caching/, under the public version it was computed for.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.functional import cached_property
from django.utils.http import http_date


class Validators:
    """What a conditional request needs of an answer: its ETag, Last-Modified and expiry."""

    def __init__(self, etag, last_modified, expires_at):
        self.etag = etag
        self.last_modified = last_modified
        self.expires_at = expires_at

    def has_expired(self):
        return self.expires_at is not None and time.time() >= self.expires_at

    def not_modified(self, request):
        """A 304 if the request names this answer's ETag, else None."""
        response = self.conditional(request, self._headed(HttpResponse()))
        return response if response.status_code == 304 else None

    def conditional(self, request, response):
        # Only the ETag decides a 304: Last-Modified has one-second resolution,
        # and two changes within a second must not look like none.
        return get_conditional_response(request, etag=self.etag, response=response)

    def _headed(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = self._last_modified_header
        response["Cache-Control"] = cache_control(self.expires_at)
        return response

    @cached_property
    def _last_modified_header(self):
        return http_date(self.last_modified)


class CachedAnswer(Validators):
    """A public answer as stored: its bytes (JSON, or a reader page's HTML), their
    validators, and until when it holds."""

    content_type = "application/json"  # also for answers stored before it was recorded

    def __init__(self, body, last_modified, expires_at, content_type="application/json"):
        super().__init__(f'"{hashlib.sha256(body).hexdigest()[:32]}"', last_modified, expires_at)
        self.body = body
        self.content_type = content_type

    def validators(self):
        return Validators(self.etag, self.last_modified, self.expires_at)

    def response(self, request):
        body = HttpResponse(self.body, content_type=self.content_type)
        return self.conditional(request, self._headed(body))


def cache_control(expires_at=None):
    """Who may keep the answer, and how long: never past ``expires_at`` (the next go-live)."""
    until_go_live = None if expires_at is None else max(0, int(expires_at - time.time()))
    max_age = _at_most(settings.API_CLIENT_MAX_AGE, until_go_live)
    edge_max_age = _at_most(settings.EDGE_MAX_AGE, until_go_live)
    if edge_max_age:
        # Proxies hold it (purged on every change: api/edge); clients revalidate
        # unless API_CLIENT_MAX_AGE says otherwise.
        return f"public, max-age={max_age}, s-maxage={edge_max_age}"
    if max_age:
        return f"public, max-age={max_age}"
    # Clients and CDNs may store the answer but must ask again each time; the
    # answer to "is it still this ETag?" is a cheap 304.
    return "public, no-cache"


def _at_most(seconds, limit):
    return seconds if limit is None else min(seconds, limit)
