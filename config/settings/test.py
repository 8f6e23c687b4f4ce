"""Test settings: the environment-driven base, made faster and self-contained."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP, as a staging box behind no proxy would.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# A Fernet key (32 bytes, url-safe base64) for the tests' webhook secrets only.
os.environ.setdefault("WEBHOOK_SECRET_KEYS", "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQtMzItYnl0ZXM=")

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No collectstatic before tests: serve admin assets from the apps themselves.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# A reviewable kind that exists only in the tests (tests/testkind): the shared
# workflow must serve it with no workflow code of its own.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testkind"]  # noqa: F405
