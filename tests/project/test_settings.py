"""Settings come from the environment and refuse what they cannot use. Each case starts a fresh
Python, because settings are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k8#Qz!v2Lr9@wXe4$Tn7^Pb1&Hs6*Jd3(Gf5)Mc0_Ya-Ru=Io+Ek~Zq",
    "ALLOWED_HOSTS": "service.harborcounty.example.gov",
}
TEST_ONLY = (
    "SECRET_KEY",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "STATIC_ROOT",
    "ALLOWED_HOSTS",
    "SECURE_COOKIES",
    "HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_django(args: list[str], **overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY}
    env.update(overrides)
    return subprocess.run([sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)


def test_missing_secret_key_with_debug_off_refuses_to_start():
    result = run_django(["manage.py", "check"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "variable, value",
    [
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("REDIS_URL", "http://x"),
        ("SESSION_IDLE_MINUTES", "soon"),
        ("OIDC_MATCH_FIELD", "salary"),
        ("OIDC_TOKEN_AUTH_METHOD", "magic"),
        ("PASSWORD_SIGN_IN", "nope"),
    ],
)
def test_a_bad_value_stops_the_start_and_names_the_variable(variable, value):
    result = run_django(["manage.py", "check"], **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_are_secure():
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'serviceculture.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_AGE, s.CELERY_TIMEZONE == s.TIME_ZONE)"
    )
    result = run_django(["-c", script], **PRODUCTION, TIME_ZONE="America/Denver")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "31536000", "1800", "True"]


def test_the_zero_setup_file_broker_keeps_every_folder_under_var():
    # kombu's filesystem transport puts its exchange tables in ./control unless told otherwise: `make run`
    # left a control/ folder at the top of the repository.
    script = (
        "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'serviceculture.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(json.dumps({'broker': s.CELERY_BROKER_URL, 'options': s.CELERY_BROKER_TRANSPORT_OPTIONS}))"
    )
    result = run_django(["-c", script], **PRODUCTION, REDIS_URL="")
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout.splitlines()[-1])
    assert settings["broker"] == "filesystem://"
    folders = {key: value for key, value in settings["options"].items() if key.endswith("folder") or "folder_" in key}
    assert set(folders) == {"data_folder_in", "data_folder_out", "processed_folder", "control_folder"}
    for key, folder in folders.items():
        assert Path(folder).is_relative_to(PROJECT / "var"), f"{key} is {folder}, outside var/"


def test_single_sign_on_refuses_a_half_configuration():
    without_client = run_django(["manage.py", "check"], **PRODUCTION, OIDC_ISSUER="https://login.example.gov")
    assert without_client.returncode != 0 and "OIDC_CLIENT_ID must be set" in without_client.stderr
    nobody_can_sign_in = run_django(["manage.py", "check"], **PRODUCTION, PASSWORD_SIGN_IN="false")
    assert (
        nobody_can_sign_in.returncode != 0
        and "PASSWORD_SIGN_IN=false needs single sign-on" in nobody_can_sign_in.stderr
    )


def test_the_client_secret_may_come_from_a_mounted_file(tmp_path):
    secret = tmp_path / "oidc-secret"
    secret.write_text("s3cret-from-a-file\n")
    sso = {**PRODUCTION, "OIDC_ISSUER": "https://login.example.gov/", "OIDC_CLIENT_ID": "sc"}
    show = "from django.conf import settings as s; print(s.OIDC_CLIENT_SECRET, s.SSO_ENABLED, s.OIDC_ISSUER)"
    result = run_django(["manage.py", "shell", "-c", show], **sso, OIDC_CLIENT_SECRET_FILE=str(secret))
    assert result.stdout.splitlines()[-1].split() == ["s3cret-from-a-file", "True", "https://login.example.gov"]
    both = run_django(["manage.py", "check"], **sso, OIDC_CLIENT_SECRET_FILE=str(secret), OIDC_CLIENT_SECRET="x")
    assert both.returncode != 0 and "OIDC_CLIENT_SECRET or OIDC_CLIENT_SECRET_FILE, not both" in both.stderr
