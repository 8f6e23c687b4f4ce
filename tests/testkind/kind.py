"""The leaflet kind: its tables, its canonical serialization and its rows' history. No steps."""

from django.db.models import Q

from editorial.workflow.kind import ReviewableKind, Words, register
from tests.testkind.models import (
    Leaflet,
    LeafletEvent,
    LeafletRelease,
    LeafletReview,
    LeafletWorkflow,
)


class LeafletKind(ReviewableKind):
    name = "leaflet"
    words = Words("leaflet")
    document_model = Leaflet
    document_field = "leaflet"
    review_model = LeafletReview
    release_model = LeafletRelease
    event_model = LeafletEvent
    state_model = LeafletWorkflow
    audit_prefix = "leaflet_"

    def serialize(self, leaflet):
        return {"format": 1, "title": leaflet.title, "body": leaflet.body}

    def history_rows(self, leaflet):
        return {Leaflet: Q(id=leaflet.pk)}


LEAFLET = register(LeafletKind())
