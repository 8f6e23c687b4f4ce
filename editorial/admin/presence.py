"""Who else has a page open for editing: a notice, not a lock.

Kept in the shared cache for a few minutes after each visit. Nothing
depends on it being complete: while the cache is skipped after a failure
(config/cache.py), nothing is found and nobody is shown.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

RECENT_SECONDS = 5 * 60


@dataclass(frozen=True)
class Visit:
    name: str
    seconds_ago: int

    @property
    def since(self):
        if self.seconds_ago < 60:
            return "just now"
        minutes = self.seconds_ago // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"


def page_opened(model, object_id, user, *, editing=True):
    """Record that ``user`` opened the object's edit page; who else did lately.

    ``editing``: whether ``user`` may change it. Someone who may only read the
    page is told who is editing it, but is not counted as editing it.
    """
    key = f"presence:{model._meta.label_lower}:{object_id}"
    now = time.time()
    visits = cache.get(key) or {}
    others = [
        Visit(name, int(now - at))
        for user_id, (name, at) in sorted(visits.items(), key=lambda item: -item[1][1])
        if user_id != user.pk and now - at < RECENT_SECONDS
    ]
    recent = {uid: seen for uid, seen in visits.items() if now - seen[1] < RECENT_SECONDS}
    if editing:
        recent[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache.set(key, recent, RECENT_SECONDS)
    return others
