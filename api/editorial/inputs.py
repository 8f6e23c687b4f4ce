"""What the editorial API accepts: the shape of each request body, checked before any service.

Only the shape: types, lengths, choices, and no field the endpoint does not
take. The rules (who may, in which state, what a summary must say) are the
services' (editorial.services, editorial.editing), which answer with their
own messages.
"""

import datetime
from collections.abc import Mapping

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import serializers

from editorial.exchange.validation import Text
from guidance.models import (
    ContributorRole,
    CrisisResource,
    Guide,
    ListStyle,
    Section,
    SiteNotice,
    Source,
    Tip,
)
from guidance.models.fields import MAX_POSITION


class AwareDateTime(serializers.DateTimeField):
    """An ISO 8601 time with its offset; a time without one is refused, not guessed."""

    default_error_messages = {
        "invalid": "Give an ISO 8601 time with its offset, e.g. 2026-12-01T09:00:00+00:00.",
        "naive": "Give the time with its offset (e.g. +00:00 or Z): it has none.",
    }

    def validate_empty_values(self, data):
        # An empty field means "now", as in the admin's form.
        return super().validate_empty_values(None if data == "" else data)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid")
        try:
            parsed = parse_datetime(value.strip())
            if parsed is not None and timezone.is_aware(parsed):
                parsed.astimezone(datetime.UTC)  # stored in UTC: the year 9999 may not fit
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if timezone.is_naive(parsed):
            self.fail("naive")
        return parsed


class StrictInput(serializers.Serializer):
    """Refuses fields it does not declare, naming them, instead of ignoring them."""

    refused = {}  # field name: why it is refused, where a plain "unknown field" says too little
    # Fields the service refuses to go without (with its own message, so not required here);
    # the schema says they are required (api.schema.StrictInputExtension).
    required_by_service = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            # DRF's text fields take a number and turn it into text: the schema says a string.
            not_text = sorted(
                name
                for name, value in data.items()
                if isinstance(self.fields.get(name), serializers.CharField)
                and value is not None
                and not isinstance(value, str)
            )
            if not_text:
                raise serializers.ValidationError(
                    {name: ["Give text (a JSON string)."] for name in not_text}
                )
            extra = sorted(set(data) - set(self.fields))
            if extra:
                known = ", ".join(self.fields)
                raise serializers.ValidationError(
                    {
                        name: [
                            self.refused.get(name, f"Unknown field; this endpoint takes {known}.")
                        ]
                        for name in extra
                    }
                )
        return super().to_internal_value(data)


def model_text(model, name, **kwargs):
    """A Text field as long and as optional as the model's field."""
    field = model._meta.get_field(name)
    options = {"required": False, "allow_blank": field.blank}
    if field.max_length:
        options["max_length"] = field.max_length
    return Text(**options, **kwargs)


def topic_slugs():
    return serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        help_text="Topic slugs: the complete list, replacing the current one.",
    )


class GuideEdit(StrictInput):
    refused = {"slug": Guide.SLUG_NEVER_CHANGES}

    title = model_text(Guide, "title")
    summary = model_text(Guide, "summary", trim_whitespace=False)
    topics = topic_slugs()


class SectionEdit(StrictInput):
    heading = model_text(Section, "heading")
    body = model_text(Section, "body", trim_whitespace=False, help_text="Markdown.")
    list_style = serializers.ChoiceField(choices=ListStyle.values, required=False)
    anchor = serializers.SlugField(
        max_length=Section._meta.get_field("anchor").max_length,
        required=False,
        help_text="The #fragment linking to the section; unique in its guide.",
    )


class TipEdit(StrictInput):
    refused = {"id": "A tip's public id never changes."}

    lead = model_text(Tip, "lead")
    body = model_text(Tip, "body", trim_whitespace=False, help_text="Markdown.")
    topics = topic_slugs()


class NoticeEdit(StrictInput):
    refused = {"kind": "A notice's kind never changes."}

    title = model_text(SiteNotice, "title")
    body = model_text(SiteNotice, "body", trim_whitespace=False, help_text="Markdown.")


class CrisisResourceEdit(StrictInput):
    refused = {"id": "A crisis resource's id never changes."}

    region = model_text(
        CrisisResource, "region", help_text="ISO 3166-1 alpha-2 code in capitals, e.g. US."
    )
    name = model_text(CrisisResource, "name")
    description = model_text(
        CrisisResource, "description", trim_whitespace=False, help_text="Markdown."
    )
    phone = model_text(CrisisResource, "phone")
    sms = model_text(CrisisResource, "sms")
    url = model_text(CrisisResource, "url")


