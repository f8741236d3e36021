"""Docker does not run on our machines, so the compose file is checked for what can go stale:
every command must name something that exists in the project."""

import importlib
import re
import shlex
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((PROJECT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _command_words(service: dict) -> list[str]:
    command = service.get("command", "")
    return command if isinstance(command, list) else shlex.split(command)


def test_the_production_shape_has_all_five_services():
    assert set(SERVICES) == {"db", "redis", "web", "worker", "beat"}
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")


def test_the_database_keeps_its_data_in_a_volume():
    volume = SERVICES["db"]["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]


def test_services_have_health_checks_and_wait_for_healthy_dependencies():
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in SERVICES[name], name
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }


def test_app_services_are_built_from_our_dockerfile():
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["build"] == "."
    assert (PROJECT / "Dockerfile").exists()


def test_web_migrates_then_serves_our_wsgi_application_with_gunicorn():
    command = " ".join(_command_words(SERVICES["web"]))
    assert "python manage.py migrate" in command and (PROJECT / "manage.py").exists()
    module, attribute = re.search(r"gunicorn (\S+):(\S+)", command).groups()
    assert callable(getattr(importlib.import_module(module), attribute))


def test_worker_and_beat_start_our_celery_app():
    for name in ("worker", "beat"):
        words = _command_words(SERVICES[name])
        assert words[0] == "celery" and words[1] == "-A"
        package = importlib.import_module(words[2])
        assert package.celery_app.main == "serviceculture"
        assert words[3] == ("worker" if name == "worker" else "beat")


def test_web_health_check_calls_our_health_endpoint():
    check = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in check
