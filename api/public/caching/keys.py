"""Where a public answer is stored: under the public version, its address and its
parameters."""

import hashlib

from api.public.caching.state import public_state


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
