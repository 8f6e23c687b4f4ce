"""``POST /api/v1/auth/token/``: a token for the editorial API, for a username and password."""

from rest_framework.authtoken.views import ObtainAuthToken


class ObtainToken(ObtainAuthToken):
    pass
