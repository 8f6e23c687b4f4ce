"""What the editorial API answers: the shapes of payloads.py, rendered and documented."""

from rest_framework import serializers

from api.public.serializers import (
    GuideDetailSerializer,
    ReviewerSerializer,
    UpdateHistoryEntrySerializer,
)
from editorial.models import ReviewKind
from guidance.models import ContributorRole, ListStyle

FINGERPRINT_HELP = (
    "SHA-256 of the working copy's canonical serialization (``content`` without the "
    'section ids). Send it back as `If-Match: "<fingerprint>"`.'
)
WORKFLOW_STATES = ["draft", "in_review", "changes_requested", "approved", "published", "withdrawn"]


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


class GuideOpenReviewSerializer(OpenReviewSerializer):
    kind = serializers.ChoiceField(
        choices=ReviewKind.values,
        help_text="clinical: a full clinical review; correction: a correction, approved by "
        "a second person with the correction right and resting on the last clinical sign-off.",
    )


class WorkingCopySummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    state = serializers.ChoiceField(
        choices=WORKFLOW_STATES, help_text="What the last workflow step left."
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
    open_review = GuideOpenReviewSerializer(allow_null=True)


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
    role = serializers.ChoiceField(choices=ContributorRole.values)


class ContentSourceSerializer(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)


class ContentProfileSerializer(ContentPersonSerializer):
    job_title = serializers.CharField(allow_blank=True)
    bio = serializers.CharField(allow_blank=True, help_text="Markdown.")
    photo_url = serializers.CharField(allow_blank=True)
    specialties = serializers.CharField(allow_blank=True, help_text="Comma-separated.")


class ContentTopicDetailSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class WorkingCopyContentSerializer(serializers.Serializer):
    format = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    topics = EditorialTopicSerializer(many=True)
    sections = ContentSectionSerializer(many=True)
    contributors = ContentContributorSerializer(many=True)
    sources = ContentSourceSerializer(many=True)
    people = ContentProfileSerializer(
        many=True,
        help_text="The public profile of each person credited, as readers will get it: "
        "signed off with the guide.",
    )
    topic_details = ContentTopicDetailSerializer(
        many=True, help_text="The name and description of each topic the guide and its tips use."
    )


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
    role = serializers.ChoiceField(choices=ContributorRole.values)
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
    summary = serializers.CharField(
        help_text="E.g. “title changed, 2 tips changed”; before a first release, what it "
        "holds: “first release: 2 sections, 5 tips”."
    )
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


# The checks on a working copy (editorial.checks.guide_checks).


class FindingPlaceSerializer(serializers.Serializer):
    section = serializers.CharField(allow_null=True, help_text="The section's anchor.")
    tip = serializers.CharField(allow_null=True, help_text="The tip's public id.")
    field = serializers.CharField(help_text="title, summary, heading, body or lead.")


class SpanSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False, help_text="Exactly as in the field.")
    start = serializers.IntegerField(help_text="Offset of the span in the field's text.")
    end = serializers.IntegerField()


class FindingSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Name it in the approval's waivers.")
    rule = serializers.CharField()
    title = serializers.CharField()
    where = FindingPlaceSerializer()
    span = SpanSerializer()
    advice = serializers.CharField()


class SectionGradeSerializer(serializers.Serializer):
    anchor = serializers.CharField()
    heading = serializers.CharField()
    grade = serializers.FloatField(allow_null=True)


class ReadabilitySerializer(serializers.Serializer):
    grade = serializers.FloatField(
        allow_null=True, help_text="Flesch-Kincaid grade level of the whole guide."
    )
    sections = SectionGradeSerializer(many=True)
    max_grade = serializers.FloatField(help_text="GUIDANCE_MAX_READING_GRADE.")
    over_limit = serializers.BooleanField(help_text="Approving then needs a reading_level waiver.")


class CorrectionChangeSerializer(serializers.Serializer):
    where = FindingPlaceSerializer()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True, trim_whitespace=False)
    new = serializers.CharField(allow_blank=True, trim_whitespace=False)
    kind = serializers.ChoiceField(
        choices=["whitespace", "letter case", "punctuation", "misspelling", "wording"]
    )
    allowed = serializers.BooleanField()
    why = serializers.CharField()


class CorrectionSerializer(serializers.Serializer):
    since_release = serializers.IntegerField(allow_null=True, help_text="The live release.")
    eligible = serializers.BooleanField(help_text="May be submitted as a correction.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why not.")
    changes = CorrectionChangeSerializer(many=True)


class GuideChecksSerializer(serializers.Serializer):
    fingerprint = serializers.CharField(help_text="The version checked.")
    safe_messaging = FindingSerializer(many=True)
    readability = ReadabilitySerializer()
    correction = CorrectionSerializer()
    waivers_required = serializers.ListField(
        child=serializers.CharField(),
        help_text="Finding ids (and reading_level) that approving this version needs a "
        "written waiver for.",
    )


class PreviewStandingSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=WORKFLOW_STATES)
    state_label = serializers.CharField()
    fingerprint = serializers.CharField(help_text="The version previewed.")
    live_release = serializers.IntegerField(
        allow_null=True, help_text="Number of the release readers get now, if any."
    )


class GuidePreviewSerializer(GuideDetailSerializer):
    """The public guide detail, built from the working copy (``body_html`` included)."""

    release = serializers.IntegerField(allow_null=True, help_text="None: not published yet.")
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="When the guide first went live, if it has."
    )
    updated_at = serializers.DateTimeField(allow_null=True, help_text="None until published.")
    last_reviewed = serializers.DateField(
        allow_null=True, help_text="The approval's date, if an approval of this version holds."
    )
    review_due = serializers.DateField(allow_null=True, help_text="None until published.")
    reviewer = ReviewerSerializer(
        allow_null=True, help_text="Who approved this version, if an approval holds."
    )
    update_history = UpdateHistoryEntrySerializer(
        many=True, help_text="The releases readers have had so far, newest first."
    )
    preview = PreviewStandingSerializer(help_text="Where the working copy stands.")
