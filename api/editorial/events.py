"""The audit log over HTTP: every workflow step across guides, filtered and paginated.

``GET /api/v1/editorial/events/?guide=&actor=&action=&since=&until=``:
the same rows as the admin's "Workflow events" list, newest first. An
unknown guide, person or step is a 400 naming it, and so is any parameter
the list does not know: a misspelt filter must not answer with everything.
"""

import django_filters
from django.contrib.auth import get_user_model
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers

from api.editorial import schema
from api.editorial.permissions import CanViewGuides
from editorial.models import WorkflowAction, WorkflowEvent
from guidance.models import Guide


class CanViewEvents(CanViewGuides):
    message = "You may not read the workflow log: that takes the right to view workflow events."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "editorial.view_workflowevent"
        )


@extend_schema_field(OpenApiTypes.STR)
class NamedFilter(django_filters.ModelChoiceFilter):
    """A row named by a unique field (a slug, a username); an unknown name is a 400."""


class EventFilter(django_filters.FilterSet):
    guide = NamedFilter(
        queryset=Guide.objects.all(),
        to_field_name="slug",
        label="A guide's slug: only its steps.",
        error_messages={"invalid_choice": "No guide has this slug."},
    )
    actor = NamedFilter(
        field_name="actor",
        queryset=get_user_model().objects.all(),
        to_field_name="username",
        label="A username: only the steps this person took.",
        error_messages={"invalid_choice": "No user has this username."},
    )
    action = django_filters.ChoiceFilter(
        choices=WorkflowAction.choices, label="The step: " + ", ".join(WorkflowAction.values)
    )
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label="From this day (YYYY-MM-DD), inclusive."
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label="Up to this day (YYYY-MM-DD), inclusive."
    )

    class Meta:
        model = WorkflowEvent
        fields = ["guide", "actor", "action", "since", "until"]


class EventGuideSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    guide = EventGuideSerializer()
    action = serializers.ChoiceField(choices=WorkflowAction.values)
    action_label = serializers.CharField(source="get_action_display")
    actor = serializers.CharField(source="actor.username")
    at = serializers.DateTimeField(help_text="When the step was taken.")
    detail = serializers.CharField(allow_blank=True)
    review = serializers.IntegerField(source="review_id", allow_null=True)
    release = serializers.IntegerField(
        source="release.number", allow_null=True, default=None, help_text="Release number."
    )
    backdated = serializers.BooleanField(help_text="Imported with the time it happened.")
    recorded_at = serializers.DateTimeField(help_text="When the row was written.")


@extend_schema(
    tags=["editorial"],
    responses={200: EventSerializer(many=True), **schema.LIST_ERRORS},
)
class EventList(generics.ListAPIView):
    """Every workflow step across guides, newest first: filter by guide, person, step and day."""

    permission_classes = [CanViewEvents]
    serializer_class = EventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter
    queryset = WorkflowEvent.objects.select_related("guide", "actor", "release").order_by(
        "-at", "-pk"
    )

    def list(self, request, *args, **kwargs):
        known = {*EventFilter.base_filters, "page", "page_size", "format"}
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [f"Unknown parameter. Known: {', '.join(sorted(known))}."]
                    for name in unknown
                }
            )
        return super().list(request, *args, **kwargs)
