"""Answering a public request: from this process's memory, from the shared cache, or
computed afresh under the public state its key was made under."""

import time

from django.conf import settings
from django.core.cache import cache

from api.public import replicas
from api.public.answers import CachedAnswer
from api.public.caching.carry_over import carried_over
from api.public.caching.state import local_answers
from api.public.replicas import PRIMARY


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
    then computed: ``compute(using, state)`` reads it on the database
    ``using``, a replica that has replayed the key's version or the primary
    (replicas.py), under ``state``, the public state the key was made under,
    which it passes on to what it reads through (``fresh_answer``, selectors,
    payloads). Every layer is keyed by the public version, so none can
    answer from before a committed change.
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
    state = key.state
    answer = cached(
        key, lambda: replicas.read_answer(state.version, lambda using: compute(using, state))
    )
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


def fresh_answer(build, render, content_type="application/json", *, state, using=PRIMARY):
    """A new CachedAnswer of ``render(build())``, valid until the next go-live time.

    ``state``: the public state ``build`` reads under (``respond`` gives it).
    ``using``: the database ``build`` reads, where the answer's Last-Modified is read.
    """
    expires_at = state.next_go_live  # read before the answer: it may change it
    body = render(build())
    return CachedAnswer(body, state.changed_at(using), expires_at, content_type)
