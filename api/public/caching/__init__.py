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

One module per job:

- ``state``: what every answer under one public version shares, read once
  per process (``PublicState``, ``public_state``), and the answers this
  process keeps in memory;
- ``reads``: the reads that state is made of (the next go-live time, when
  content last changed, the live safety release);
- ``keys``: where an answer is stored (``answer_key``);
- ``responses``: answering a request from memory, the shared cache or a
  fresh computation (``respond``, ``fresh_answer``);
- ``carry_over``: which guides' answers a change touched, so that the others
  are carried over to the new version.

The state an answer is computed under is the one its key was made under:
``respond`` hands it to the computation, which passes it on to the
selectors and payloads it calls (``state=``).
"""

# CachedAnswer and Validators: answers pickled before they moved to
# api/public/answers.py name them here.
from api.public.answers import CachedAnswer, Validators
from api.public.caching.keys import AnswerKey, answer_key
from api.public.caching.responses import fresh_answer, respond, respond_from_memory
from api.public.caching.state import (
    PublicState,
    forget_process_state,
    local_answers,
    public_state,
)

__all__ = [
    "AnswerKey",
    "CachedAnswer",
    "PublicState",
    "Validators",
    "answer_key",
    "forget_process_state",
    "fresh_answer",
    "local_answers",
    "public_state",
    "respond",
    "respond_from_memory",
]
