"""Test settings: the environment-driven base, made faster and self-contained."""

import os
import re

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP, as a staging box behind no proxy would.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# A Fernet key (32 bytes, url-safe base64) for the tests' webhook secrets only.
os.environ.setdefault("WEBHOOK_SECRET_KEYS", "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQtMzItYnl0ZXM=")


def _cache_url_of_this_worker(url, worker):
    """Parallel test processes (pytest-xdist: gw0, gw1, ...) each empty the cache
    between tests, so each takes a Redis database of its own: gw0 the one named,
    gw1 the one below it, and so on."""
    match = re.fullmatch(r"(rediss?://[^?]*/)(\d+)(\?.*)?", url)
    if not match or not worker:
        return url
    database = int(match[2]) - int(worker.removeprefix("gw"))
    if database < 0:
        raise ValueError(f"No Redis database left for test worker {worker} below {url}")
    return f"{match[1]}{database}{match[3] or ''}"


if os.environ.get("CACHE_URL"):
    os.environ["CACHE_URL"] = _cache_url_of_this_worker(
        os.environ["CACHE_URL"], os.environ.get("PYTEST_XDIST_WORKER")
    )

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import STORAGES  # noqa: E402

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