class SubmissionWaivers(StrictInput):
    """What a submitter may waive, each with a written reason: only missing sources."""

    refused = {
        "no_author": "A missing author cannot be waived: credit a clinical or editorial writer.",
    }

    no_sources = Text(
        required=False,
        max_length=2000,
        allow_blank=True,
        help_text="Why the guide cites no sources. A guide that cites some has nothing to "
        "waive (409).",
    )


class Submit(StrictInput):
    required_by_service = ("change_summary",)
    change_summary = Text(
        required=False, default="", allow_blank=True, help_text="What changed (required)."
    )
    kind = serializers.ChoiceField(
        choices=["clinical", "correction"],
        required=False,
        default="clinical",
        help_text="clinical (default): a clinical reviewer signs it off. correction: case, "
        "punctuation, whitespace or a misspelling since the live release (see /checks/), "
        "approved by a second person; refused (409) with the reasons if it is not one.",
    )
    waivers = SubmissionWaivers(
        required=False,
        default=dict,
        help_text='{"no_sources": "reason"}: why a guide that cites no sources is submitted '
        "without any (see the checks' completeness). Only a missing part marked waivable "
        "may be waived; anything else missing is a 409 naming it in incomplete.",
    )


class SafetySubmit(Submit):
    # The completeness check, and its waivers, are a guide's.
    waivers = None


def reviewed_fingerprint(help_text):
    return Text(
        required=False,
        default="",
        allow_blank=True,
        max_length=64,
        help_text=f"{help_text} The fingerprint of the version you reviewed (from the guide "
        'or its diff); or send it as `If-Match: "<fingerprint>"`.',
    )


class Approve(StrictInput):
    notes = Text(required=False, default="", allow_blank=True, help_text="For the editors.")
    fingerprint = reviewed_fingerprint("Required, here or in If-Match.")
    waivers = serializers.DictField(
        child=Text(max_length=2000, allow_blank=True),
        required=False,
        default=dict,
        help_text='{"<finding id>": "reason", "reading_level": "reason"}: a written reason for '
        "each id in the checks' waivers_required. Without them the approval is a 409 naming "
        "the open ones.",
    )


class RequestChanges(StrictInput):
    required_by_service = ("notes",)
    notes = Text(
        required=False, default="", allow_blank=True, help_text="What must change (required)."
    )
    fingerprint = reviewed_fingerprint("Optional.")


class Publish(StrictInput):
    go_live_at = AwareDateTime(
        required=False,
        allow_null=True,
        default=None,
        help_text="When readers get the release (ISO 8601 with offset); empty: now.",
    )


class Withdraw(StrictInput):
    required_by_service = ("reason",)
    reason = Text(required=False, default="", allow_blank=True, help_text="Required.")


class SafetyPublish(StrictInput):
    """Nothing to send: a safety release goes live at once."""


# Creating, moving and deleting rows (editorial.structure).


def position_field():
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_POSITION,
        help_text="Where among its siblings: a free position (a taken one is a 409). "
        "Omitted: after the last one.",
    )


def row_id(help_text):
    return serializers.IntegerField(required=False, allow_null=True, help_text=help_text)


class GuideCreate(StrictInput):
    slug = serializers.SlugField(
        max_length=Guide._meta.get_field("slug").max_length,
        help_text="The guide's public address; never changes.",
    )
    title = Text(max_length=Guide._meta.get_field("title").max_length)
    summary = model_text(Guide, "summary", trim_whitespace=False)
    topics = topic_slugs()


class SectionCreate(SectionEdit):
    heading = Text(max_length=Section._meta.get_field("heading").max_length)
    parent = row_id("The id of a top-level section, to add a subsection to it.")
    position = position_field()


class SectionChange(SectionEdit):
    parent = row_id(
        "Move it under this top-level section (its id), or with null to the top level."
    )
    position = position_field()


class TipCreate(TipEdit):
    lead = Text(max_length=Tip._meta.get_field("lead").max_length)
    position = position_field()


class TipChange(TipEdit):
    section = serializers.IntegerField(
        required=False, help_text="Move it to this section (its id) of the same guide."
    )
    position = position_field()


class ContributorChange(StrictInput):
    person = serializers.SlugField(required=False, help_text="The person's slug.")
    role = serializers.ChoiceField(choices=ContributorRole.values, required=False)
    position = position_field()


class ContributorCreate(ContributorChange):
    person = serializers.SlugField(help_text="The person's slug.")
    role = serializers.ChoiceField(choices=ContributorRole.values)


class SourceChange(StrictInput):
    citation = model_text(Source, "citation", trim_whitespace=False)
    url = serializers.URLField(
        required=False, allow_blank=True, max_length=Source._meta.get_field("url").max_length
    )
    published_on = serializers.DateField(required=False, allow_null=True)
    position = position_field()


class SourceCreate(SourceChange):
    citation = Text(trim_whitespace=False)
