"""Public reads on a real streaming replica: used once it has replayed the public version,
passed over while it lags, set aside while it is down; staff never read it."""

import json
import logging
import time

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from api.public import caching, replicas, selectors
from editorial.models import PublicVersion
from editorial.services import guide_withdraw
from tests.factories import build_guide
from tests.workflow import edit_a_tip, publish

REPLICA_LOGGER = "api.public.replicas"
# What the primary may be asked during an answer read on the replica: the public
# version, and (once per version) the next go-live time, the state's expiry.
VERSION_READ = "FROM editorial_publicversion"
GO_LIVE_READ = 'MIN("editorial_release"."go_live_at")'
WITHDRAWN = "SELECT count(*) FROM editorial_release WHERE withdrawn_at IS NOT NULL"
VERSION = "SELECT coalesce(max(number), 0) FROM editorial_publicversion"


def published(people, slug):
    guide = build_guide(sections=1, tips_per_section=2, slug=slug, title=slug.capitalize())
    publish(guide, **people)
    return guide


def timed(call, *args):
    started = time.monotonic()
    return call(*args), time.monotonic() - started


def content_reads(statements):
    """The statements that read an answer's content (not the version, nor the go-live)."""
    return [sql for sql in statements if VERSION_READ not in sql and GO_LIVE_READ not in sql]


def test_a_published_guide_is_answered_from_the_replica_once_it_has_replayed_it(
    replicated, people
):
    published(people, "helping")
    replicated.wait_for_replay()
    client = Client()

    for address in ("/api/v1/guides/helping/", "/api/v1/guides/", "/guides/helping/"):
        with replicated.statements() as (on_primary, on_replica):
            response = client.get(address)

        assert response.status_code == 200, address
        assert b"Helping" in response.content
        assert content_reads(on_primary) == [], address
        assert VERSION_READ in on_replica[0]  # has it replayed the version? yes:
        assert any("editorial_published" in sql for sql in on_replica[1:]), address

    with replicated.statements() as (on_primary, on_replica):
        again = client.get("/api/v1/guides/helping/")

    assert again.status_code == 200
    assert on_replica == []  # a warm answer touches no replica
    assert len(on_primary) == 1
    assert VERSION_READ in on_primary[0]


def test_a_replica_behind_the_public_version_is_passed_over_so_no_answer_shows_less(
    replicated, people
):
    withdrawn = published(people, "steady")
    replicated.wait_for_replay()
    client = Client()
    assert client.get("/api/v1/guides/steady/").status_code == 200
    replicated.pause_replay()
    try:
        published(people, "fresh")
        guide_withdraw(guide=withdrawn, user=people["publisher"], reason="Outdated advice.")
        # The replica still has the guide live, and a version before both changes.
        assert replicated.on_replica(WITHDRAWN) == 0
        assert replicated.on_replica(VERSION) < PublicVersion.current()

        answers, read = {}, {}
        for address in (
            "/api/v1/guides/steady/",
            "/guides/steady/",
            "/api/v1/guides/fresh/",
            "/api/v1/guides/",
        ):
            with replicated.statements() as read[address]:
                answers[address] = client.get(address)

        assert answers["/api/v1/guides/steady/"].status_code == 404
        assert answers["/guides/steady/"].status_code == 404
        assert answers["/api/v1/guides/fresh/"].status_code == 200
        listed = [guide["slug"] for guide in answers["/api/v1/guides/"].json()["results"]]
        assert listed == ["fresh"]
        for address, (on_primary, on_replica) in read.items():
            assert len(on_replica) == 1, address  # the version read alone
            assert VERSION_READ in on_replica[0]
            assert content_reads(on_primary), address  # read on the primary instead
    finally:
        replicated.resume_replay()
    replicated.wait_for_replay()

    with replicated.statements() as (on_primary, on_replica):
        caught_up = client.get("/api/v1/guides/steady/?region=GB")

    assert caught_up.status_code == 404
    assert content_reads(on_primary) == []
    assert content_reads(on_replica)  # the replica answers again, and says the same


