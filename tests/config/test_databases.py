"""The databases' configuration (config/databases.py): read replicas from the environment,
and what a connection pooler in transaction mode needs, which `manage.py check` enforces.

The tests marked ``behind_the_pooler`` run where the databases are reached through a
pooler in transaction mode (DATABASE_POOLER=transaction), as .ci/pgbouncer/run runs
them through a real PgBouncer.
"""

import json
import tempfile

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from api.public.caching import forget_process_state
from config.databases import transaction_pooling_errors
from tests.config.processes import manage, production_env
from tests.factories import build_guide
from tests.workflow import on_postgresql, publish

PRINT_DATABASES = (
    "from django.conf import settings; import json; "
    "keys = ('ENGINE', 'HOST', 'NAME', 'OPTIONS', 'TEST', 'CONN_MAX_AGE', "
    "'CONN_HEALTH_CHECKS', 'DISABLE_SERVER_SIDE_CURSORS'); "
    "print(json.dumps({'replicas': settings.DATABASE_REPLICAS, "
    "'pooler': settings.DATABASE_POOLER, 'databases': {alias: {k: db.get(k) for k in keys} "
    "for alias, db in settings.DATABASES.items()}}))"
)
PRIMARY_URL = "postgres://guidance@db.internal:5432/guidance"
REPLICA_URLS = (
    "postgres://guidance@replica-a.internal:5432/guidance,"
    "postgres://guidance@replica-b.internal:5432/guidance"
)
POSTGRESQL = "django.db.backends.postgresql"


def configured(**environment):
    result = manage("shell", "-c", PRINT_DATABASES, env=production_env(**environment))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_each_replica_url_is_a_database_kept_like_the_primary_and_quick_to_give_up():
    found = configured(DATABASE_URL=PRIMARY_URL, DATABASE_REPLICA_URLS=REPLICA_URLS)

    assert found["replicas"] == ["replica1", "replica2"]
    primary = found["databases"]["default"]
    for alias, host in (("replica1", "replica-a.internal"), ("replica2", "replica-b.internal")):
        replica = found["databases"][alias]
        assert (replica["ENGINE"], replica["HOST"], replica["NAME"]) == (
            POSTGRESQL,
            host,
            "guidance",
        )
        assert replica["OPTIONS"]["connect_timeout"] == 2
        assert replica["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"] > 0
        assert replica["CONN_HEALTH_CHECKS"] is True
        # The tests read the primary's test database through it: none is made there.
        assert replica["TEST"]["MIRROR"] == "default"


def test_without_replica_urls_every_read_is_the_primarys():
    found = configured(DATABASE_URL=PRIMARY_URL)

    assert found["replicas"] == []
    assert list(found["databases"]) == ["default"]


def test_the_replica_connect_timeout_follows_the_environment():
    found = configured(
        DATABASE_URL=PRIMARY_URL,
        DATABASE_REPLICA_URLS=REPLICA_URLS,
        DATABASE_REPLICA_CONNECT_TIMEOUT="5",
    )

    assert found["databases"]["replica2"]["OPTIONS"]["connect_timeout"] == 5


def test_a_replica_that_is_not_a_copy_of_the_primary_fails_the_checks():
    env = production_env(
        DATABASE_URL=PRIMARY_URL, DATABASE_REPLICA_URLS="sqlite:////tmp/elsewhere.sqlite3"
    )

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "databases.E010" in result.stderr
    assert "replica1" in result.stderr


def test_behind_a_transaction_pooler_nothing_outlives_a_transaction_and_the_checks_pass():
    env = {"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URLS": REPLICA_URLS}
    found = configured(DATABASE_POOLER="transaction", **env)

    assert found["pooler"] == "transaction"
    for database in found["databases"].values():
        assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert database["OPTIONS"]["prepare_threshold"] is None
    checked = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DATABASE_POOLER="transaction", **env),
    )
    assert checked.returncode == 0, checked.stderr


def test_without_a_pooler_server_side_cursors_stay_on():
    found = configured(DATABASE_URL=PRIMARY_URL)

    assert found["pooler"] == "none"
    assert not found["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"]


