"""Whether what readers get of each release is what was signed off.

The public API serves a release's public rows (PublishedGuide and its
PublishedTips), written once when it was published. They are derived from
the release's snapshot and sign-off, which the audit chain pins; the rows
themselves are not in the chain. ``differing_public_rows()`` derives them
again and compares, so a row rewritten behind the workflow's back (a
changed tip text, a forged review date) is found and named, like a broken
link in the chain. ``manage.py verify_audit`` runs both checks.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

from editorial.models import PublishedGuide, PublishedTip
from editorial.publishing import public_rows

# What readers are shown of a release, and of each of its tips.
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


@dataclass
class Difference:
    release: object
    fields: list

    def __str__(self):
        return (
            f"release {self.release.pk} (guide “{self.release.guide.slug}”, release "
            f"{self.release.number}): what readers get differs from what was signed off "
            f"in {', '.join(self.fields)}"
        )


def differing_public_rows():
    """Each release whose public rows are not what its snapshot and sign-off give."""
    stored_guides = PublishedGuide.objects.select_related(
        "release__guide",
        "release__review__reviewer",
        "release__clinical_review__reviewer",
    ).order_by("release_id")
    differences = []
    for stored in stored_guides.iterator(chunk_size=50):
        release = stored.release
        expected, expected_tips = public_rows(release)
        fields = [
            name
            for name in GUIDE_FIELDS
            if _plain(_shown(stored, name)) != _plain(_shown(expected, name))
        ]
        stored_tips = list(
            PublishedTip.objects.filter(release=release).order_by("position").values(*TIP_FIELDS)
        )
        wanted_tips = [{name: getattr(tip, name) for name in TIP_FIELDS} for tip in expected_tips]
        if _plain(stored_tips) != _plain(wanted_tips):
            fields.append("its tips")
        if fields:
            differences.append(Difference(release, fields))
    return differences


def _plain(value):
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True)


def _shown(row, name):
    value = getattr(row, name)
    if name == "sections_json":
        # Compared as JSON: a snapshot read back from PostgreSQL's jsonb has its keys
        # in another order than when it was published, and the text with them.
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
