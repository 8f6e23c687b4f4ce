from django.db import models

from editorial.models.reviewable import DocumentState

# A guide takes every state of the workflow, withdrawn included.
GuideState = DocumentState


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
