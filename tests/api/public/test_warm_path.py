"""The warm path: answers from this process's memory, and 304s from validators alone."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from api.public.caching import CachedAnswer, answer_key, local_answers
from api.public.local_cache import LocalAnswers
from api.public.views import GuideDetail
from tests.workflow import edit_a_tip, publish


def queries_for(client, address, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
    return response, len(queries)


def test_a_served_answer_is_kept_in_the_process_and_costs_only_the_version_query(client, corpus):
    corpus.published_guide(slug="helping")
    first = client.get("/api/v1/guides/helping/")
    cache.clear()  # the shared cache loses it: this process still has it

    again, queries = queries_for(client, "/api/v1/guides/helping/")

    assert again.content == first.content
    assert queries == 1  # the public version


def test_the_process_memory_never_answers_from_before_a_publish(client, corpus, people):
    guide = corpus.published_guide(slug="helping")
    before = client.get("/api/v1/guides/helping/")
    edit_a_tip(guide)
    publish(guide, **people, summary="An edited tip.")

    after = client.get("/api/v1/guides/helping/")

    assert after.content != before.content
    assert b"Edited." in after.content


def test_a_conditional_request_is_answered_from_the_validators_alone(client, corpus):
    corpus.published_guide(slug="helping")
    etag = client.get("/api/v1/guides/helping/")["ETag"]
    local_answers.clear()
    cache.delete(answer_key(RequestFactory().get("/api/v1/guides/helping/"), []))
    # The body is gone from the shared cache; its validators remain.

    response, queries = queries_for(client, "/api/v1/guides/helping/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert queries == 1


def test_a_stale_etag_gets_the_whole_answer(client, corpus):
    corpus.published_guide(slug="helping")
    client.get("/api/v1/guides/helping/")
    local_answers.clear()

    response = client.get("/api/v1/guides/helping/", HTTP_IF_NONE_MATCH='"not-this-one"')

    assert response.status_code == 200
    assert response.json()["slug"] == "helping"


def test_the_process_memory_holds_at_most_its_size_in_bodies():
    answers = LocalAnswers(max_bytes=12, max_seconds=60)
    for name in "abc":
        answers.put(name, CachedAnswer(b"1234", 0, None))
    answers.get("a")  # recently used: kept
    answers.put("d", CachedAnswer(b"1234", 0, None))
    answers.put("huge", CachedAnswer(b"x" * 13, 0, None))

    assert [key for key in "abcd" if answers.get(key)] == ["a", "c", "d"]
    assert answers.get("huge") is None


def test_the_process_memory_keeps_an_answer_no_longer_than_the_shared_cache(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 12, tzinfo=datetime.UTC), tick=False)
    answers = LocalAnswers(max_bytes=100, max_seconds=60)
    answers.put("kept", CachedAnswer(b"1234", 0, None))

    time_machine.shift(59)
    assert answers.get("kept") is not None
    time_machine.shift(2)
    assert answers.get("kept") is None


def test_no_answer_is_kept_in_memory_when_the_cache_keeps_none():
    answers = LocalAnswers(max_bytes=100, max_seconds=0)
    answers.put("a", CachedAnswer(b"1234", 0, None))

    assert answers.get("a") is None


def test_an_answer_from_memory_is_the_answer_drf_gave_header_for_header(client, corpus):
    corpus.published_guide(slug="helping")
    first = client.get("/api/v1/guides/helping/?region=gb")

    again = client.get("/api/v1/guides/helping/?region=GB")

    assert again.content == first.content
    assert dict(again.items()) == dict(first.items())
    assert again["Allow"] == "GET, HEAD, OPTIONS"


def test_what_only_drf_answers_still_reaches_it_when_the_answer_is_in_memory(client, corpus):
    corpus.published_guide(slug="helping")
    client.get("/api/v1/guides/helping/")

    html_only = client.get("/api/v1/guides/helping/", headers={"accept": "text/html"})
    empty = client.get("/api/v1/guides/helping/", headers={"accept": ","})
    unknown = client.get("/api/v1/guides/helping/?colour=red")

    assert html_only.status_code == 406
    assert empty.status_code == client.get("/api/v1/tips/", headers={"accept": ","}).status_code
    assert unknown.status_code == 400
    assert "colour" in unknown.json()["detail"]


class GuideDetailCountingDrf(GuideDetail):
    """The guide detail, counting how often DRF's own request handling runs."""

    drf_handled = 0

    def initial(self, request, *args, **kwargs):
        type(self).drf_handled += 1
        return super().initial(request, *args, **kwargs)


def test_a_repeated_answer_is_served_before_drf_handles_the_request(corpus):
    corpus.published_guide(slug="helping")
    view = GuideDetailCountingDrf.as_view()
    factory = RequestFactory()

    first = view(factory.get("/api/v1/guides/helping/"), slug="helping")
    again = view(factory.get("/api/v1/guides/helping/"), slug="helping")

    assert GuideDetailCountingDrf.drf_handled == 1  # the first answer only
    assert again.status_code == 200
    assert again.content == first.content
