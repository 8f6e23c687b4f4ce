"""Signals sent after a workflow step has committed.

``releases_changed(guide_id)``: a release was published or withdrawn, so
what readers get for that guide may have changed (caches listen to it).

A scheduled release going live sends nothing: nothing happens at that
moment but the clock passing. A cache of what is live must also expire by
the next go-live time (``Release.objects.scheduled()``).
"""

from django.dispatch import Signal

releases_changed = Signal()
