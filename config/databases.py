"""The databases: the primary, its read replicas, and what a connection pooler needs.

``DATABASES["default"]`` is the primary: every write, and everything staff
read. ``DATABASE_REPLICA_URLS`` adds one alias per read replica
(``replica1``, ``replica2``...), which only the public API and the reader
pages read (api/public/replicas.py decides when).

``DATABASE_POOLER`` says whether the databases are reached through a
connection pooler, and in which mode. In transaction mode (PgBouncer's
``pool_mode = transaction``) a server connection goes to another client as
soon as a transaction ends, so nothing may outlive one: no server-side
cursor, no prepared statement, no session setting. The system check below
fails a configuration that would leave one.
"""

import environ
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"

# none: direct connections. session: a pooler that gives each client one server
# connection for as long as it stays connected (nothing to change).
# transaction: one server connection per transaction.
POOLERS = ("none", "session", "transaction")


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


def pooler_mode(value):
    """DATABASE_POOLER's value, checked."""
    mode = value.strip().lower() or "none"
    if mode not in POOLERS:
        raise ImproperlyConfigured(
            f"DATABASE_POOLER must be one of {', '.join(POOLERS)}; it is {value!r}."
        )
    return mode


def prepare_for_pooler(database, mode):
    """Set what ``database`` needs behind a pooler in ``mode``: in transaction mode, no
    server-side cursors and no prepared statements (Django's default, made explicit)."""
    if mode == "transaction" and database["ENGINE"] == POSTGRESQL:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", None)


def check_pooled_databases(app_configs=None, **kwargs):
    """DATABASE_POOLER=transaction: an Error for each database that would break there."""
    from django.conf import settings

    if settings.DATABASE_POOLER != "transaction":
        return []
    return transaction_pooling_errors(settings.DATABASES)


def transaction_pooling_errors(databases):
    """What in ``databases`` (DATABASES) would outlive a transaction, as check Errors."""
    errors = []
    for alias, database in databases.items():
        if database.get("ENGINE") != POSTGRESQL:
            continue
        options = database.get("OPTIONS", {})
        if not database.get("DISABLE_SERVER_SIDE_CURSORS"):
            errors.append(
                checks.Error(
                    f"Server-side cursors are on for the database {alias!r}, behind a pooler "
                    "in transaction mode.",
                    hint="QuerySet.iterator() declares a cursor in one transaction and reads "
                    "it in the next, which the pooler may run on another server connection. "
                    f"Set DATABASES[{alias!r}]['DISABLE_SERVER_SIDE_CURSORS'] = True.",
                    id="databases.E001",
                )
            )
        if options.get("prepare_threshold") is not None:
            errors.append(
                checks.Error(
                    f"psycopg may prepare statements on the server for the database {alias!r} "
                    "(prepare_threshold is set), behind a pooler in transaction mode.",
                    hint="With server-side binding, a statement run that many times is "
                    "prepared on the server connection that ran it, which the next "
                    "transaction may not get. Remove prepare_threshold from "
                    f"DATABASES[{alias!r}]['OPTIONS'] (and from the database URL).",
                    id="databases.E002",
                )
            )
        if options.get("assume_role"):
            errors.append(
                checks.Error(
                    f"The database {alias!r} sets a role on each new connection "
                    "(assume_role), behind a pooler in transaction mode.",
                    hint="SET ROLE is session state: it would stay on the server connection "
                    "for other clients, and be missing from the next one this process gets. "
                    "Connect as that role instead.",
                    id="databases.E003",
                )
            )
    return errors


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
