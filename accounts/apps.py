from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: the backend that keeps demo accounts out of production, and what a
    sign-in paused by the lockout is told."""

    name = "accounts"
    verbose_name = "Staff sign-in"
