"""Answers a process served lately, kept in its own memory, bounded by their size.

In front of the shared cache (Redis in production), it saves a round trip
and an unpickling of the whole answer per request. It needs no
invalidation: answers are keyed by the public version, so after a change
no request asks for the old keys again, and they age out.
"""

import threading
from collections import OrderedDict


class LocalAnswers:
    """A least-recently-used map of answers, holding at most ``max_bytes`` of bodies."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._answers = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # runserver and threaded servers share a process

    def get(self, key):
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, key, answer):
        size = len(answer.body)
        if size > self.max_bytes:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, evicted = self._answers.popitem(last=False)
                self._bytes -= len(evicted.body)

    def clear(self):
        with self._lock:
            self._answers.clear()
            self._bytes = 0

    def __len__(self):
        return len(self._answers)
