"""The systemd units shipped in deploy/ start what exists, and start it again when it dies."""

import configparser
import shlex

import pytest
from django.core.management import get_commands

from tests.config.processes import PROJECT_DIR

UNITS = sorted((PROJECT_DIR / "deploy" / "systemd").glob("*.service"))


def service_section(path):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser["Service"]


def test_there_is_a_unit_for_the_app_server_and_one_for_the_worker():
    assert [unit.name for unit in UNITS] == ["guidance-web.service", "guidance-worker.service"]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_each_unit_restarts_its_service_whenever_it_stops(unit):
    service = service_section(unit)

    assert service["Restart"] == "always"
    assert float(service["RestartSec"]) <= 5
    assert service["EnvironmentFile"] == "/etc/guidance/environment"


def test_the_worker_unit_runs_the_worker_command_and_the_web_unit_gunicorn():
    worker = shlex.split(service_section(UNITS[1])["ExecStart"].replace("\\\n", " "))
    web = shlex.split(service_section(UNITS[0])["ExecStart"].replace("\\\n", " "))

    assert worker[1:3] == ["manage.py", "worker"]
    assert get_commands()["worker"] == "jobs"
    assert web[0].endswith("/gunicorn")
    assert web[1] == "config.wsgi"
