"""The public API's server-side cache, and how a change reaches readers at once.

Every cached answer is stored under ``PublicVersion``, a number in the
database that moves on whenever what readers get changes
(``editorial.publishing.public_content_changed``: a guide published or
withdrawn, a safety release), inside that change's transaction. (People and
topics are served as released: editing them moves nothing.) Each request
reads it (one query by primary key), so once a change has committed no
process answers from a cache made before it, whatever the cache backend,
and a cache that missed a message cannot exist.

A scheduled release going live writes nothing, so each answer also records
the next go-live time as it was when the answer was computed, and is not
served after it.

If the cache fails (Redis down or hanging), the cache backend answers each
call as a miss for a cool-down (config/cache.py), so answers are computed
afresh: readers keep getting guidance and crisis lines, only slower.
"""

import contextvars
import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, Value
from django.dispatch import receiver
from django.utils import timezone

from api.public import replicas

# Validators too: answers pickled before they moved to answers.py name them here.
from api.public.answers import CachedAnswer, Validators  # noqa: F401
from api.public.local_cache import LocalAnswers
from api.public.replicas import PRIMARY
from editorial.models import PublicVersion, Release, SafetyRelease
from editorial.signals import public_content_committed

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


def read_live_safety_release(using=PRIMARY):
    """The live safety release (its number and snapshot), or None before the first (one query)."""
    return SafetyRelease.objects.using(using).live().only("number", "snapshot").first()


_newest_state = None  # this process's state of the newest version it has read
_answering_under = contextvars.ContextVar("answering_under", default=None)


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


def answering_state():
    """The state the answer being computed is stored under, or None outside ``respond``."""
    return _answering_under.get()


def fresh_answer(build, render, content_type="application/json", *, using=PRIMARY):
    """A new CachedAnswer of ``render(build())``, valid until the next go-live time.

    ``using``: the database ``build`` reads, where the answer's Last-Modified is read.
    """
    state = answering_state() or public_state()
    expires_at = state.next_go_live  # read before the answer: it may change it
    body = render(build())
    return CachedAnswer(body, state.changed_at(using), expires_at, content_type)


class AnswerKey(str):
    """A cache key, carrying the public state it was made under, and the guide whose own
    answer it is (None: an answer about many)."""

    def __new__(cls, digest, state, guide=None):
        key = super().__new__(cls, _stored_under(state.version, digest))
        key.digest, key.state, key.guide = digest, state, guide
        return key

    def at(self, version):
        """Where the same answer was stored under an earlier public version."""
        return _stored_under(version, self.digest)


def _stored_under(version, digest):
    return f"api:public:{version}:{digest}"


def answer_key(request, parameters, *, guide=None):
    """Where an answer is stored: the public version, the address and the known parameters.

    ``guide``: the slug of the guide this is the own answer of (its detail or
    its page), so a change that touches only other guides can leave it be.
    """
    address = "|".join(
        [
            request.scheme,
            request.get_host(),
            request.path,
            *(f"{name}={value}" for name, value in parameters),
        ]
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return AnswerKey(digest, public_state(), guide)


def respond_from_memory(request, key):
    """The response to ``request`` from this process's memory, or None if it is not there."""
    answer = local_answers.get(key)
    if answer is None or answer.has_expired():
        return None
    return answer.response(request)


def respond(request, key, compute):
    """The response to ``request``, whose answer is stored under ``key``.

    Looked for in this process's memory first, then (for a conditional
    request, by its validators alone, without the body) in the shared cache,
    then computed: ``compute(using)`` reads it on the database ``using``, a
    replica that has replayed the key's version or the primary (replicas.py).
    Every layer is keyed by the public version, so none can answer from
    before a committed change.
    """
    remembered = respond_from_memory(request, key)
    if remembered is not None:
        return remembered
    if "If-None-Match" in request.headers:
        validators = cache.get(f"{key}:validators")
        if validators is not None and not validators.has_expired():
            not_modified = validators.not_modified(request)
            if not_modified is not None:
                return not_modified
    # What the answer reads of the shared state is what its key was made under.
    token = _answering_under.set(key.state)
    try:
        answer = cached(key, lambda: replicas.read_answer(key.state.version, compute))
    finally:
        _answering_under.reset(token)
    local_answers.put(key, answer)
    return answer.response(request)


def cached(key, compute):
    """The answer stored under ``key`` if it still holds, else ``compute()``'s, stored."""
    answer = cache.get(key)
    if answer is None or answer.has_expired():
        answer = carried_over(key) or compute()
        timeout = settings.API_CACHE_SECONDS
        if timeout <= 0:  # nothing is kept: storing it would only cost a round trip
            return answer
        if answer.expires_at is not None:
            timeout = max(1, min(timeout, int(answer.expires_at - time.time()) + 1))
        entries = {key: answer, f"{key}:validators": answer.validators()}
        cache.set_many(entries, timeout=timeout)
    return answer


# How many versions back a guide's own answer is looked for.
CARRY_BACK = 20
# What a change record says when a change may touch any answer.
ANY_GUIDE = ["*"]


def _change_key(version):
    return f"api:public:change:{version}"


@receiver(public_content_committed)
def record_change(sender, version=None, guides=None, **kwargs):
    """Remember which guides' own answers the change to ``version`` touched.

    Written once the change has committed; until then, or if the cache lost
    it, the change counts as touching every answer.
    """
    if version is not None:
        touched = ANY_GUIDE if guides is None else list(guides)
        cache.set(_change_key(version), touched, timeout=settings.API_CACHE_SECONDS)


def carried_over(key):
    """A guide's own answer stored under an earlier version, if no change since touched it.

    Publishing or withdrawing one guide leaves every other guide's detail
    and page as they were: their answers are carried over to the new
    version rather than computed again. Anything else (a safety release)
    touches every answer. Two cache reads.
    """
    if key.guide is None:
        return None
    version = key.state.version
    versions = range(version, max(0, version - CARRY_BACK), -1)
    records = cache.get_many([_change_key(v) for v in versions])
    earlier = []
    for v in versions:
        touched = records.get(_change_key(v))
        if touched is None or touched == ANY_GUIDE or key.guide in touched:
            break
        earlier.append(v - 1)
    if not earlier:
        return None
    stored = cache.get_many([key.at(v) for v in earlier])
    for v in earlier:  # the newest first
        answer = local_answers.get(key.at(v)) or stored.get(key.at(v))
        if answer is not None and not answer.has_expired():
            return answer
    return None


def next_go_live():
    """When the next scheduled release goes live, as a Unix time, or None (one query)."""
    at = Release.objects.scheduled().aggregate(at=Min("go_live_at"))["at"]
    return at.timestamp() if at else None


def content_changed_at(using=PRIMARY):
    """When anything readers can see last changed, as a Unix time (one query on ``using``).

    The newest of: a release going live or being withdrawn, and a safety release.
    """
    now = timezone.now()
    releases = Release.objects.using(using)
    moments = [
        _latest(releases.filter(go_live_at__lte=now), "go_live_at"),
        _latest(releases.filter(withdrawn_at__lte=now), "withdrawn_at"),
        _latest(SafetyRelease.objects.using(using).filter(published_at__lte=now), "published_at"),
    ]
    union = moments[0].union(*moments[1:], all=True)
    return max((moment for moment in union if moment is not None), default=now).timestamp()


def _latest(queryset, field):
    return (
        queryset.order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(at=Max(field))
        .values_list("at", flat=True)
    )
