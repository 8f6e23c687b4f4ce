"""Proxies and CDNs in front of the app: what they may hold, and purging it at once.

Public answers may carry ``s-maxage`` (``EDGE_MAX_AGE``), never past the next
scheduled go-live, so a scheduled release reaches readers through the proxy
on time with nothing to purge. Every other change readers must see at once
(a publish, a withdrawal, a safety-information release, an edit of a person
or topic shown in guides) purges the public paths from every configured
backend after its transaction commits, as Wagtail's frontend cache does.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Everything readers get: the public API and the reader pages.
PUBLIC_PATHS = ("/api/v1/", "/guides/")


def configured_backends():
    return [
        import_string(options["BACKEND"])(options)
        for options in getattr(settings, "EDGE_CACHE_BACKENDS", {}).values()
    ]


def purge_public_answers():
    """Ask every proxy and CDN to drop what it holds of the public paths.

    A purge that fails is logged, not raised: the change it follows has
    committed, and the proxy's copies still expire after ``EDGE_MAX_AGE``.
    """
    for backend in configured_backends():
        try:
            backend.purge(PUBLIC_PATHS)
        except Exception:
            logger.exception("Purging %s failed", type(backend).__name__)
