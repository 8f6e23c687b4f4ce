"""A real primary and its streaming replica for the replica tests.

The clusters are made once per session, on PostgreSQL runs only, and dropped
at its end, whatever happened (tests/replicas/clusters.py). Each test gets a
fresh database on the primary, copied from a migrated template, which the
replica replays as it replays everything. Meanwhile Django's ``default``
connection is the primary's and ``replica1`` the replica's, named in
DATABASE_REPLICAS as DATABASE_REPLICA_URLS would name it. No transaction is
wrapped around a test: a replica only sees what has committed.

``REPLICA_TESTS_REQUIRED`` (set by .ci/run) turns a machine that cannot make
clusters (not root, no postgresql-common) into an error rather than a skip.
"""

import contextlib
import os
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from config.databases import replica_databases
from tests.factories import (
    ClinicalReviewerFactory,
    EditorFactory,
    PublisherFactory,
    ReviewerFactory,
)
from tests.replicas import clusters

ALIAS = "replica1"
TEMPLATE = "guidance_migrated"
DATABASE = "guidance_replicated"


@pytest.fixture(scope="session")
def cluster_pair(django_db_blocker):
    """The primary and its replica (clusters.Cluster), running, with a migrated template."""
    if connection.vendor != "postgresql":
        pytest.skip("streaming replicas are PostgreSQL's; this run is on SQLite")
    missing = clusters.missing_requirements()
    if missing:
        if os.environ.get("REPLICA_TESTS_REQUIRED"):
            pytest.fail(f"The replica tests must run, but {missing}.")
        pytest.skip(missing)
    version = clusters.server_version()
    primary_port, replica_port = clusters.free_ports(2)
    name = f"guidance-tests-{os.getpid()}"
    primary = clusters.Cluster(version, f"{name}-primary", primary_port)
    replica = clusters.Cluster(version, f"{name}-replica", replica_port)
    try:
        clusters.create_primary(primary)
        primary.execute(f"CREATE DATABASE {TEMPLATE}")
        with django_db_blocker.unblock(), default_database(primary.settings(TEMPLATE)):
            call_command("migrate", verbosity=0, interactive=False)
        clusters.create_replica(primary, replica)
        yield primary, replica
    finally:
        replica.drop()
        primary.drop()


@contextlib.contextmanager
def default_database(where):
    """Django's ``default`` connection pointed at ``where`` (NAME, USER, HOST, PORT)."""
    default = connections["default"]
    default.close()
    saved = {key: default.settings_dict[key] for key in where}
    default.settings_dict.update(where)
    try:
        yield
    finally:
        default.close()
        default.settings_dict.update(saved)


@contextlib.contextmanager
def replica_database(alias, url):
    """``alias`` configured as DATABASE_REPLICA_URLS would configure it for ``url``."""
    entry = replica_databases(
        [url],
        primary=django_settings.DATABASES["default"],
        connect_timeout=django_settings.DATABASE_REPLICA_CONNECT_TIMEOUT,
    )["replica1"]
    entry = connections.configure_settings(
        {"default": connections["default"].settings_dict, alias: entry}
    )[alias]
    # Both, though Django's connections read DATABASES itself as it is now.
    for databases in (connections.settings, django_settings.DATABASES):
        databases[alias] = entry
    try:
        yield
    finally:
        connections[alias].close()
        del connections[alias]
        for databases in (connections.settings, django_settings.DATABASES):
            databases.pop(alias, None)


@dataclass
class Replicated:
    primary: clusters.Cluster
    replica: clusters.Cluster
    alias: str = ALIAS

    def wait_for_replay(self):
        clusters.wait_for_replay(self.primary, self.replica)

    def pause_replay(self):
        clusters.pause_replay(self.replica)

    def resume_replay(self):
        clusters.resume_replay(self.replica)

    def on_replica(self, sql):
        """The value ``sql`` reads on the replica, outside Django."""
        return self.replica.value(sql, database=DATABASE)

    @contextlib.contextmanager
    def statements(self):
        """The SQL sent meanwhile, as (primary's, replica's) lists, filled on exit."""
        primary, replica = [], []
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections[self.alias]) as on_replica,
        ):
            yield primary, replica
        primary.extend(query["sql"] for query in on_primary.captured_queries)
        replica.extend(query["sql"] for query in on_replica.captured_queries)


@pytest.fixture
def replicated(cluster_pair, django_db_blocker, settings):
    """A fresh database on the primary, replayed by the replica, as ``default`` and
    ``replica1``: a Replicated to pause, resume and watch them with."""
    primary, replica = cluster_pair
    if not replica.is_running():  # a test stopped it
        replica.start()
    clusters.resume_replay(replica)  # a test paused it
    primary.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    primary.execute(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")
    clusters.wait_for_replay(primary, replica)
    settings.DATABASE_REPLICAS = [ALIAS]
    with (
        django_db_blocker.unblock(),
        default_database(primary.settings(DATABASE)),
        replica_database(ALIAS, replica.url(DATABASE)),
    ):
        yield Replicated(primary, replica)


@pytest.fixture
def people(replicated):
    """One user per editorial role, committed (no test transaction here)."""
    reviewer = ReviewerFactory(username="rita")
    ClinicalReviewerFactory(name="Rita Alvarez", credentials="MSW, LCSW", user=reviewer)
    return {
        "editor": EditorFactory(username="edna"),
        "reviewer": reviewer,
        "publisher": PublisherFactory(username="paul"),
    }
