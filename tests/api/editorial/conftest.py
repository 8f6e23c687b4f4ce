import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.editorial.content import editorial_guide


@pytest.fixture
def api_as(db):
    """``api_as(user)``: an API client sending that user's token, as an app would."""

    def client_for(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def guide(db):
    return editorial_guide(title="Helping a partner", slug="helping-a-partner")
