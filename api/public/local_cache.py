"""Answers a process served lately, kept in its own memory, bounded by their size.

In front of the shared cache (Redis in production), it saves a round trip
and an unpickling of the whole answer per request. It needs no
invalidation: answers are keyed by the public version, so after a change
no request asks for the old keys again, and they age out.
"""

import threading
import time
from collections import OrderedDict


class LocalAnswers:
    """A least-recently-used map of answers, holding at most ``max_bytes`` of bodies, each
    for at most ``max_seconds`` (API_CACHE_SECONDS, as in the shared cache; 0: none)."""

    def __init__(self, max_bytes, max_seconds):
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self._answers = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # runserver and threaded servers share a process

    def get(self, key):
        with self._lock:
            entry = self._answers.get(key)
            if entry is None:
                return None
            answer, kept_until = entry
            if time.time() >= kept_until:
                del self._answers[key]
                self._bytes -= len(answer.body)
                return None
            self._answers.move_to_end(key)
            return answer

    def put(self, key, answer):
        size = len(answer.body)
        if size > self.max_bytes or self.max_seconds <= 0:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous[0].body)
            self._answers[key] = (answer, time.time() + self.max_seconds)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (evicted, _) = self._answers.popitem(last=False)
                self._bytes -= len(evicted.body)

    def clear(self):
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def __len__(self):
        return len(self._answers)
