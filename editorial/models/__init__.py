"""What happens to guidance content: reviews, releases and the workflow log.

A guide's working copy (guidance.Guide and its rows) is reviewed as a whole,
and so is the safety information (guidance.SiteNotice and CrisisResource rows).
Dependencies point one way: these models refer to guidance; guidance never
refers to them. Only the workflow's steps (editorial.workflow.services) change them.
"""

from editorial.models.audit import AuditEntry, AuditEntryIsFinal, AuditHead, AuditKind
from editorial.models.licences import Licence, LicenceExpiringSoon
from editorial.models.profiles import LegacyPin, PublishedPerson, PublishedTopicDetail
from editorial.models.published import (
    PublicVersion,
    PublishedCredit,
    PublishedGuide,
    PublishedTip,
    PublishedTopic,
)
from editorial.models.queues import GuideDueForReview, ReviewQueueEntry
from editorial.models.releases import Release, ReleaseKind
from editorial.models.reviewable import (
    DocumentState,
    ReleaseIsImmutable,
    ReviewState,
    WorkflowAction,
)
from editorial.models.reviews import Review, ReviewKind
from editorial.models.safety import (
    SafetyEvent,
    SafetyRelease,
    SafetyReleaseIsImmutable,
    SafetyReview,
    SafetyState,
    SafetyWorkflow,
)
from editorial.models.webhooks import (
    DeliveryState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from editorial.models.workflow import GuideState, Workflow, WorkflowEvent

__all__ = [
    "AuditEntry",
    "AuditEntryIsFinal",
    "AuditHead",
    "AuditKind",
    "DeliveryState",
    "DocumentState",
    "GuideDueForReview",
    "GuideState",
    "LegacyPin",
    "Licence",
    "LicenceExpiringSoon",
    "PublicVersion",
    "PublishedCredit",
    "PublishedGuide",
    "PublishedPerson",
    "PublishedTip",
    "PublishedTopic",
    "PublishedTopicDetail",
    "Release",
    "ReleaseIsImmutable",
    "ReleaseKind",
    "Review",
    "ReviewKind",
    "ReviewQueueEntry",
    "ReviewState",
    "SafetyEvent",
    "SafetyRelease",
    "SafetyReleaseIsImmutable",
    "SafetyReview",
    "SafetyState",
    "SafetyWorkflow",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "Workflow",
    "WorkflowAction",
    "WorkflowEvent",
]
