"""Malformed or odd requests get a 4xx with a message, never a 500, and never a leak."""

import datetime

import pytest
import time_machine
from django.test import override_settings

BAD_REQUESTS = [
    ("/api/v1/tips/?page=0", 400, "page: "),
    ("/api/v1/tips/?page=-1", 400, "page: "),
    ("/api/v1/tips/?page=abc", 400, "page: "),
    ("/api/v1/tips/?q=tip&page=%C2%B2", 400, "page: "),  # "²" is a digit to Python
    # An offset past what the database's integers hold (found by the schema fuzz run).
    ("/api/v1/guides/?q=a&page=2305843009213693951&page_size=100", 404, "There is no page"),
    ("/api/v1/tips/?page=1.5", 400, "page: "),
    ("/api/v1/tips/?page=%EF%BC%91", 400, "page: "),  # a full-width digit one
    ("/api/v1/tips/?page=99", 404, "There is no page 99"),
    ("/api/v1/tips/?page=" + "9" * 400, 404, "There is no page"),
    ("/api/v1/tips/?page_size=0", 400, "page_size: "),
    ("/api/v1/tips/?page_size=-5", 400, "page_size: "),
    ("/api/v1/tips/?page_size=ten", 400, "page_size: "),
    ("/api/v1/tips/?page_size=", 400, "page_size: "),
    (
        "/api/v1/tips/?topic=no-such-topic",
        400,
        "topic: No live guide or tip is on a topic with this slug.",
    ),
    ("/api/v1/tips/?topic=%00", 400, "topic: "),
    ("/api/v1/tips/?guide=no-such-guide", 400, "guide: No live guide has this slug."),
    ("/api/v1/tips/?ordering=-password", 400, "ordering: "),
    ("/api/v1/guides/?ordering=,", 400, "ordering: Leave no empty item"),
    # A parameter given twice, as many clients send a list: refused, not half-read.
    ("/api/v1/guides/?ordering=title&ordering=-updated_at", 400, "ordering: Give it once"),
    ("/api/v1/tips/?ordering=lead&ordering=lead", 400, "ordering: Give it once"),
    ("/api/v1/tips/?q=a&q=b", 400, "q: Give it once."),
    ("/api/v1/topics/?page=1&page=2", 400, "page: Give it once."),
    ("/api/v1/tips/?ordering=lead,,-lead", 400, "ordering: Leave no empty item"),
    ("/api/v1/tips/?q=" + "x" * 10_000, 400, "q: Ensure this value has at most 200 characters"),
    ("/api/v1/tips/?q=%00", 400, "q: Null characters are not allowed."),
    ("/api/v1/tips/?q=to%00day", 400, "q: Null characters are not allowed."),
    ("/api/v1/guides/?q=%00", 400, "q: Null characters are not allowed."),
    (
        "/api/v1/guides/?topic=%F0%9F%99%82",
        400,
        "topic: No live guide or tip is on a topic with this slug.",
    ),
    ("/api/v1/guides/?page_size=x", 400, "page_size: "),
    ("/api/v1/topics/?page=x", 400, "page: "),
    ("/api/v1/guides/%F0%9F%99%82/", 404, "Not found: no such address."),
    ("/api/v1/guides/no-such-guide/", 404, "No live guide has the slug"),
    ("/api/v1/tips/00000000-0000-0000-0000-000000000000/", 404, "No live tip has the id"),
    ("/api/v1/tips/not-a-uuid/", 404, "Not found: no such address."),
    ("/api/v2/guides/", 404, "Not found: no such address."),
    ("/api/v1/people/no-such-person/", 404, "No one with the slug"),
]


@pytest.mark.parametrize(("address", "status", "message"), BAD_REQUESTS)
def test_bad_requests_get_a_clear_4xx(client, corpus, address, status, message):
    corpus.published_guide(slug="helping")

    response = client.get(address)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith(message), response.json()


def test_invalid_parameters_are_listed_one_by_one(client, corpus):
    response = client.get("/api/v1/tips/?topic=nope&ordering=nope")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"topic", "ordering"}


@pytest.mark.parametrize(
    "query", ["🙂", "anxiety 😟 help", "' OR 1=1 --", "\\", "<&>", "a:b|c!d", "!!!", "-", '"']
)
def test_odd_search_strings_are_just_searched(client, corpus, query):
    corpus.published_guide(slug="helping")

    for address in ("/api/v1/tips/", "/api/v1/guides/"):
        response = client.get(address, {"q": query})
        assert response.status_code == 200, (address, query)


def test_a_page_size_above_the_maximum_is_capped(client, corpus):
    corpus.published_guide(slug="helping")

    response = client.get("/api/v1/tips/?page_size=" + "9" * 30)

    assert response.status_code == 200
    assert response.json()["count"] == 5


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_public_api_is_read_only(client, corpus, method):
    corpus.published_guide(slug="helping")

    response = getattr(client, method)("/api/v1/guides/helping/")

    assert response.status_code == 405
    assert client.get("/api/v1/guides/helping/").status_code == 200


@override_settings(API_ANON_RATE="3/minute")
def test_anonymous_reads_past_the_rate_get_429_with_retry_after(client, corpus, throttle_clock):
    corpus.published_guide(slug="helping")

    statuses = [client.get("/api/v1/guides/helping/").status_code for _ in range(4)]
    refused = client.get("/api/v1/tips/")

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "55"  # the minute's window ends 55 s from now
    assert "throttled" in refused.json()["detail"]


@override_settings(API_ANON_RATE="3/minute")
def test_the_next_window_lets_a_throttled_client_read_again(client, corpus):
    corpus.published_guide(slug="helping")
    start = datetime.datetime(2027, 1, 4, 12, 0, 5, tzinfo=datetime.UTC)

    with time_machine.travel(start, tick=False):
        statuses = [client.get("/api/v1/guides/helping/").status_code for _ in range(4)]
    with time_machine.travel(start + datetime.timedelta(seconds=56), tick=False):
        again = client.get("/api/v1/guides/helping/")

    assert statuses[-1] == 429
    assert again.status_code == 200


@override_settings(CORS_ALLOWED_ORIGINS=["https://app.example.org"])
def test_cors_allows_the_configured_origins_only(client, corpus):
    corpus.published_guide(slug="helping")

    allowed = client.get("/api/v1/guides/", headers={"origin": "https://app.example.org"})
    other = client.get("/api/v1/guides/", headers={"origin": "https://evil.example"})

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "Access-Control-Allow-Origin" not in other


@override_settings(API_ANON_RATE="3/minute")
def test_made_up_forwarded_addresses_do_not_escape_the_rate_limit(client, corpus, throttle_clock):
    corpus.published_guide(slug="helping")

    statuses = [
        client.get("/api/v1/guides/", headers={"x-forwarded-for": f"203.0.113.{n}"}).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/guides/?ordering=",
        "/api/v1/tips/?format=json",
        "/api/v1/tips/?topic=",
        "/api/v1/tips/?q=",
    ],
)
def test_empty_and_harmless_values_are_accepted(client, corpus, address):
    corpus.published_guide(slug="helping")

    assert client.get(address).status_code == 200


def test_an_unknown_parameter_is_refused_rather_than_ignored(client, corpus):
    corpus.published_guide(slug="helping")

    misspelt = client.get("/api/v1/tips/?topc=partners")
    on_a_detail = client.get("/api/v1/guides/helping/?x=1")

    assert misspelt.status_code == 400
    assert misspelt.json()["detail"].startswith("topc: Unknown parameter. Known: format, guide,")
    assert on_a_detail.status_code == 400
