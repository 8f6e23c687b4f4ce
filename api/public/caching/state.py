"""What every public answer under one public version shares, read once per process, and
the answers this process served lately."""

import threading
import time

from django.conf import settings

from api.public import replicas
from api.public.caching.reads import content_changed_at, next_go_live, read_live_safety_release
from api.public.local_cache import LocalAnswers
from api.public.replicas import PRIMARY
from editorial.models import PublicVersion

# Answers this process served lately, in front of the shared cache.
local_answers = LocalAnswers(
    max_bytes=settings.API_LOCAL_CACHE_BYTES, max_seconds=settings.API_CACHE_SECONDS
)


class PublicState:
    """What every public answer under one ``PublicVersion`` shares, read once per process.

    The next go-live time, when readers' content last changed, and the live
    safety release: each changes only with the version, or when a scheduled
    release goes live, which is when this state expires. Each is read on
    first use, so a warm answer reads none of them.

    The next go-live time, the state's expiry, is read on the primary: a warm
    answer may need it, and it must touch no replica. The rest is read and
    remembered for each database apart (``using``): a replica has replayed at
    least this version, maybe less than the primary has since, and an answer
    read there must not mix in what only the primary has yet (a live release
    it would not find).
    """

    _UNREAD = object()

    def __init__(self, version):
        self.version = version
        self._next_go_live = self._UNREAD
        self._remembered = {}
        self._lock = threading.Lock()

    @property
    def next_go_live(self):
        """When the next scheduled release goes live (a Unix time, or None): the state's
        expiry. The first value stored is every thread's, so nothing read after it can
        be kept past it."""
        if self._next_go_live is self._UNREAD:
            value = next_go_live()
            with self._lock:
                if self._next_go_live is self._UNREAD:
                    self._next_go_live = value
        return self._next_go_live

    def remember(self, key, read, using=PRIMARY):
        """``read()``, read once under this state on the database ``using`` (which ``read``
        reads): for reads that change only with the public version or at a go-live (a
        handful of keys per state)."""
        try:
            return self._remembered[using, key]
        except KeyError:
            pass
        self.next_go_live  # noqa: B018 - fixed first: the read below holds until then
        value = read()
        with self._lock:
            return self._remembered.setdefault((using, key), value)

    def changed_at(self, using=PRIMARY):
        return self.remember("changed at", lambda: content_changed_at(using), using)

    def safety_release(self, using=PRIMARY):
        return self.remember("safety release", lambda: read_live_safety_release(using), using)

    def has_expired(self):
        return self.next_go_live is not None and time.time() >= self.next_go_live


_newest_state = None  # this process's state of the newest version it has read


def public_state():
    """The state of what readers get now (one query: the version)."""
    global _newest_state
    version = PublicVersion.current()
    state = _newest_state
    if state is None or state.version != version or state.has_expired():
        state = PublicState(version)
        # A request that read an older version must not displace a newer state.
        if _newest_state is None or version >= _newest_state.version:
            _newest_state = state
    return state


def forget_process_state():
    """Drop what this process keeps in memory: its answers and its public state.

    For tests, whose rolled-back databases give the same version numbers out
    again; in production the version only moves on.
    """
    global _newest_state
    _newest_state = None
    local_answers.clear()
    replicas.set_aside.clear()
