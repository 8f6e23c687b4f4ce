from django.db import models

from guidance.history import ContentHistory
from guidance.models.fields import LimitedTextField, PositionField


class NoticeKind(models.TextChoices):
    DISCLAIMER = "disclaimer", "Medical disclaimer"
    CALL_TO_ACTION = "call_to_action", "Call to action"


class SiteNotice(models.Model):
    """Text every guide carries, edited once for all of them.

    Not part of any guide's release: a correction reaches every guide at once.
    """

    kind = models.CharField(max_length=20, choices=NoticeKind.choices, unique=True)
    title = models.CharField(max_length=200)
    body = LimitedTextField(max_length=5_000, help_text="Markdown.")
    updated_at = models.DateTimeField(auto_now=True)

    history = ContentHistory()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NoticeKind.values), name="site_notice_kind_known"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class CrisisResource(models.Model):
    """Where to get help now, e.g. the 988 Suicide & Crisis Lifeline in the US."""

    region = models.CharField(
        max_length=2, default="US", help_text="ISO 3166-1 country code, e.g. US."
    )
    position = PositionField()
    name = models.CharField(max_length=200)
    description = LimitedTextField(max_length=2_000, help_text="Markdown.")
    phone = models.CharField(max_length=30, blank=True)
    sms = models.CharField("text message", max_length=30, blank=True)
    url = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = ContentHistory()

    class Meta:
        ordering = ["region", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "position"], name="crisis_resource_position_unique_in_region"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="crisis_resource_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.region})"
