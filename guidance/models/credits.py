from django.db import models

from guidance.history import ContentHistory
from guidance.models.fields import LimitedTextField, PositionField


class ContributorRole(models.TextChoices):
    CLINICAL_WRITER = "clinical_writer", "Clinical writer"
    EDITORIAL_WRITER = "editorial_writer", "Editorial writer"
    MEDICAL_REVIEWER = "medical_reviewer", "Medical reviewer"
    ORIGINAL_AUTHOR = "original_author", "Original author"


class Contributor(models.Model):
    """A person credited on a guide in one role."""

    guide = models.ForeignKey(
        "guidance.Guide", on_delete=models.CASCADE, related_name="contributors"
    )
    person = models.ForeignKey(
        "guidance.Person", on_delete=models.PROTECT, related_name="contributions"
    )
    role = models.CharField(max_length=30, choices=ContributorRole.choices)
    position = PositionField()

    history = ContentHistory()

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "position"], name="contributor_position_unique_in_guide"
            ),
            models.UniqueConstraint(
                fields=["guide", "person", "role"], name="contributor_role_once_per_guide"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=ContributorRole.values), name="contributor_role_known"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="contributor_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.person.name} ({self.get_role_display()})"


class Source(models.Model):
    """A citation a guide rests on."""

    guide = models.ForeignKey("guidance.Guide", on_delete=models.CASCADE, related_name="sources")
    position = PositionField()
    citation = LimitedTextField(max_length=1_000)
    url = models.URLField(blank=True, max_length=500)
    published_on = models.DateField(null=True, blank=True)

    history = ContentHistory()

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "position"], name="source_position_unique_in_guide"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="source_position_positive"
            ),
            models.CheckConstraint(condition=~models.Q(citation=""), name="source_has_citation"),
        ]

    def __str__(self):
        return self.citation[:80]
