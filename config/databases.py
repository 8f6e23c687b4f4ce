"""The databases: the primary and its read replicas.

``DATABASES["default"]`` is the primary: every write, and everything staff
read. ``DATABASE_REPLICA_URLS`` adds one alias per read replica
(``replica1``, ``replica2``...), which only the public API and the reader
pages read (api/public/replicas.py decides when).
"""

import environ
from django.core import checks

POSTGRESQL = "django.db.backends.postgresql"


def replica_databases(urls, *, primary, connect_timeout):
    """The replicas' entries of DATABASES, by alias, from their URLs.

    Connections are kept and health-checked as the primary's are.
    ``connect_timeout`` (seconds, at least 2 for libpq) bounds how long an
    answer waits on a replica that does not answer before it is set aside.
    """
    replicas = {}
    for number, url in enumerate(urls, start=1):
        database = environ.Env.db_url_config(url)
        database["CONN_MAX_AGE"] = primary["CONN_MAX_AGE"]
        database["CONN_HEALTH_CHECKS"] = primary.get("CONN_HEALTH_CHECKS", False)
        if database["ENGINE"] == POSTGRESQL:
            database.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
        # A test run reads the primary's test database through the replica,
        # which replays it; none is created there.
        database["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{number}"] = database
    return replicas


def check_replicas(app_configs=None, **kwargs):
    """Errors for replicas that cannot stand in for the primary's reads."""
    from django.conf import settings

    primary = settings.DATABASES["default"]["ENGINE"]
    return [
        checks.Error(
            f"The read replica {alias!r} uses {settings.DATABASES[alias]['ENGINE']}, the "
            f"primary {primary}.",
            hint="A replica is a copy of the primary (a PostgreSQL streaming replica): list "
            "its URL in DATABASE_REPLICA_URLS, with the primary's engine.",
            id="databases.E010",
        )
        for alias in getattr(settings, "DATABASE_REPLICAS", [])
        if settings.DATABASES[alias]["ENGINE"] != primary
    ]
