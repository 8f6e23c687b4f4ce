from django.db import models


class GuideState(models.TextChoices):
    """Where a guide's working copy stands in the editorial workflow.

    draft → in_review → approved → published, in_review → changes_requested
    → (edit) → in_review, and withdrawn for content taken down. The state is
    what the last transition left; whether an approval still matches the
    working copy is read from the fingerprint (see editorial.status).
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Workflow(models.Model):
    """A guide's workflow state. A guide without one is a draft."""

    guide = models.OneToOneField(
        "guidance.Guide", on_delete=models.CASCADE, primary_key=True, related_name="workflow"
    )
    state = models.CharField(max_length=20, choices=GuideState.choices, default=GuideState.DRAFT)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=GuideState.values), name="workflow_state_known"
            ),
        ]

    def __str__(self):
        return f"{self.guide}: {self.get_state_display()}"
