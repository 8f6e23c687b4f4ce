"""``POST /api/v1/auth/token/``: a token for the editorial API, for a username and password.

Signing in here follows the admin's rules (accounts.backends): inactive users and,
with DEBUG off, demo accounts get no token, and the same lockout pauses signing
in after repeated failures (accounts.lockout). Throttled per client address,
since each request is a password guess.
"""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.lockout import lock_lifts_at, lockout_message, seconds_until
from api.authentication import issue_token
from api.errors import ErrorSerializer, InvalidInputSerializer
from api.parsers import JSONParser
from api.throttling import TokenRequestThrottle

WRONG_CREDENTIALS = (
    "Wrong username or password, or this account may not sign in. Check both and try again."
)


class SignInPaused(exceptions.APIException):
    """429: the lockout refuses this sign-in until ``lifts_at``, whatever the password."""

    status_code = 429
    default_code = "sign_in_paused"

    def __init__(self, lifts_at):
        super().__init__(detail=lockout_message(lifts_at))
        self.wait = seconds_until(lifts_at)  # DRF sends it as Retry-After


class CredentialsSerializer(serializers.Serializer):
    # As long as a username can be: a longer one names no account (nor fits the lockout's record).
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        request = self.context.get("request")
        user = authenticate(
            request=request, username=attrs["username"], password=attrs["password"]
        )
        if user is None:
            # Set by the lockout (axes) on this request when it refused the sign-in, or
            # when this failure reached the limit.
            if getattr(request, "axes_locked_out", False):
                raise SignInPaused(lock_lifts_at(request, {"username": attrs["username"]}))
            raise serializers.ValidationError(WRONG_CREDENTIALS, code="authorization")
        return {"user": user}


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text='Send it with every editorial request: "Authorization: Token <token>".'
    )


@extend_schema(
    tags=["auth"],
    request=CredentialsSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(
            InvalidInputSerializer, description="Missing fields, or wrong username or password."
        ),
        429: OpenApiResponse(
            ErrorSerializer,
            description="Too many requests, or signing in is paused after repeated failures "
            "for this account or from this address; see Retry-After.",
        ),
    },
)
class ObtainToken(APIView):
    """Exchange a username and password for the user's API token.

    The same token each time until it expires (``API_TOKEN_MAX_AGE_DAYS``) or
    the password changes; then a new one.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    throttle_classes = [TokenRequestThrottle]

    def post(self, request):
        serializer = CredentialsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = issue_token(serializer.validated_data["user"])
        return Response({"token": token.key})
