"""What the editorial API answers: the shapes of payloads.py, rendered and documented."""

from rest_framework import serializers

from guidance.models import ListStyle

FINGERPRINT_HELP = (
    "SHA-256 of the working copy's canonical serialization (``content`` without the "
    'section ids). Send it back as `If-Match: "<fingerprint>"`.'
)


class EditorialTopicSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ScheduledReleaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    go_live_at = serializers.DateTimeField()


class OpenReviewSerializer(serializers.Serializer):
    submitted_by = serializers.CharField(help_text="Username of the editor who submitted it.")
    submitted_at = serializers.DateTimeField()
    change_summary = serializers.CharField()
    submitted_fingerprint = serializers.CharField(help_text="The version that was submitted.")


class WorkingCopySummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    state = serializers.ChoiceField(
        choices=["draft", "in_review", "changes_requested", "approved", "published", "withdrawn"],
        help_text="What the last workflow step left.",
    )
    state_label = serializers.CharField(
        help_text="The state as an editor reads it, e.g. “Published, with unpublished edits”."
    )
    fingerprint = serializers.CharField(help_text=FINGERPRINT_HELP)
    updated_at = serializers.DateTimeField(help_text="When the guide's own fields last changed.")
    live_release = serializers.IntegerField(
        allow_null=True, help_text="Number of the release readers get now, if any."
    )
    scheduled_release = ScheduledReleaseSerializer(allow_null=True)
    open_review = OpenReviewSerializer(allow_null=True)


class ContentTipSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The tip's public id: PATCH /tips/{id}/.")
    lead = serializers.CharField()
    body = serializers.CharField(allow_blank=True)
    topics = EditorialTopicSerializer(many=True)


class ContentSectionFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Database id: PATCH /sections/{id}/.")
    anchor = serializers.SlugField()
    heading = serializers.CharField()
    body = serializers.CharField(allow_blank=True)
    list_style = serializers.ChoiceField(choices=ListStyle.values)
    tips = ContentTipSerializer(many=True)


class ContentSubsectionSerializer(ContentSectionFieldsSerializer):
    subsections = serializers.ListField(
        child=serializers.DictField(), help_text="Always empty: subsections go one level deep."
    )


class ContentSectionSerializer(ContentSectionFieldsSerializer):
    subsections = ContentSubsectionSerializer(many=True)


class ContentPersonSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)


class ContentContributorSerializer(serializers.Serializer):
    person = ContentPersonSerializer()
    role = serializers.CharField()


class ContentSourceSerializer(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)


class WorkingCopyContentSerializer(serializers.Serializer):
    format = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    topics = EditorialTopicSerializer(many=True)
    sections = ContentSectionSerializer(many=True)
    contributors = ContentContributorSerializer(many=True)
    sources = ContentSourceSerializer(many=True)


class AllowedStepSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    why_not = serializers.CharField(allow_null=True, help_text="Why the step is refused now.")


class AllowedStepsSerializer(serializers.Serializer):
    submit = AllowedStepSerializer()
    approve = AllowedStepSerializer()
    request_changes = AllowedStepSerializer()
    publish = AllowedStepSerializer()
    withdraw = AllowedStepSerializer()


class WorkingCopySerializer(WorkingCopySummarySerializer):
    content = WorkingCopyContentSerializer(
        help_text="The working copy, with each section's database id."
    )
    allowed_steps = AllowedStepsSerializer(help_text="The steps you may take now, or why not.")


class EditedSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guide = serializers.SlugField()
    parent = serializers.IntegerField(allow_null=True, help_text="A subsection's section.")
    position = serializers.IntegerField()
    anchor = serializers.SlugField()
    heading = serializers.CharField()
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    list_style = serializers.ChoiceField(choices=ListStyle.values)
    guide_fingerprint = serializers.CharField(help_text=FINGERPRINT_HELP)


class EditedTipSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    guide = serializers.SlugField()
    section = serializers.IntegerField()
    position = serializers.IntegerField()
    lead = serializers.CharField()
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    topics = EditorialTopicSerializer(many=True)
    guide_fingerprint = serializers.CharField(help_text=FINGERPRINT_HELP)


class EditedContributorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guide = serializers.SlugField()
    position = serializers.IntegerField()
    person = ContentPersonSerializer()
    role = serializers.CharField()
    guide_fingerprint = serializers.CharField(help_text=FINGERPRINT_HELP)


class EditedSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guide = serializers.SlugField()
    position = serializers.IntegerField()
    citation = serializers.CharField(trim_whitespace=False)
    url = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    guide_fingerprint = serializers.CharField(help_text=FINGERPRINT_HELP)


# The reviewer's diff (editorial.diff), as JSON.


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True, trim_whitespace=False)
    new = serializers.CharField(allow_blank=True, trim_whitespace=False)
    html = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Word diff as HTML: removed runs in <del>, inserted ones in <ins>; "
        "the text itself is escaped.",
    )


CHANGE_STATUSES = ["added", "removed", "changed", "moved", "unchanged"]


class TipDiffSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    lead = serializers.CharField()
    status = serializers.ChoiceField(choices=CHANGE_STATUSES)
    moved = serializers.BooleanField()
    move_note = serializers.CharField(allow_blank=True)
    fields = FieldChangeSerializer(many=True)
    topics_added = serializers.ListField(child=serializers.CharField())
    topics_removed = serializers.ListField(child=serializers.CharField())


class SectionDiffSerializer(serializers.Serializer):
    anchor = serializers.SlugField()
    heading = serializers.CharField()
    parent = serializers.SlugField(allow_null=True, help_text="A subsection's section's anchor.")
    status = serializers.ChoiceField(
        choices=CHANGE_STATUSES, help_text="“unchanged” when only its tips changed."
    )
    moved = serializers.BooleanField()
    move_note = serializers.CharField(allow_blank=True)
    fields = FieldChangeSerializer(many=True)
    tips = TipDiffSerializer(many=True)


class ItemDiffSerializer(serializers.Serializer):
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=CHANGE_STATUSES)
    moved = serializers.BooleanField()
    fields = FieldChangeSerializer(many=True)


class DiffBaseSerializer(serializers.Serializer):
    release = serializers.IntegerField()
    withdrawn = serializers.BooleanField()


class GuideDiffSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    fingerprint = serializers.CharField(help_text="The working copy compared: approve this one.")
    since = DiffBaseSerializer(
        allow_null=True,
        help_text="The release compared with: the live one, or with none live the last one "
        "readers had (then withdrawn). Null before the first release: all reads as added.",
    )
    has_changes = serializers.BooleanField()
    summary = serializers.CharField(help_text="E.g. “title changed, 2 tips changed”.")
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text='E.g. {"tips changed": 2}; no zeros.'
    )
    fields = FieldChangeSerializer(many=True, help_text="The guide's own fields and topics.")
    topics_added = serializers.ListField(child=serializers.CharField())
    topics_removed = serializers.ListField(child=serializers.CharField())
    sections = SectionDiffSerializer(many=True, help_text="Only those with changes, in order.")
    contributors = ItemDiffSerializer(many=True)
    sources = ItemDiffSerializer(many=True)
    other_changes = serializers.BooleanField(
        help_text="The versions differ in ways not itemized above."
    )
