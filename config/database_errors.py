"""Whether a database error means the database cannot serve now, and a log without a
traceback per request while it cannot.

Imported by the logging configuration, before the apps are ready: nothing
here may import a model.
"""

import logging

from django.db import InterfaceError, OperationalError

# PostgreSQL's SQLSTATEs for a server that cannot serve: connection exceptions
# (class 08), insufficient resources (53: too many connections, disk full, out
# of memory), and a server shutting down or starting up (57P01-57P04). Not a
# query cancelled by a timeout (57014), a deadlock or a lock not available:
# those are a query's own, and keep their traceback.
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53")
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "57P04"}
# SQLite's: the file cannot be opened or read, or stays locked by another
# process past the timeout. Not "no such table" (SQLITE_ERROR).
UNAVAILABLE_SQLITE_ERRORS = ("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_IOERR", "SQLITE_FULL")


def is_unavailable(error):
    """Whether ``error`` says the database cannot serve just now (down, unreachable, out
    of connections, shutting down), rather than that a query went wrong."""
    if isinstance(error, InterfaceError):  # a connection already closed
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__  # the driver's error, which Django's wraps
    if hasattr(cause, "sqlstate"):  # psycopg
        state = cause.sqlstate
        # None: the client's own failure to connect, or a connection the server lost.
        return (
            state is None
            or state.startswith(UNAVAILABLE_SQLSTATE_CLASSES)
            or state in UNAVAILABLE_SQLSTATES
        )
    if hasattr(cause, "sqlite_errorname"):
        return cause.sqlite_errorname.startswith(UNAVAILABLE_SQLITE_ERRORS)
    return True  # another database's driver: take it at its word


class WithoutDatabaseTracebacks(logging.Filter):
    """Drops the traceback from a request's log record caused by an unavailable database.

    Django logs each error answer of its handler500 with its exception; while
    the database is down that would be one traceback per request. The answer
    (a 503, api.errors.database_unavailable) still gets its one line.
    """

    def filter(self, record):
        if record.exc_info and is_unavailable(record.exc_info[1]):
            record.exc_info = None
            record.exc_text = None
        return True
