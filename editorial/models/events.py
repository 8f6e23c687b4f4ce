from django.db import models

from editorial.models.reviewable import AbstractEvent, WorkflowAction


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
