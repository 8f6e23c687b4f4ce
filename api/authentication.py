from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from editorial.auth import ModelBackendWithoutDemoAccounts


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with the same refusals as signing in to the admin.

    A token outlives the password check that issued it, so an inactive user
    or a demo account (on a machine with DEBUG off) is refused here too.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if not ModelBackendWithoutDemoAccounts().user_can_authenticate(user):
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token
