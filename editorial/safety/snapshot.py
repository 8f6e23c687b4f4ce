"""The canonical serialization of the safety information's working copy.

The same canonical JSON as a guide's (editorial.snapshot): the sign-off pins
its SHA-256 and the release stores the very same data, which the public API
serves. Order is part of the content (crisis resources by region, then
position); database ids and position numbers are not.
"""

from editorial.snapshot import _text, fingerprint_of
from guidance.models import CrisisResource, NoticeKind, SiteNotice

SAFETY_SNAPSHOT_FORMAT = 1


def serialize_safety_information():
    """The notices and crisis resources as they are now (two queries)."""
    notices = {notice.kind: notice for notice in SiteNotice.objects.all()}
    return {
        "format": SAFETY_SNAPSHOT_FORMAT,
        "notices": {
            kind: {"title": notice.title, "body": _text(notice.body)}
            for kind in NoticeKind.values
            if (notice := notices.get(kind)) is not None
        },
        "crisis_resources": [
            {
                "region": resource.region,
                "name": resource.name,
                "description": _text(resource.description),
                "phone": resource.phone,
                "sms": resource.sms,
                "url": resource.url,
            }
            for resource in CrisisResource.objects.order_by("region", "position", "pk")
        ],
    }


def fingerprint_safety_information():
    return fingerprint_of(serialize_safety_information())
