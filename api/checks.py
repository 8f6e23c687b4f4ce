from django.conf import settings
from django.core.checks import Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    """A withdrawal must reach every server process's cached answers at once."""
    if settings.CACHES["default"]["BACKEND"] not in LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process, so a publish or withdraw clears the cached "
            "public answers of the process that made it only; other processes would go on "
            "serving theirs for up to API_CACHE_SECONDS.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/0, or run "
            "a single process.",
            id="api.W001",
        )
    ]
