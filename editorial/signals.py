"""Signals editorial sends to the layers outside it, which it may not import.

``public_content_committed(version, guides)``: a change readers must see at
once has committed (sent by ``editorial.publishing.public_content_changed``,
which the steps that make such a change call by name), moving the public
version to ``version``; ``guides``: the slugs of the only guides whose own
answers it touches, or None (any). For whatever holds public answers: the
API's cache (api.public.caching), a proxy or CDN (api.edge).

A scheduled release going live sends nothing: nothing happens at that
moment but the clock passing. Whatever depends on what is live must also
look at the next go-live time (``Release.objects.scheduled()``).
"""

from django.dispatch import Signal

public_content_committed = Signal()
