"""Whether what readers get of each release is still what publishing wrote.

The public API serves a release's public rows (its PublishedGuide, tips,
credits, topics, and the profiles and topic details it carries), written
once when it was published. Publishing then appends their digests to the
audit chain (``record_public_rows``), so they are pinned like the release
itself, by the chain's HMAC. ``verify_audit`` digests the stored rows again
(``differing_public_rows``) and names each release whose rows were
rewritten, added or deleted behind the workflow's back (a changed tip
text, a forged review date, a credit made up, a bio rewritten).

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
    PublishedPerson,
    PublishedTip,
    PublishedTopic,
    PublishedTopicDetail,
    Release,
)
from editorial.snapshot_people import PROFILE_FIELDS, TOPIC_DETAIL_FIELDS

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
# Since migration 0016: compared only against entries that recorded them. (Not the
# person's id: deleting a person since must not read as tampering.)
PERSON_FIELDS = PROFILE_FIELDS


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
    parts.update(profile_parts(release_id, model))
    return {name: _digest(value) for name, value in parts.items()}


def profile_parts(release_id, model):
    """The people and topic details of ``release_id`` as stored, by part (not yet digested).

    ``model``: ``get_model`` of the app registry or of a migration's models.
    """
    return {
        "people": sorted(
            model("editorial", "PublishedPerson")
            .objects.filter(release_id=release_id)
            .values_list(*PERSON_FIELDS)
        ),
        "topic_details": sorted(
            model("editorial", "PublishedTopicDetail")
            .objects.filter(release_id=release_id)
            .values_list(*TOPIC_DETAIL_FIELDS)
        ),
    }


def record_public_rows(release, models=None):
    """Append the digests of ``release``'s public rows, as now stored, to the audit chain
    (in the caller's transaction: publishing's)."""
    content = {"release": release.pk, "digests": digests_of(release.pk, models)}
    historical = models and {
        "entry_model": models.get_model("editorial", "AuditEntry"),
        "head_model": models.get_model("editorial", "AuditHead"),
    }
    audit.append(KIND, release.pk, content, **(historical or {}))


def record_profile_parts(release_id, models):
    """Pin the profiles and topic details a migration wrote for a release published before
    them: its latest entry's digests, with theirs added (for migration 0016)."""
    latest = (
        models.get_model("editorial", "AuditEntry")
        .objects.filter(kind=KIND, object_id=release_id)
        .order_by("-pk")
        .first()
    )
    if latest is None:  # written outside publishing: verify_audit names it already
        return
    added = {
        name: _digest(value) for name, value in profile_parts(release_id, models.get_model).items()
    }
    content = {"release": release_id, "digests": {**latest.content["digests"], **added}}
    audit.append(
        KIND,
        release_id,
        content,
        entry_model=models.get_model("editorial", "AuditEntry"),
        head_model=models.get_model("editorial", "AuditHead"),
    )


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
    for model in (
        PublishedGuide,
        PublishedTip,
        PublishedCredit,
        PublishedTopic,
        PublishedPerson,
        PublishedTopicDetail,
    ):
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
