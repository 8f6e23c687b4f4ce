"""Rate limits: no minute holds more token requests than the rate; one rule for addresses."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from api.throttling import AnonymousReadThrottle, TokenRequestThrottle
from config.addresses import client_address

TOKEN_URL = "/api/v1/auth/token/"
START = datetime.datetime(2027, 1, 4, 12, 0, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def at(seconds):
    return START + datetime.timedelta(seconds=seconds)


def let_through(throttle_class, moments, address):
    """The moments at which the requests of the client at ``address`` were let through."""
    request = RequestFactory().post(TOKEN_URL, REMOTE_ADDR=address)
    request.user = AnonymousUser()
    allowed = []
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            if throttle_class().allow_request(request, view=None):
                allowed.append(moment)
    return allowed


def busiest_minute(moments):
    """The most of ``moments`` that any stretch of one minute holds."""
    return max(
        sum(1 for other in moments if moment - MINUTE < other <= moment) for moment in moments
    )


@override_settings(API_TOKEN_RATE="6/minute", API_ANON_RATE="6/minute")
def test_no_minute_ever_holds_more_token_requests_than_the_rate():
    every_two_seconds = [at(seconds) for seconds in range(0, 300, 2)]
    around_each_minutes_edge = [at(60 * minute + s) for minute in range(5) for s in range(50, 70)]

    steady = let_through(TokenRequestThrottle, every_two_seconds, "198.51.100.1")
    bursts = let_through(TokenRequestThrottle, around_each_minutes_edge, "198.51.100.2")
    reads = let_through(AnonymousReadThrottle, around_each_minutes_edge, "198.51.100.3")

    assert busiest_minute(steady) == busiest_minute(bursts) == 6
    # A client at a steady pace still gets at least six sevenths of the rate.
    assert len(steady) >= 5 * 6 * 6 // 7
    # The anonymous reads' fixed windows (cheaper) allow twice the rate across an edge.
    assert busiest_minute(reads) == 12


@override_settings(API_TOKEN_RATE="3/minute")
def test_a_burst_on_either_side_of_a_minutes_edge_is_refused(db, editor):
    editor.set_password("a-long-test-password")
    editor.save()
    api = APIClient()
    credentials = {"username": editor.username, "password": "a-long-test-password"}

    def ask(moment):
        with time_machine.travel(moment, tick=False):
            return api.post(TOKEN_URL, credentials, format="json")

    before_the_edge = [ask(at(58)).status_code for _ in range(3)]
    after_the_edge = ask(at(62))
    a_minute_later = ask(at(120))

    assert before_the_edge == [200, 200, 200]
    assert after_the_edge.status_code == 429
    assert after_the_edge["Retry-After"] == "58"
    assert after_the_edge.json()["detail"].startswith("Request was throttled.")
    assert a_minute_later.status_code == 200


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_address_is_the_connections(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}

    assert client_address(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("forwarded", "address"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # Only the entry the proxy wrote: the ones left of it are the client's say.
        ("198.51.100.66, 203.0.113.9", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("not-an-address", "192.0.2.1"),
        ("", "192.0.2.1"),
    ],
)
def test_behind_one_proxy_the_address_is_the_one_it_forwarded(settings, forwarded, address):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    assert client_address(request_from("192.0.2.1", forwarded)) == address


def test_a_connection_without_an_ip_address_has_none(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    assert client_address(request_from("", "not-an-address")) is None
