"""``POST /api/v1/auth/token/``: a token for the editorial API, for a username and password.

Signing in here follows the admin's rules (editorial.auth): inactive users and,
with DEBUG off, demo accounts get no token. Throttled per client address, since
each request is a password guess.
"""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import issue_token
from api.errors import ErrorSerializer, InvalidInputSerializer
from api.parsers import JSONParser
from api.throttling import TokenRequestThrottle

WRONG_CREDENTIALS = (
    "Wrong username or password, or this account may not sign in. Check both and try again."
)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
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
        429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
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
