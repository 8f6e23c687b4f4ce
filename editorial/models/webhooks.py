"""Webhook subscriptions, and the log of every delivery made to them."""

import uuid

from django.db import models


class WebhookEvent(models.TextChoices):
    GUIDE_PUBLISHED = "guide.published", "guide.published: a release was published"
    GUIDE_WITHDRAWN = "guide.withdrawn", "guide.withdrawn: a guide was withdrawn"
    GUIDE_WENT_LIVE = "guide.went_live", "guide.went_live: a scheduled release went live"
    SAFETY_INFORMATION_PUBLISHED = (
        "safety_information.published",
        "safety_information.published: safety information was published",
    )


class WebhookSubscription(models.Model):
    """Somewhere to POST the events it asks for, signed with its secret."""

    url = models.URLField(max_length=500, help_text="Where each delivery is POSTed (https).")
    secret = models.CharField(
        max_length=200,
        help_text="Shared with the receiver: each delivery is signed with it (HMAC-SHA256).",
    )
    events = models.JSONField(default=list, help_text="The event names this receiver wants.")
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.description or self.url

    def wants(self, event):
        return self.is_active and event in self.events


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(models.Model):
    """One event for one subscription: what was sent, each attempt's outcome, and when next."""

    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50, choices=WebhookEvent.choices)
    occurred_at = models.DateTimeField()
    data = models.JSONField()
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When it is due to be tried (none once it is settled)."
    )
    enqueued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a job to try it was last put on the queue."
    )
    leased_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A worker is trying it; if that worker stops, it is taken back after this.",
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(
        null=True, blank=True, help_text="The receiver's HTTP status, if it answered."
    )
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="redeliveries"
    )

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The sweep's question: which pending deliveries are due?
            models.Index(
                fields=["next_attempt_at"],
                name="pending_delivery_due_idx",
                condition=models.Q(state="pending"),
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription.url}"
