"""Which guides' own answers each change touched, so that a change to one guide leaves
every other guide's detail and page as they were: carried over to the new version
rather than computed again."""

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver

from api.public.caching.state import local_answers
from editorial.signals import public_content_committed

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
