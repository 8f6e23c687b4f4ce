"""The public state an answer is computed under is handed to what reads it, as an argument.

With the state, what changes only with the public version is read once per
version and process; without it (a caller outside a cached answer), it is
read every time. The state a computation gets is its key's, even after the
version has moved on.
"""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from api.public import caching, payloads, selectors
from editorial.models import PublicVersion


def queries_for(read):
    with CaptureQueriesContext(connection) as queries:
        value = read()
    return value, len(queries)


def test_given_the_state_the_live_guides_and_safety_release_are_read_once(corpus):
    guide = corpus.published_guide(slug="helping")
    state = caching.public_state()

    first, first_queries = queries_for(lambda: selectors.live_release_ids(state=state))
    again, again_queries = queries_for(lambda: selectors.live_release_ids(state=state))
    release, release_queries = queries_for(lambda: payloads.live_safety_release(state=state))
    _, release_again_queries = queries_for(lambda: payloads.live_safety_release(state=state))

    assert first == again == [guide.releases.get().pk]
    # The first read under a state also fixes its expiry: the next go-live time.
    assert (first_queries, again_queries) == (2, 0)
    assert release is not None
    assert (release_queries, release_again_queries) == (1, 0)


def test_without_the_state_each_call_reads_again(corpus):
    corpus.published_guide(slug="helping")

    _, first_queries = queries_for(selectors.live_release_ids)
    _, again_queries = queries_for(selectors.live_release_ids)

    assert (first_queries, again_queries) == (1, 1)


def test_a_computation_gets_the_state_its_key_was_made_under(corpus):
    corpus.published_guide(slug="helping")
    key = caching.answer_key(RequestFactory().get("/anything/"), [])
    PublicVersion.advance()  # another process's publish, after the key was made
    given = []

    def compute(using, state):
        given.append(state)
        return caching.fresh_answer(lambda: {}, lambda data: b"{}", state=state, using=using)

    response = caching.respond(RequestFactory().get("/anything/"), key, compute)

    assert response.status_code == 200
    assert given == [key.state]
    assert given[0].version == PublicVersion.current() - 1
