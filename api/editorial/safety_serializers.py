"""What the editorial API answers about the safety information, documented."""

from rest_framework import serializers

from api.editorial.serializers import AllowedStepSerializer, OpenReviewSerializer
from editorial.models import SafetyState
from guidance.models import NoticeKind

SAFETY_FINGERPRINT_HELP = (
    "SHA-256 of the safety information's canonical serialization (``content`` without the "
    'ids). Send it back as `If-Match: "<fingerprint>"`.'
)


class NoticeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=NoticeKind.values, help_text="PATCH .../safety-information/notices/{kind}/."
    )
    title = serializers.CharField()
    body = serializers.CharField(help_text="Markdown.")


class WorkingCrisisResourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="PATCH .../safety-information/crisis-resources/{id}/.")
    region = serializers.RegexField(r"^[A-Z]{2}$", help_text="ISO 3166-1 alpha-2 code.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True, help_text="Markdown.")
    phone = serializers.CharField(allow_blank=True)
    sms = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class SafetyContentSerializer(serializers.Serializer):
    notices = NoticeSerializer(many=True, help_text="The disclaimer and the call to action.")
    crisis_resources = WorkingCrisisResourceSerializer(
        many=True, help_text="By region, then in their order."
    )


class SafetyAllowedStepsSerializer(serializers.Serializer):
    submit = AllowedStepSerializer()
    approve = AllowedStepSerializer()
    request_changes = AllowedStepSerializer()
    publish = AllowedStepSerializer()


class SafetyInformationSerializer(serializers.Serializer):
    # Named SafetyStateEnum in the schema (ENUM_NAME_OVERRIDES), apart from the guides'.
    state = serializers.ChoiceField(
        choices=SafetyState.values, help_text="What the last workflow step left."
    )
    state_label = serializers.CharField()
    fingerprint = serializers.CharField(help_text=SAFETY_FINGERPRINT_HELP)
    live_release = serializers.IntegerField(
        allow_null=True, help_text="Number of the safety release readers get now, if any."
    )
    open_review = OpenReviewSerializer(allow_null=True)
    content = SafetyContentSerializer(help_text="The working copy: not what readers get.")
    allowed_steps = SafetyAllowedStepsSerializer(
        help_text="The steps you may take now, and why not."
    )
