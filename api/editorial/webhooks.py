"""Webhook subscriptions over the editorial API (editorial.webhooks.subscriptions).

The same rules as the admin's, from the same service: a target must be an
https address resolving to public addresses only (400 naming why not), and
the right is the admin's model permission (403 without). The secret is made
by the service: the answer to the create (and to a rotation) carries it, the
only time it is ever shown; no read answers it.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response

from api.editorial import schema
from api.editorial.inputs import StrictInput
from api.editorial.views import valid_input
from editorial.exchange.validation import Text
from editorial.models import WebhookEvent, WebhookSubscription
from editorial.webhooks import subscriptions

SECRET_HELP = (
    "The secret deliveries are signed with (HMAC-SHA256 of the body, in "
    "X-Guidance-Signature). Shown in this answer only: store it now."
)
SECRET_REFUSED = (
    "The service makes the secret: it is in the answer to the create, and POST "
    ".../webhooks/{id}/rotate-secret/ makes a new one."
)


class CanViewWebhooks(permissions.IsAuthenticated):
    """Signed in, with the right to view webhook subscriptions (the admin's permission).

    A coarse gate only: each change checks its own right in the service.
    """

    message = (
        "You may not see webhook subscriptions: that takes the right to view webhook "
        "subscriptions."
    )

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "editorial.view_webhooksubscription"
        )


class WebhookChange(StrictInput):
    refused = {"secret": SECRET_REFUSED}

    url = Text(
        max_length=500,
        required=False,
        help_text="https, to a host that resolves to public addresses only.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.values),
        allow_empty=False,
        required=False,
        help_text="The events to receive: the complete list.",
    )
    description = Text(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class WebhookCreate(WebhookChange):
    url = Text(
        max_length=500, help_text="https, to a host that resolves to public addresses only."
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.values),
        allow_empty=False,
        help_text="The events to receive.",
    )


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    previous_secret_until = serializers.DateTimeField(
        allow_null=True,
        help_text="After a rotation: until then, deliveries are signed with the previous "
        "secret too (X-Guidance-Signature-Previous).",
    )


class CreatedWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(help_text=SECRET_HELP)


class RotatedSecretSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    secret = serializers.CharField(help_text=SECRET_HELP)
    previous_secret_until = serializers.DateTimeField(
        help_text="Until then, deliveries are signed with the previous secret too "
        "(X-Guidance-Signature-Previous): the time the receiver has to switch over."
    )


def webhook_payload(subscription, **extra):
    return {name: getattr(subscription, name) for name in WebhookSerializer().fields} | extra


NOT_FOUND = schema.error("No webhook subscription has this id.")
FORBIDDEN = schema.error(
    "A right is missing: to view, add, change or delete webhook subscriptions."
)
INVALID = schema.error(
    "The body is malformed, or the target is refused (not https, or a host that resolves to "
    "a loopback, private, shared, link-local, multicast or reserved address); nothing changed.",
    schema.InvalidInputSerializer,
)
LIST_ERRORS = {**schema.LIST_ERRORS, 403: FORBIDDEN}
READ_ERRORS = {401: schema.UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}
CHANGE_ERRORS = {400: INVALID, **READ_ERRORS}
CREATE_ERRORS = {400: INVALID, 401: schema.UNAUTHENTICATED, 403: FORBIDDEN}


class WebhookView(generics.GenericAPIView):
    permission_classes = [CanViewWebhooks]
    queryset = WebhookSubscription.objects.order_by("pk")
    serializer_class = WebhookSerializer

    def get_subscription(self, webhook_id):
        subscription = WebhookSubscription.objects.filter(pk=webhook_id).first()
        if subscription is None:
            raise exceptions.NotFound(f"No webhook subscription has the id {webhook_id}.")
        return subscription


class WebhookList(WebhookView):
    @extend_schema(
        tags=["editorial"], responses={200: WebhookSerializer(many=True), **LIST_ERRORS}
    )
    def get(self, request):
        """The webhook subscriptions (never their secrets)."""
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(WebhookSerializer(page, many=True).data)

    @extend_schema(
        tags=["editorial"],
        request=WebhookCreate,
        parameters=[schema.LOCATION],
        responses={201: CreatedWebhookSerializer, **CREATE_ERRORS},
    )
    def post(self, request):
        """Subscribe a receiver; the answer carries its new secret, shown this once."""
        subscription = WebhookSubscription(**valid_input(WebhookCreate, request))
        secret = subscriptions.subscription_save(subscription, user=request.user)
        data = CreatedWebhookSerializer(webhook_payload(subscription, secret=secret)).data
        location = reverse("editorial:webhook-detail", args=[subscription.pk])
        return Response(data, status=201, headers={"Location": location})


class WebhookDetail(WebhookView):
    @extend_schema(tags=["editorial"], responses={200: WebhookSerializer, **READ_ERRORS})
    def get(self, request, webhook_id):
        """One webhook subscription (never its secret)."""
        return Response(WebhookSerializer(self.get_subscription(webhook_id)).data)

    @extend_schema(
        tags=["editorial"],
        request=WebhookChange,
        responses={200: WebhookSerializer, **CHANGE_ERRORS},
    )
    def patch(self, request, webhook_id):
        """Change a subscription's url, events, description or is_active (the secret stays)."""
        subscription = self.get_subscription(webhook_id)
        for name, value in valid_input(WebhookChange, request).items():
            setattr(subscription, name, value)
        subscriptions.subscription_save(subscription, user=request.user)
        return Response(WebhookSerializer(subscription).data)

    @extend_schema(tags=["editorial"], responses={204: None, **READ_ERRORS})
    def delete(self, request, webhook_id):
        """Delete a subscription, and its deliveries' log."""
        subscriptions.subscription_delete(self.get_subscription(webhook_id), user=request.user)
        return Response(status=204)


class RotateSecret(WebhookView):
    @extend_schema(
        tags=["editorial"],
        request=None,
        responses={200: RotatedSecretSerializer, **READ_ERRORS},
    )
    def post(self, request, webhook_id):
        """Make a new secret; the old one keeps signing, beside it, for a while.

        For ``WEBHOOK_SECRET_OVERLAP_HOURS`` (until ``previous_secret_until``)
        each delivery carries both signatures, so the receiver can switch over.
        """
        subscription = self.get_subscription(webhook_id)
        secret = subscriptions.secret_rotate(subscription, user=request.user)
        return Response(RotatedSecretSerializer(webhook_payload(subscription, secret=secret)).data)