def test_a_stopped_replica_is_set_aside_with_one_warning_and_the_primary_answers(
    replicated, people, caplog, settings
):
    settings.DATABASE_REPLICA_COOLDOWN_SECONDS = 2
    published(people, "helping")
    replicated.wait_for_replay()
    client = Client()
    assert client.get("/api/v1/guides/helping/").status_code == 200  # keeps a connection
    replicated.replica.stop()
    addresses = [
        "/api/v1/guides/helping/?region=GB",
        "/api/v1/guides/",
        "/api/v1/tips/",
        "/api/v1/topics/",
        "/guides/helping/",
        "/guides/",
    ]

    with caplog.at_level(logging.INFO):
        answered = [timed(client.get, address) for address in addresses]

    assert [response.status_code for response, _ in answered] == [200] * len(addresses)
    # None waited for the replica: the first found it refusing, the others skipped it.
    assert max(took for _, took in answered) < settings.DATABASE_REPLICA_CONNECT_TIMEOUT
    warnings = [record for record in caplog.records if record.name == REPLICA_LOGGER]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert warnings[0].exc_info is None  # no traceback
    assert "replica1 is unreachable" in warnings[0].getMessage()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]

    replicated.replica.start()
    time.sleep(2)  # the cool-down
    replicated.wait_for_replay()
    with replicated.statements() as (on_primary, on_replica):
        back = client.get("/api/v1/guides/helping/?region=CA")
    assert back.status_code == 200
    assert content_reads(on_primary) == []
    assert content_reads(on_replica)


def test_a_replica_that_hangs_costs_one_answer_the_connect_timeout_and_no_more(
    replicated, people, settings
):
    published(people, "helping")
    replicated.wait_for_replay()
    client = Client()
    timeout = settings.DATABASE_REPLICA_CONNECT_TIMEOUT

    with replicated.replica.hung():
        first, first_took = timed(client.get, "/api/v1/guides/helping/")
        others = [timed(client.get, f"/api/v1/guides/helping/?region={r}") for r in ("GB", "CA")]

    assert first.status_code == 200
    assert [other.status_code for other, _ in others] == [200, 200]
    assert timeout <= first_took < timeout + 3  # waited for the connection, then gave up
    assert max(took for _, took in others) < timeout  # set aside: not tried again


def test_staff_reads_and_writes_never_touch_the_replica(replicated, people):
    guide = published(people, "helping")
    replicated.wait_for_replay()
    replicated.pause_replay()
    editor = Client()
    editor.force_login(people["editor"])
    try:
        with replicated.statements() as (on_primary, on_replica):
            edit_a_tip(guide)
            working_copy = editor.get("/api/v1/editorial/guides/helping/")
            admin_list = editor.get("/admin/guidance/guide/")
            preview = editor.get("/guides/helping/preview/")
            call_command("verify_audit", verbosity=0)
    finally:
        replicated.resume_replay()

    assert (working_copy.status_code, admin_list.status_code, preview.status_code) == (200,) * 3
    assert b"Edited." in working_copy.content  # its own write, which the replica lacks
    assert b"Edited." in preview.content
    assert on_replica == []
    assert on_primary


@pytest.mark.parametrize("address", ["/api/v1/tips/daily/", "/api/v1/crisis-resources/"])
def test_every_public_answer_is_read_on_the_replica_alone(replicated, people, address):
    published(people, "helping")
    replicated.wait_for_replay()

    with replicated.statements() as (on_primary, on_replica):
        response = Client().get(address)

    assert response.status_code == 200
    assert content_reads(on_primary) == []
    assert content_reads(on_replica)


def test_an_answer_read_on_the_replica_mixes_in_nothing_the_primary_gave_under_its_version(
    replicated, people
):
    published(people, "steady")
    replicated.wait_for_replay()
    replicated.pause_replay()
    try:
        # A request read the version; a guide is published before its answer is read.
        state = caching.public_state()
        published(people, "fresh")

        def guides_listed(address):
            def listed(using, state):
                guides = selectors.LiveGuidesInOrder(using=using, state=state)
                return {"count": guides.count(), "slugs": [g["slug"] for g in guides[0:20]]}

            def compute(using, state):
                return caching.fresh_answer(
                    lambda: listed(using, state),
                    lambda data: json.dumps(data).encode(),
                    state=state,
                    using=using,
                )

            key = caching.AnswerKey(address, state)
            return json.loads(caching.respond(RequestFactory().get(address), key, compute).content)

        # One answer under that version is read on the primary, which has the new guide
        # (newer than the version: never older)...
        replicas.set_aside.add(replicated.alias, ConnectionError("set aside by the test"))
        on_primary = guides_listed("/listed/on-the-primary")
        replicas.set_aside.clear()
        # ...the next on the replica, which has replayed that version and no further.
        on_replica = guides_listed("/listed/on-the-replica")
    finally:
        replicated.resume_replay()

    assert on_primary == {"count": 2, "slugs": ["fresh", "steady"]}
    assert on_replica == {"count": 1, "slugs": ["steady"]}  # its own live guides, counted
