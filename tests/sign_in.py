"""Signing a test client in with a password, through the sign-in lockout like everyone."""

from django.http import HttpRequest


def log_in(client, **credentials):
    """``client.login``, with the request the lockout (axes) needs to count the attempt by."""
    return client.login(request=HttpRequest(), **credentials)
