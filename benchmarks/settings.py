"""The service's own settings, with the floor view's URL added (benchmarks/urls.py)."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
