from django.db import models

from editorial.models.reviewable import AbstractEvent, DocumentState, WorkflowAction

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


class WorkflowEvent(AbstractEvent):
    """One step of a guide's workflow, written in the same transaction as the step.

    Shown with the guide's row history, so that an editor reads edits and
    sign-offs on one page.
    """

    guide = models.ForeignKey(
        "guidance.Guide", on_delete=models.CASCADE, related_name="workflow_events"
    )
    review = models.ForeignKey(
        "editorial.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    release = models.ForeignKey(
        "editorial.Release", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(AbstractEvent.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=WorkflowAction.values),
                name="workflow_event_action_known",
            ),
        ]
