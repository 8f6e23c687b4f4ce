from django.conf import settings
from django.db import models


class WorkflowAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class WorkflowEvent(models.Model):
    """One step of a guide's workflow, written in the same transaction as the step.

    Shown with the guide's row history, so that an editor reads edits and
    sign-offs on one page.
    """

    guide = models.ForeignKey(
        "guidance.Guide", on_delete=models.CASCADE, related_name="workflow_events"
    )
    action = models.CharField(max_length=20, choices=WorkflowAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    detail = models.TextField(blank=True)
    review = models.ForeignKey(
        "editorial.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    release = models.ForeignKey(
        "editorial.Release", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    backdated = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=WorkflowAction.values),
                name="workflow_event_action_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
