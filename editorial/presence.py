"""Who else has a page open for editing: a notice, not a lock.

Kept in the shared cache for a few minutes after each visit. Nothing
depends on it being complete: if the cache is down, nobody is shown.
"""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

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
    try:
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
    except Exception:  # a notice is not worth an error page
        logger.warning("Presence not recorded: the cache failed", exc_info=True)
        return []
    return others
