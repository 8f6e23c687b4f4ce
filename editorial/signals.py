"""Signals sent after a workflow step has committed.

``releases_changed(guide_id)``: a guide's release was published or withdrawn, so
what readers get for that guide may have changed (for notifications and
the like; the public API's cache follows ``PublicVersion``, which moves in
the step's own transaction).

A scheduled release going live sends nothing: nothing happens at that
moment but the clock passing. Whatever depends on what is live must also
look at the next go-live time (``Release.objects.scheduled()``).
"""

from django.dispatch import Signal

releases_changed = Signal()

# ``safety_information_published(number)``: a safety release was published, so
# every answer carrying the disclaimer or crisis resources changed.
safety_information_published = Signal()

# ``public_content_committed(version, guides)``: a change readers must see at
# once has committed (sent by ``editorial.publishing.public_content_changed``),
# moving the public version to ``version``; ``guides``: the slugs of the only
# guides whose own answers it touches, or None (any). For whatever holds
# public answers: the API's cache, a proxy or CDN.
public_content_committed = Signal()
