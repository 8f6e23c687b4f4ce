"""Every change readers must see at once purges the proxies and CDNs, once it has committed."""

import pytest
from django.test import override_settings

from api.edge import purge_public_answers
from editorial.people import person_save, topic_save
from tests.api.edge.receiver import Receiver
from tests.factories import PersonFactory, TopicFactory, build_guide
from tests.workflow import ensure_safety_information_live, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def varnish():
    with Receiver() as receiver:
        backends = {
            "varnish": {"BACKEND": "api.edge.backends.VarnishBanBackend", "LOCATION": receiver.url}
        }
        with override_settings(EDGE_CACHE_BACKENDS=backends):
            yield receiver


def bans(receiver):
    return [r["headers"]["X-Ban-Path"] for r in receiver.requests if r["method"] == "BAN"]


def test_varnish_gets_one_ban_of_the_public_paths(varnish):
    purge_public_answers()

    assert bans(varnish) == ["^(/api/v1/|/guides/)"]


def test_nginx_style_proxies_get_a_purge_per_path():
    with Receiver() as nginx:
        backends = {
            "nginx": {"BACKEND": "api.edge.backends.HTTPPurgeBackend", "LOCATION": nginx.url}
        }
        with override_settings(EDGE_CACHE_BACKENDS=backends):
            purge_public_answers()

    assert [(r["method"], r["path"]) for r in nginx.requests] == [
        ("PURGE", "/api/v1/*"),
        ("PURGE", "/guides/*"),
    ]


def test_cloudflare_gets_the_prefixes_of_each_public_host():
    with Receiver() as cloudflare:
        backends = {
            "cloudflare": {
                "BACKEND": "api.edge.backends.CloudflareBackend",
                "API": cloudflare.url,
                "ZONE_ID": "zone-1",
                "API_TOKEN": "token-1",
                "HOSTS": ["guides.example.org"],
            }
        }
        with override_settings(EDGE_CACHE_BACKENDS=backends):
            purge_public_answers()

    (request,) = cloudflare.requests
    assert (request["method"], request["path"]) == ("POST", "/zones/zone-1/purge_cache")
    assert request["headers"]["Authorization"] == "Bearer token-1"
    assert request["body"] == {
        "prefixes": ["guides.example.org/api/v1/", "guides.example.org/guides/"]
    }


def test_a_purge_that_fails_is_logged_and_the_others_still_run(caplog):
    with Receiver() as cloudflare, Receiver() as varnish:
        cloudflare.recorded.answer = {"success": False, "errors": ["no"]}
        backends = {
            "cloudflare": {
                "BACKEND": "api.edge.backends.CloudflareBackend",
                "API": cloudflare.url,
                "ZONE_ID": "z",
                "API_TOKEN": "t",
                "HOSTS": ["h"],
            },
            "varnish": {"BACKEND": "api.edge.backends.VarnishBanBackend", "LOCATION": varnish.url},
        }
        with override_settings(EDGE_CACHE_BACKENDS=backends):
            purge_public_answers()

    assert "Purging CloudflareBackend failed" in caplog.text
    assert len(bans(varnish)) == 1


def test_publishing_and_withdrawing_purge_after_they_commit(
    varnish, people, django_capture_on_commit_callbacks
):
    from editorial.services import guide_withdraw

    guide = build_guide(sections=1, tips_per_section=1)
    ensure_safety_information_live(**people)  # a guide goes out only with it
    varnish.requests.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(guide, **people)
    assert bans(varnish) == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(bans(varnish)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        guide_withdraw(guide=guide, user=people["publisher"], reason="Out of date.")
    assert len(bans(varnish)) == 2


def test_a_safety_information_release_purges(varnish, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ensure_safety_information_live(**people)

    assert len(bans(varnish)) == 1


@pytest.mark.parametrize(
    ("make", "save"),
    [
        (PersonFactory, lambda row, user: person_save(person=row, user=user, reason="Edited")),
        (TopicFactory, lambda row, user: topic_save(topic=row, user=user, reason="Edited")),
    ],
)
def test_editing_a_person_or_topic_purges_nothing(
    varnish, make, save, editor, django_capture_on_commit_callbacks
):
    # Readers get people and topics as released: an edit reaches them with a release,
    # whose publishing purges.
    with django_capture_on_commit_callbacks(execute=True):
        row = save(make.build(), editor)
        row.name = "Renamed"
        save(row, editor)

    assert bans(varnish) == []
