"""A leaflet's working copy and its workflow tables, built on the shared abstract models."""

from django.db import models
from simple_history.models import HistoricalRecords

from editorial.models.reviewable import (
    AbstractEvent,
    AbstractReview,
    AbstractTimedRelease,
    DocumentState,
)


class Leaflet(models.Model):
    title = models.CharField(max_length=100)
    body = models.TextField()
    history = HistoricalRecords()

    def __str__(self):
        return self.title


class LeafletWorkflow(models.Model):
    leaflet = models.OneToOneField(Leaflet, on_delete=models.CASCADE, primary_key=True)
    state = models.CharField(
        max_length=20, choices=DocumentState.choices, default=DocumentState.DRAFT
    )
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.leaflet}: {self.get_state_display()}"


class LeafletReview(AbstractReview):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.PROTECT, related_name="reviews")


class LeafletRelease(AbstractTimedRelease):
    DOCUMENT = "leaflet"

    leaflet = models.ForeignKey(Leaflet, on_delete=models.PROTECT, related_name="releases")
    review = models.OneToOneField(LeafletReview, on_delete=models.PROTECT, related_name="release")


class LeafletEvent(AbstractEvent):
    leaflet = models.ForeignKey(Leaflet, on_delete=models.CASCADE, related_name="events")
    review = models.ForeignKey(
        LeafletReview, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    release = models.ForeignKey(
        LeafletRelease, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
