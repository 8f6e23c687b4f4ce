"""Test settings: the environment-driven base, made faster. Nothing else differs."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
