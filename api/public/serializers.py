"""The public API's payloads, field by field (DESIGN.md, "Public API").

List rows are serialized from the published rows here. A guide detail is
assembled from its release's stored content (payloads.py) and declared
here, so the schema documents exactly what is served.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.schema import REGION_REF


@extend_schema_field(REGION_REF)
class RegionField(serializers.CharField):
    """A region with crisis resources of its own, in capitals (ISO 3166-1 alpha-2)."""


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True, help_text='e.g. "MSW, LCSW".')


class ReviewerSerializer(PersonRefSerializer):
    clinical_credential = serializers.CharField(
        help_text="The licence the sign-off rests on, as it was at signing."
    )


class TipSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The tip's public id: the same in every release.")
    lead = serializers.CharField(help_text="A short phrase, shown in bold.")
    body = serializers.CharField(allow_blank=True, help_text="Markdown.")
    body_html = serializers.CharField(allow_blank=True, help_text="The body as sanitized HTML.")
    topics = TopicRefSerializer(many=True)


class SubsectionSerializer(serializers.Serializer):
    anchor = serializers.SlugField(help_text="The #fragment that links to the section.")
    heading = serializers.CharField()
    body = serializers.CharField(allow_blank=True, help_text="Markdown.")
    body_html = serializers.CharField(allow_blank=True)
    list_style = serializers.ChoiceField(choices=["bulleted", "numbered"])
    tips = TipSerializer(many=True)
    subsections = serializers.ListField(
        child=serializers.DictField(), max_length=0, help_text="Always empty: one level only."
    )


class SectionSerializer(SubsectionSerializer):
    subsections = SubsectionSerializer(many=True)


class ContributorSerializer(serializers.Serializer):
    person = PersonRefSerializer()
    role = serializers.ChoiceField(
        choices=["clinical_writer", "editorial_writer", "medical_reviewer", "original_author"]
    )


class SourceSerializer(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)


class UpdateHistoryEntrySerializer(serializers.Serializer):
    release = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(
        choices=["original", "update", "correction"],
        help_text="original: the first release; update: a change a clinician signed off; "
        "correction: case, punctuation or spelling fixed, resting on the last clinical "
        "sign-off (the reviewer named).",
    )
    date = serializers.DateField()
    summary = serializers.CharField()
    authors = PersonRefSerializer(many=True)
    reviewer = PersonRefSerializer()


class DisclaimerSerializer(serializers.Serializer):
    title = serializers.CharField()
    body = serializers.CharField(help_text="Markdown.")
    body_html = serializers.CharField()


class CrisisResourceSerializer(serializers.Serializer):
    region = RegionField(help_text="ISO 3166-1 country code.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    description_html = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    sms = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class SafetyInformationSerializer(serializers.Serializer):
    """What every answer carrying clinical content carries with it."""

    disclaimer = DisclaimerSerializer(
        allow_null=True, help_text="The medical disclaimer (null only if none is set up)."
    )
    crisis_resources = CrisisResourceSerializer(
        many=True,
        help_text="For the region asked for (``?region=``), or the default region where it "
        "has none. Empty only before any safety information is published.",
    )


class CrisisResourcesSerializer(SafetyInformationSerializer):
    region = RegionField(
        help_text="The region whose crisis resources these are (ISO 3166-1 alpha-2): the one "
        "asked for, or the default region where the one asked for has none of its own."
    )
    region_fallback = serializers.BooleanField(
        help_text="True when the region asked for has no crisis resources of its own and "
        "these are another region's (``region``): an app must then say so to the reader, e.g. "
        "\u201cNo crisis line for your country is listed; these are for the US.\u201d"
    )
    release = serializers.IntegerField(min_value=1, help_text="The safety release's number.")
    crisis_resources = CrisisResourceSerializer(many=True, min_length=1, help_text="Never empty.")


# A live guide as the lists show it. (No docstring: the schema's descriptions come
# from them, and a guide's detail keeps the safety information's.)
class GuideSummaryFields(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    topics = TopicRefSerializer(many=True)
    published_at = serializers.DateTimeField(help_text="When the guide first went live.")
    updated_at = serializers.DateTimeField(
        source="go_live_at", help_text="When this release went live."
    )
    last_reviewed = serializers.DateField(help_text="When a clinician signed off this release.")
    review_due = serializers.DateField(help_text="When its clinical review is due again.")
    reviewer = ReviewerSerializer()
    authors = PersonRefSerializer(many=True)
    reading_level = serializers.FloatField(
        allow_null=True,
        help_text="Flesch-Kincaid grade level of the whole guide, as released (null: a "
        "release made before it was measured).",
    )


# GuideSummaryFields of a published guide: a PublishedGuide annotated with
# ``published_at``, or a row of its SUMMARY_COLUMNS as a dict.
class GuideSummarySerializer(GuideSummaryFields):
    SUMMARY_COLUMNS = (
        "slug",
        "title",
        "summary",
        "topics",
        "published_at",
        "go_live_at",
        "last_reviewed",
        "review_due",
        "reviewer",
        "authors",
        "reading_level",
    )

    def to_representation(self, guide):
        # Written out rather than field by field, as for tips; a test holds the two to
        # the same output. The times go through their fields: they are shown in the
        # service's time zone.
        row = (
            guide
            if isinstance(guide, dict)
            else {n: getattr(guide, n) for n in self.SUMMARY_COLUMNS}
        )
        reviewer, level = row["reviewer"], row["reading_level"]
        fields = self.fields
        return {
            "slug": row["slug"],
            "title": row["title"],
            "summary": row["summary"],
            "topics": [{"slug": topic["slug"], "name": topic["name"]} for topic in row["topics"]],
            "published_at": row["published_at"]
            and fields["published_at"].to_representation(row["published_at"]),
            "updated_at": fields["updated_at"].to_representation(row["go_live_at"]),
            "last_reviewed": row["last_reviewed"].isoformat(),
            "review_due": row["review_due"].isoformat(),
            "reviewer": {
                "slug": reviewer["slug"],
                "name": reviewer["name"],
                "credentials": reviewer["credentials"],
                "clinical_credential": reviewer["clinical_credential"],
            },
            "authors": [
                {
                    "slug": author["slug"],
                    "name": author["name"],
                    "credentials": author["credentials"],
                }
                for author in row["authors"]
            ],
            "reading_level": None if level is None else float(level),
        }


_JSON_LD_THING = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string"},
        "honorificSuffix": {"type": "string"},
        "datePublished": {"type": "string"},
    },
    "additionalProperties": True,
}
_JSON_LD_TEXT = {"type": "string"}


@extend_schema_field(
    {
        "type": "object",
        "description": "schema.org MedicalWebPage, as JSON-LD (https://schema.org/MedicalWebPage)."
        " Embed it in a page as it is, in a script of type application/ld+json.",
        "required": [
            "@context",
            "@type",
            "headline",
            "description",
            "about",
            "author",
            "publisher",
            "url",
            "mainEntityOfPage",
            "citation",
        ],
        "properties": {
            "@context": {"type": "string", "enum": ["https://schema.org"]},
            "@type": {"type": "string", "enum": ["MedicalWebPage"]},
            "headline": _JSON_LD_TEXT,
            "description": _JSON_LD_TEXT,
            "url": {"type": "string", "description": "The guide's reader page."},
            "mainEntityOfPage": {"type": "string", "description": "The same page."},
            "about": {"type": "array", "items": _JSON_LD_THING},
            "author": {"type": "array", "items": _JSON_LD_THING},
            "publisher": {
                **_JSON_LD_THING,
                "description": "The organisation (GUIDANCE_PUBLISHER_NAME and _URL).",
            },
            "reviewedBy": {**_JSON_LD_THING, "description": "The clinician who signed it off."},
            "lastReviewed": {"type": "string", "format": "date"},
            "datePublished": {"type": "string", "format": "date-time"},
            "dateModified": {"type": "string", "format": "date-time"},
            "citation": {"type": "array", "items": _JSON_LD_THING},
        },
        "additionalProperties": False,
    }
)
class JsonLdField(serializers.DictField):
    pass


class GuideDetailSerializer(GuideSummaryFields, SafetyInformationSerializer):
    release = serializers.IntegerField(min_value=1, help_text="The live release's number.")
    updated_at = serializers.DateTimeField(help_text="When this release went live.")
    sections = SectionSerializer(many=True)
    contributors = ContributorSerializer(many=True)
    sources = SourceSerializer(many=True)
    update_history = UpdateHistoryEntrySerializer(many=True, help_text="Newest first.")
    json_ld = JsonLdField()


class GuideRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="guide_slug")
    title = serializers.CharField(source="guide_title")


class SectionRefSerializer(serializers.Serializer):
    anchor = serializers.SlugField(source="section_anchor")
    heading = serializers.CharField(source="section_heading")


# A live tip as the lists show it. (No docstring here or below: the schema's
# descriptions come from them, and a tip's detail keeps the safety information's.)
class TipFields(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", help_text="The tip's public id.")
    lead = serializers.CharField()
    body = serializers.CharField(allow_blank=True, help_text="Markdown.")
    body_html = serializers.CharField(allow_blank=True, help_text="The body as sanitized HTML.")
    topics = TopicRefSerializer(many=True)
    guide = GuideRefSerializer(source="*")
    section = SectionRefSerializer(source="*")
    last_reviewed = serializers.DateField()


# TipFields of a published tip: a PublishedTip, or a row of its TIP_COLUMNS as a dict.
class TipListItemSerializer(TipFields):
    TIP_COLUMNS = (
        "public_id",
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

    def to_representation(self, tip):
        # Written out rather than field by field: serializing a page of tips was
        # a fifth of a fresh tips page. The fields above stay its schema, and a
        # test holds the two to the same output.
        row = (
            tip
            if isinstance(tip, dict)
            else {name: getattr(tip, name) for name in self.TIP_COLUMNS}
        )
        return {
            "id": str(row["public_id"]),
            "lead": row["lead"],
            "body": row["body"],
            "body_html": row["body_html"],
            "topics": [{"slug": topic["slug"], "name": topic["name"]} for topic in row["topics"]],
            "guide": {"slug": row["guide_slug"], "title": row["guide_title"]},
            "section": {"anchor": row["section_anchor"], "heading": row["section_heading"]},
            "last_reviewed": row["last_reviewed"].isoformat(),
        }


class TipDetailSerializer(TipFields, SafetyInformationSerializer):
    pass


class DailyTipSerializer(TipDetailSerializer):
    date = serializers.DateField(help_text="The UTC date this is the tip of.")


class TopicSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    guide_count = serializers.IntegerField(min_value=0, help_text="Live guides on the topic.")
    tip_count = serializers.IntegerField(min_value=0, help_text="Live tips on the topic.")


class CreditedGuideSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class PersonProfileSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)
    job_title = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True, help_text="Markdown.")
    bio_html = serializers.CharField(allow_blank=True)
    photo_url = serializers.CharField(allow_blank=True)
    specialties = serializers.ListField(child=serializers.CharField())
    guides = CreditedGuideSerializer(many=True, help_text="Live guides that credit this person.")
