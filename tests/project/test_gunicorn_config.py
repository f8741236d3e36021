"""gunicorn.conf.py: an operator sizes the web server from the environment, and a wrong value stops the start."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
KNOBS = (
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_BIND",
)


def gunicorn_settings(**environment: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in KNOBS} | environment
    result = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "--print-config"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    return {name.strip(): value.strip() for name, value in pairs}


def settings_named(settings: dict[str, str], *names: str) -> list[str]:
    return [settings[name] for name in names]


def test_the_defaults_suit_a_two_core_box():
    settings = gunicorn_settings()
    assert settings_named(
        settings,
        "workers",
        "threads",
        "worker_class",
        "timeout",
        "graceful_timeout",
        "keepalive",
        "max_requests",
        "bind",
    ) == ["3", "4", "gthread", "60", "30", "5", "1000", "['0.0.0.0:8000']"]


def test_an_operator_sizes_the_server_from_the_environment():
    settings = gunicorn_settings(
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="2",
        GUNICORN_TIMEOUT="120",
        GUNICORN_GRACEFUL_TIMEOUT="45",
        GUNICORN_KEEPALIVE="10",
        GUNICORN_MAX_REQUESTS="0",
    )
    assert settings_named(
        settings,
        "workers",
        "threads",
        "timeout",
        "graceful_timeout",
        "keepalive",
        "max_requests",
        "max_requests_jitter",
    ) == ["5", "2", "120", "45", "10", "0", "0"]


def test_a_wrong_value_stops_the_start_and_names_the_variable():
    env = {key: value for key, value in os.environ.items() if key not in KNOBS} | {"GUNICORN_TIMEOUT": "a minute"}
    result = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "--check-config"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GUNICORN_TIMEOUT must be a whole number" in result.stderr


def test_the_access_log_is_ours():
    settings = gunicorn_settings()
    assert settings["logger_class"] == "serviceculture.access_log.PrivateAccessLogger"
    assert settings["accesslog"] == "-"


def test_the_app_is_loaded_once_before_the_workers_fork():
    assert gunicorn_settings()["preload_app"] == "True"


def test_warming_up_in_the_master_opens_no_connection():
    """Run before the fork: a connection opened here would be shared by every worker. (No `db` mark: pytest-django
    fails any database use outright.)"""
    from django.template.loader import get_template

    from serviceculture.warm_up import PUBLIC_TEMPLATES, warm_up

    warm_up()
    for name in PUBLIC_TEMPLATES:
        assert get_template(name)
