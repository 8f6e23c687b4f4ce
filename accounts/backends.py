from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_EMAIL_DOMAIN = "demo.invalid"


def is_demo_account(user):
    return user.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")


class ModelBackendWithoutDemoAccounts(ModelBackend):
    """Django's login, except that demo accounts cannot sign in with DEBUG off.

    The demo set-up never runs in production; this also covers a database
    copied from a demo machine.
    """

    def user_can_authenticate(self, user):
        if is_demo_account(user) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)
