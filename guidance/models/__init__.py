"""What guidance content is.

Dependencies point one way: topics and people know nothing of guides; guides
refer to both; site notices stand alone. Nothing here knows about the
editorial workflow.
"""

from guidance.models.credits import Contributor, ContributorRole, Source
from guidance.models.guides import Guide, ListStyle, Section, Tip
from guidance.models.notices import CrisisResource, NoticeKind, SiteNotice
from guidance.models.people import ClinicalCredential, Person
from guidance.models.topics import Topic

__all__ = [
    "ClinicalCredential",
    "Contributor",
    "ContributorRole",
    "CrisisResource",
    "Guide",
    "ListStyle",
    "NoticeKind",
    "Person",
    "Section",
    "SiteNotice",
    "Source",
    "Tip",
    "Topic",
]
