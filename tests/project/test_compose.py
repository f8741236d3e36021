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


def test_the_production_shape_has_all_six_services():
    assert set(SERVICES) == {"proxy", "db", "redis", "web", "worker", "beat"}
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


def test_web_migrates_then_serves_our_wsgi_application_with_gunicorn_and_its_config_file():
    command = " ".join(_command_words(SERVICES["web"]))
    assert "python manage.py migrate" in command and (PROJECT / "manage.py").exists()
    config, module, attribute = re.search(r"gunicorn -c (\S+) (\S+):(\S+)", command).groups()
    assert (PROJECT / config).exists()
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


def test_only_the_proxy_is_reachable_from_outside():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {port.split(":")[-1].split("/")[0] for port in SERVICES["proxy"]["ports"]} == {"80", "443"}
    # The proxy shares a network with the web service only, not with the database or Redis.
    assert SERVICES["proxy"]["networks"] == ["edge"]
    assert "edge" in SERVICES["web"]["networks"]
    for name in ("db", "redis", "worker", "beat"):
        assert "edge" not in SERVICES[name].get("networks", ["default"]), name


def test_the_proxy_runs_our_caddyfile_and_passes_requests_to_gunicorn():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("caddy:2")
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in proxy["volumes"]}
    assert mounts["/etc/caddy/Caddyfile"] == "./deploy/Caddyfile" and (PROJECT / "deploy" / "Caddyfile").exists()
    assert "/etc/caddy/Caddyfile" in proxy["command"]
    assert mounts["/data"] in COMPOSE["volumes"]  # the self-signed authority survives a restart
    gunicorn_port = re.search(r'"GUNICORN_BIND", "[\d.]+:(\d+)"', (PROJECT / "gunicorn.conf.py").read_text()).group(1)
    assert proxy["environment"]["UPSTREAM"] == f"web:{gunicorn_port}"
    assert SERVICES["web"]["expose"] == [gunicorn_port]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_the_app_trusts_the_one_address_header_the_proxy_overwrites():
    caddyfile = (PROJECT / "deploy" / "Caddyfile").read_text()
    assert "header_up X-Real-IP {remote_host}" in caddyfile
    assert COMPOSE["x-app"]["environment"]["CLIENT_ADDRESS_HEADER"] == "HTTP_X_REAL_IP"


def test_web_worker_and_beat_share_one_volume_for_runtime_files_under_var():
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["volumes"] == ["app-data:/app/var"], name
    assert "app-data" in COMPOSE["volumes"]
    assert "--schedule=/app/var/" in SERVICES["beat"]["command"]


def test_the_image_is_built_by_the_scripts_ci_runs():
    dockerfile = (PROJECT / "Dockerfile").read_text()
    makefile = (PROJECT / "Makefile").read_text()
    assert "sh scripts/vendor.sh" in dockerfile and "sh scripts/vendor.sh" in makefile
    assert "manage.py collectstatic" in dockerfile
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"' in dockerfile
    assert "WORKDIR /app" in dockerfile  # where compose mounts var/