def test_prepared_statements_behind_a_transaction_pooler_fail_the_checks():
    env = production_env(
        DATABASE_URL=f"{PRIMARY_URL}?prepare_threshold=5", DATABASE_POOLER="transaction"
    )

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "databases.E002" in result.stderr
    assert "prepare_threshold" in result.stderr


def test_an_unknown_pooler_mode_is_refused_naming_the_modes():
    result = manage("check", env=production_env(DATABASE_POOLER="pgbouncer"))

    assert result.returncode != 0
    assert "DATABASE_POOLER must be one of none, session, transaction" in result.stderr


def test_each_setting_that_would_outlive_a_transaction_is_an_error_naming_its_database():
    fit = {
        "ENGINE": POSTGRESQL,
        "DISABLE_SERVER_SIDE_CURSORS": True,
        "OPTIONS": {"prepare_threshold": None},
    }
    databases = {
        "default": fit,
        "cursors": {**fit, "DISABLE_SERVER_SIDE_CURSORS": False},
        "prepared": {**fit, "OPTIONS": {"prepare_threshold": 5}},
        "role": {**fit, "OPTIONS": {"assume_role": "guidance_reader"}},
        "embedded": {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}},
    }

    errors = transaction_pooling_errors(databases)

    assert [error.id for error in errors] == ["databases.E001", "databases.E002", "databases.E003"]
    assert "'cursors'" in errors[0].msg
    assert "'prepared'" in errors[1].msg
    assert "'role'" in errors[2].msg
    assert transaction_pooling_errors({"default": fit}) == []


# On PostgreSQL, with a pooler or without.


def statements_sent(action):
    """The protocol messages ``action()`` sends on the kept connection (libpq's trace)."""
    connection.ensure_connection()
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            action()
        finally:
            connection.connection.pgconn.untrace()
        trace.seek(0)
        lines = trace.read().decode().splitlines()
    return [line.split("\t")[3:] for line in lines if line.split("\t")[1:2] == ["F"]]


@pytest.mark.skipif(not on_postgresql(), reason="prepared statements are PostgreSQL's")
def test_nothing_a_public_answer_sends_is_prepared_on_the_server(client, people):
    guide = build_guide(sections=1, tips_per_section=2, slug="helping")
    publish(guide, **people)

    def answer_afresh_again_and_again():
        # More than psycopg's default prepare_threshold (5), each computed anew.
        for _ in range(8):
            cache.clear()
            forget_process_state()
            assert client.get("/api/v1/guides/helping/").status_code == 200

    sent = statements_sent(answer_afresh_again_and_again)

    assert len([message for message in sent if message[0] == "Query"]) > 8
    prepared = [message for message in sent if message[0] == "Parse" and message[1][:3] != ' ""']
    assert prepared == []


behind_the_pooler = pytest.mark.skipif(
    settings.DATABASE_POOLER != "transaction" or not on_postgresql(),
    reason="runs behind a pooler in transaction mode (.ci/pgbouncer/run)",
)


@behind_the_pooler
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_answers_are_computed_again_and_again_on_whichever_server_connection(people):
    guide = build_guide(sections=1, tips_per_section=2, slug="helping")
    publish(guide, **people)
    client = Client()
    bodies = set()
    # Another client holding a transaction each time: the next is run elsewhere.
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        for _ in range(8):
            cache.clear()
            forget_process_state()
            with other.transaction():
                other.execute("SELECT 1")
                response = client.get("/api/v1/guides/helping/?region=US")
            assert response.status_code == 200
            bodies.add(response.content)
            assert client.get("/api/v1/tips/").status_code == 200

    assert len(bodies) == 1


@behind_the_pooler
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_command_that_reads_in_chunks_runs_behind_the_pooler(people, capsys):
    for slug in ("helping", "listening"):
        publish(build_guide(sections=1, tips_per_section=2, slug=slug), **people)

    call_command("verify_audit")  # QuerySet.iterator() over every entry and release

    assert "What readers get of every release is what publishing wrote." in capsys.readouterr().out
