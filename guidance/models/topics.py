from django.db import models

from guidance.history import ContentHistory
from guidance.models.fields import LimitedTextField


class Topic(models.Model):
    """A subject readers browse by: partners, denial, self-care, crisis, ..."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = LimitedTextField(max_length=1_000, blank=True)

    history = ContentHistory()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="topic_slug_not_empty"),
        ]

    def __str__(self):
        return self.name
