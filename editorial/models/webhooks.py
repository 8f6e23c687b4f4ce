"""Webhook subscriptions, and the log of every delivery made to them."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from editorial.webhooks.encryption import secret_decrypt
from editorial.webhooks.targets import validate_target


class WebhookEvent(models.TextChoices):
    GUIDE_PUBLISHED = "guide.published", "guide.published: a release was published"
    GUIDE_WITHDRAWN = "guide.withdrawn", "guide.withdrawn: a guide was withdrawn"
    GUIDE_WENT_LIVE = "guide.went_live", "guide.went_live: a scheduled release went live"
    SAFETY_INFORMATION_PUBLISHED = (
        "safety_information.published",
        "safety_information.published: safety information was published",
    )


class WebhookSubscription(models.Model):
    """Somewhere to POST the events it asks for, signed with its secret.

    Made, changed and rotated through editorial.webhooks.subscriptions: the
    service makes the secret, and only its encryption is stored.
    """

    url = models.CharField(
        max_length=500,
        validators=[validate_target],
        help_text=(
            "Where each delivery is POSTed: an https address whose host resolves to public "
            "addresses only."
        ),
    )
    secret_encrypted = models.TextField(
        editable=False,
        help_text=(
            "The secret each delivery is signed with (HMAC-SHA256), encrypted under "
            "WEBHOOK_SECRET_KEYS. Shown once, when it is made."
        ),
    )
    previous_secret_encrypted = models.TextField(
        blank=True,
        editable=False,
        help_text="The secret the last rotation replaced, encrypted.",
    )
    previous_secret_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Until then, deliveries are signed with the previous secret as well.",
    )
    events = models.JSONField(default=list, help_text="The event names this receiver wants.")
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.description or self.url

    def clean(self):
        names = self.events if isinstance(self.events, list) else None
        if not names:
            raise ValidationError({"events": "Choose at least one event."})
        unknown = sorted({str(name) for name in names} - set(WebhookEvent.values))
        if unknown:
            raise ValidationError(
                {
                    "events": f"No such event: {', '.join(unknown)}. "
                    f"The events: {', '.join(WebhookEvent.values)}."
                }
            )

    def wants(self, event):
        return self.is_active and event in self.events

    def signing_secrets(self, at):
        """[the secret, and the previous one while its overlap lasts at ``at``], in clear."""
        secrets = [secret_decrypt(self.secret_encrypted)]
        until = self.previous_secret_until
        if self.previous_secret_encrypted and until is not None and at < until:
            secrets.append(secret_decrypt(self.previous_secret_encrypted))
        return secrets


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
        null=True,
        blank=True,
        default=timezone.now,
        help_text="When it is due to be tried (none once it is settled).",
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
