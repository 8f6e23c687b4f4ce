"""Whether what readers get of each release is still what publishing wrote.

The public API serves a release's public rows (its PublishedGuide, tips,
credits and topics), written once when it was published. Publishing then
appends their digests to the audit chain (``record_public_rows``), so they
are pinned like the release itself, by the chain's HMAC. ``verify_audit``
digests the stored rows again (``differing_public_rows``) and names each
release whose rows were rewritten, added or deleted behind the workflow's
back (a changed tip text, a forged review date, a credit made up).

Digests of what was written, not a derivation from the snapshot: rendering
Markdown again after an upgrade, or a person's slug edited since, must not
look like tampering.
"""

import hashlib
import json
from dataclasses import dataclass

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from editorial import audit
from editorial.models import (
    AuditEntry,
    PublishedCredit,
    PublishedGuide,
    PublishedTip,
    PublishedTopic,
    Release,
)

KIND = "public_rows"

# What readers are shown of a release, by part.
GUIDE_FIELDS = (
    "slug",
    "title",
    "summary",
    "topics",
    "authors",
    "reviewer",
    "last_reviewed",
    "review_due",
    "go_live_at",
    "reading_level",
    "content",
    "sections_json",
    "tip_count",
)
TIP_FIELDS = (
    "public_id",
    "position",
    "lead",
    "body",
    "body_html",
    "topics",
    "guide_slug",
    "guide_title",
    "section_anchor",
    "section_heading",
    "last_reviewed",
)
CREDIT_FIELDS = ("person_slug", "role")
TOPIC_FIELDS = ("slug", "name", "tip__public_id")


def digests_of(release_id, models=None):
    """The digest of each part of ``release_id``'s public rows as stored: {part: sha256}.

    ``models``: the historical models, when a migration records them.
    """
    model = (models or apps).get_model
    guide = (
        model("editorial", "PublishedGuide")
        .objects.filter(release_id=release_id)
        .values(*GUIDE_FIELDS)
        .first()
    )
    parts = {name: (guide or {}).get(name) for name in GUIDE_FIELDS}
    parts["tips"] = list(
        model("editorial", "PublishedTip")
        .objects.filter(release_id=release_id)
        .order_by("position", "pk")
        .values(*TIP_FIELDS)
    )
    parts["credits"] = sorted(
        model("editorial", "PublishedCredit")
        .objects.filter(release_id=release_id)
        .values_list(*CREDIT_FIELDS)
    )
    parts["topics"] = sorted(
        (slug, name, str(tip or ""))
        for slug, name, tip in model("editorial", "PublishedTopic")
        .objects.filter(release_id=release_id)
        .values_list(*TOPIC_FIELDS)
    )
    return {name: _digest(value) for name, value in parts.items()}


def record_public_rows(release, models=None):
    """Append the digests of ``release``'s public rows, as now stored, to the audit chain
    (in the caller's transaction: publishing's)."""
    content = {"release": release.pk, "digests": digests_of(release.pk, models)}
    historical = models and {
        "entry_model": models.get_model("editorial", "AuditEntry"),
        "head_model": models.get_model("editorial", "AuditHead"),
    }
    audit.append(KIND, release.pk, content, **(historical or {}))


@dataclass
class Difference:
    release: object
    message: str

    def __str__(self):
        return (
            f"release {self.release.pk} (guide “{self.release.guide.slug}”, release "
            f"{self.release.number}): {self.message}"
        )


def differing_public_rows():
    """Each release whose public rows are not what publishing recorded in the chain."""
    recorded = {}
    for entry in AuditEntry.objects.filter(kind=KIND).order_by("pk").iterator(chunk_size=500):
        recorded[entry.object_id] = entry.content["digests"]
    stored = set()
    for model in (PublishedGuide, PublishedTip, PublishedCredit, PublishedTopic):
        stored.update(model.objects.values_list("release_id", flat=True).distinct())
    releases = Release.objects.filter(pk__in=stored | set(recorded)).select_related("guide")
    differences = []
    for release in releases.order_by("pk"):
        digests = recorded.get(release.pk)
        if digests is None:
            message = "its public rows have no audit entry: they were written outside publishing"
        elif release.pk not in stored:
            message = "its public rows were deleted"
        else:
            now = digests_of(release.pk)
            changed = [name for name, digest in digests.items() if now.get(name) != digest]
            if not changed:
                continue
            message = f"what readers get was changed since it was published: {', '.join(changed)}"
        differences.append(Difference(release, message))
    return differences


def _digest(value):
    text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
