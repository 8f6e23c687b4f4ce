"""Token authentication for the editorial API, held to the same rules as signing in.

A token is a password's stand-in, so it goes when the password changes, and
it expires (``API_TOKEN_MAX_AGE_DAYS``): a leaked token is not good forever.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from accounts.backends import ModelBackendWithoutDemoAccounts


def token_has_expired(token):
    max_age = datetime.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
    return token.created < timezone.now() - max_age


def issue_token(user):
    """The user's current token, or a new one if they had none or it expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_has_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with the same refusals as signing in to the admin.

    A token outlives the password check that issued it, so an inactive user,
    a demo account (on a machine with DEBUG off) and an expired token are
    refused here too.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_has_expired(token):
            raise exceptions.AuthenticationFailed(
                "Token expired: ask for a new one at /api/v1/auth/token/."
            )
        if not ModelBackendWithoutDemoAccounts().user_can_authenticate(user):
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        return user, token


@receiver(pre_save, sender=get_user_model())
def _revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
