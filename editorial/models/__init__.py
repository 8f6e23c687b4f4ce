"""What happens to guidance content: reviews, releases and the workflow log.

A guide's working copy (guidance.Guide and its rows) is reviewed as a whole.
Dependencies point one way: these models refer to guidance; guidance never
refers to them. Only the services in editorial.services change them.
"""

from editorial.models.events import WorkflowAction, WorkflowEvent
from editorial.models.published import (
    PublicVersion,
    PublishedCredit,
    PublishedGuide,
    PublishedTip,
    PublishedTopic,
)
from editorial.models.queues import GuideDueForReview, ReviewQueueEntry
from editorial.models.releases import Release
from editorial.models.reviews import Review, ReviewState
from editorial.models.webhooks import (
    DeliveryState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from editorial.models.workflow import GuideState, Workflow

__all__ = [
    "DeliveryState",
    "GuideDueForReview",
    "GuideState",
    "PublicVersion",
    "PublishedCredit",
    "PublishedGuide",
    "PublishedTip",
    "PublishedTopic",
    "Release",
    "Review",
    "ReviewQueueEntry",
    "ReviewState",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "Workflow",
    "WorkflowAction",
    "WorkflowEvent",
]
