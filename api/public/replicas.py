"""Which database a public answer is read from: a replica that has replayed the public
version the answer is stored under, or else the primary.

The public version is read on the primary (api.public.caching.state.public_state), so it is
the newest there is; a replica (DATABASE_REPLICA_URLS) may still be behind
it. A cold answer, one no cache holds, first reads the version on a replica
(one query, which is also that connection's health check) and is read there
only if the replica has replayed at least that version: an answer never
shows less than the version it is stored under. Otherwise, or if no replica
answers, it is read on the primary. A warm answer, served from a cache,
touches no replica.

A replica that cannot be reached (refused, or silent for
DATABASE_REPLICA_CONNECT_TIMEOUT) is set aside for
DATABASE_REPLICA_COOLDOWN_SECONDS, with one warning in the log; the primary
answers meanwhile.
"""

import contextlib
import itertools
import logging
import threading
import time

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)

from editorial.models import PublicVersion

PRIMARY = DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)


class SetAside:
    """The replicas this process found unreachable, each until its cool-down ends."""

    def __init__(self):
        self._until = {}
        self._lock = threading.Lock()

    def holds(self, alias):
        until = self._until.get(alias)
        return until is not None and time.monotonic() < until

    def add(self, alias, error):
        """Set ``alias`` aside for the cool-down; warns once, not on each request."""
        seconds = settings.DATABASE_REPLICA_COOLDOWN_SECONDS
        with self._lock:
            already = self.holds(alias)
            self._until[alias] = time.monotonic() + seconds
        with contextlib.suppress(DatabaseError):  # broken already: a new one is made later
            connections[alias].close()
        if not already:
            logger.warning(
                "Database replica %s is unreachable; public answers are read on the primary "
                "for %s s. (%s)",
                alias,
                seconds,
                _first_line(error),
            )

    def clear(self):
        with self._lock:
            self._until.clear()


set_aside = SetAside()
_turns = itertools.count()


def replica_for(version):
    """A replica that has replayed ``version`` and answers, or None: read the primary.

    One query on each replica tried; replicas take turns being tried first.
    """
    replicas = settings.DATABASE_REPLICAS
    if not replicas:
        return None
    first = next(_turns) % len(replicas)
    for alias in replicas[first:] + replicas[:first]:
        if set_aside.holds(alias):
            continue
        try:
            replayed = PublicVersion.current(using=alias)
        except (OperationalError, InterfaceError) as error:
            set_aside.add(alias, error)
            continue
        if replayed >= version:
            return alias
    return None


def read_answer(version, compute):
    """``compute(using)``, with ``using`` a replica that has replayed ``version``, or the
    primary. If the replica fails while it is read, the answer is read again on the
    primary (a connection lost sets the replica aside; a query the replica cancelled,
    as it may when a change it replays conflicts with it, does not)."""
    alias = replica_for(version)
    if alias is None:
        return compute(PRIMARY)
    try:
        return compute(alias)
    except (OperationalError, InterfaceError) as error:
        if connections[alias].is_usable():
            logger.info("Database replica %s failed a read (%s).", alias, _first_line(error))
        else:
            set_aside.add(alias, error)
    return compute(PRIMARY)


def _first_line(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
