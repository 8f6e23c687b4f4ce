"""Production settings come from the environment and refuse to run unsafely."""

import json

from tests.config.processes import PRODUCTION_WEBHOOK_KEY, manage, production_env

PRINT_DATABASE = (
    "from django.conf import settings; import json; "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({k: db.get(k) for k in ('ENGINE', 'NAME', 'HOST', 'CONN_MAX_AGE', "
    "'CONN_HEALTH_CHECKS')}))"
)


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_a_secret_key_and_debug_off_the_app_refuses_to_start():
    result = manage("check", env=production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_without_allowed_hosts_and_debug_off_the_app_refuses_to_start():
    result = manage("check", env=production_env(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the hosts this service answers to" in result.stderr


def test_without_webhook_secret_keys_and_debug_off_the_app_refuses_to_start():
    result = manage("check", env=production_env(WEBHOOK_SECRET_KEYS=None))
    assert result.returncode != 0
    assert "WEBHOOK_SECRET_KEYS must be set when DEBUG is off" in result.stderr


def test_a_malformed_webhook_secret_key_is_refused_without_repeating_it():
    result = manage(
        "check",
        env=production_env(WEBHOOK_SECRET_KEYS=f"{PRODUCTION_WEBHOOK_KEY},not-a-fernet-key"),
    )
    assert result.returncode != 0
    assert "WEBHOOK_SECRET_KEYS: key number 2 is not a Fernet key" in result.stderr
    assert "not-a-fernet-key" not in result.stderr


def test_a_malformed_allowed_webhook_target_is_refused():
    result = manage("check", env=production_env(WEBHOOK_ALLOWED_TARGETS="127.0.0.1,localhost"))
    assert result.returncode != 0
    assert "WEBHOOK_ALLOWED_TARGETS: “localhost” is not an IP address or network" in result.stderr


def test_a_weak_secret_key_fails_the_deployment_checks():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_postgresql_connections_persist_and_are_health_checked():
    env = production_env(DATABASE_URL="postgres://guidance@db.internal:5432/guidance")
    result = manage("shell", "-c", PRINT_DATABASE, env=env)
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"]) == ("guidance", "db.internal")
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_default_database_is_a_local_sqlite_file():
    result = manage("shell", "-c", PRINT_DATABASE, env=production_env(DATABASE_URL=None))
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("db.sqlite3")


def test_the_sign_in_lockout_follows_the_environment():
    show = (
        "from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    defaults = manage("shell", "-c", show, env=production_env())
    chosen = manage(
        "shell",
        "-c",
        show,
        env=production_env(LOGIN_FAILURE_LIMIT="3", LOGIN_COOLOFF_MINUTES="60"),
    )
    assert defaults.returncode == 0, defaults.stderr
    assert defaults.stdout.strip().splitlines()[-1] == "5 900.0"
    assert chosen.stdout.strip().splitlines()[-1] == "3 3600.0"
