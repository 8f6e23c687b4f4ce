import datetime

import pytest
import time_machine
from django.core.cache import cache

from tests.factories import (
    ClinicalReviewerFactory,
    EditorFactory,
    PublisherFactory,
    ReviewerFactory,
)
from tests.shared_rows import SharedRows
from tests.webhooks import (  # noqa: F401 (fixtures)
    local_receivers_allowed,
    receiver,
    trusted_test_ca,
    webhook_tls,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: cached answers must not outlive their data.

    The process's own layer too: a rolled-back test database gives its
    public version numbers out again.
    """
    from api.public.caching import forget_process_state

    cache.clear()
    forget_process_state()
    yield
    cache.clear()
    forget_process_state()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own, to pause, resume and kill (tests/config/servers.py)."""
    from tests.config.servers import RedisServer

    server = RedisServer(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def throttle_clock():
    """A clock stopped five seconds into a minute: rate-limit windows are whole
    minutes, and a test must not straddle two of them."""
    with time_machine.travel(
        datetime.datetime(2027, 1, 4, 12, 0, 5, tzinfo=datetime.UTC), tick=False
    ):
        yield


def _make_people():
    reviewer = ReviewerFactory(username="rita")
    ClinicalReviewerFactory(name="Rita Alvarez", credentials="MSW, LCSW", user=reviewer)
    return {
        "editor": EditorFactory(username="edna"),
        "reviewer": reviewer,
        "publisher": PublisherFactory(username="paul"),
    }


def _make_people_and_safety_information():
    from tests.workflow import ensure_safety_information_live

    people = _make_people()
    return {**people, "safety_release": ensure_safety_information_live(**people)}


shared_people = SharedRows(_make_people)
shared_people_and_safety_information = SharedRows(_make_people_and_safety_information)


@pytest.fixture
def people(request, db):
    """One user per editorial role, by role name: Edna edits, Rita (a licensed
    clinician) reviews, Paul publishes. Made once, copied into each test
    (tests/shared_rows.py), with the live safety information when the test
    asks for it too."""
    if "live_safety_information" in request.fixturenames:
        rows = shared_people_and_safety_information()
    else:
        rows = shared_people()
    return {role: rows[role] for role in ("editor", "reviewer", "publisher")}


def _one_of(request, role, make):
    """The role's user of ``people`` when the test has them, else one of its own."""
    if "people" in request.fixturenames:
        return request.getfixturevalue("people")[role]
    return make()


@pytest.fixture
def editor(request, db):
    return _one_of(request, "editor", lambda: EditorFactory(username="edna"))


@pytest.fixture
def reviewer(request, db):
    """A clinical reviewer: in the group, and linked to a licensed Person."""

    def make():
        user = ReviewerFactory(username="rita")
        ClinicalReviewerFactory(name="Rita Alvarez", credentials="MSW, LCSW", user=user)
        return user

    return _one_of(request, "reviewer", make)


@pytest.fixture
def second_reviewer(db):
    user = ReviewerFactory(username="rhea")
    ClinicalReviewerFactory(name="Rhea Okoro", credentials="PsyD", user=user)
    return user


@pytest.fixture
def publisher(request, db):
    return _one_of(request, "publisher", lambda: PublisherFactory(username="paul"))


@pytest.fixture
def live_safety_information(people):
    """The disclaimer and a crisis line, released through the safety services:
    no guide can be published without them."""
    from tests.workflow import ensure_safety_information_live

    return ensure_safety_information_live(**people)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip(),
        f"cache: {cache_backend} {settings.CACHES['default'].get('LOCATION') or ''}".rstrip(),
    ]
