"""Signals sent after a workflow step has committed.

``releases_changed(guide_id)``: a release was published or withdrawn, so
what readers get for that guide may have changed (caches listen to it).
"""

from django.dispatch import Signal

releases_changed = Signal()
