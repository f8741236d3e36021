"""The server's logs say nothing that ties a resident to the survey link they answered."""

import logging
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from serviceculture.access_log import PrivateAccessLogger, RedactSecretPaths, redact_secrets

RESIDENT = {
    "REQUEST_METHOD": "POST",
    "RAW_URI": "/s/Zq8xTokenOfAResident/?lang=es",
    "PATH_INFO": "/s/Zq8xTokenOfAResident/",
    "QUERY_STRING": "lang=es",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "203.0.113.45",
    "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
    "HTTP_REFERER": "https://service.example.gov/s/Zq8xTokenOfAResident/",
    "HTTP_X_REAL_IP": "203.0.113.45",
}


def access_line(environ: dict, access_log_format: str | None = None) -> str:
    """The line gunicorn's access log writes for one request, with our logger and our config file's format."""
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", access_log_format or '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms')
    logger = PrivateAccessLogger(config)
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.access_log.handlers = [handler]
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", "/s/Zq8xTokenOfAResident/thanks/")])
    request = SimpleNamespace(
        headers=[("USER-AGENT", environ.get("HTTP_USER_AGENT", "")), ("X-REAL-IP", "203.0.113.45")]
    )
    logger.access(response, request, environ, timedelta(milliseconds=42))
    return lines[0]


def test_a_residents_submission_is_logged_without_address_user_agent_query_or_token():
    line = access_line(RESIDENT)
    assert '"POST /s/<redacted>/" 302 0 42ms' in line
    for secret in ("203.0.113.45", "iPhone", "Zq8xTokenOfAResident", "lang=es"):
        assert secret not in line


def test_a_format_asking_for_the_address_agent_or_headers_gets_dashes():
    line = access_line(RESIDENT, "%(h)s %(r)s %(a)s %(f)s %(q)s %({x-real-ip}i)s %({location}o)s %(U)s")
    assert line == "- - - - - - - /s/<redacted>/"


def test_secret_codes_in_paths_are_redacted_and_other_paths_kept():
    assert redact_secrets("/s/abc123/thanks/") == "/s/<redacted>/thanks/"
    assert redact_secrets("/certificates/CERT-7F3K/") == "/certificates/<redacted>/"
    assert redact_secrets("/training/check-in/K7QP/") == "/training/check-in/<redacted>/"
    assert redact_secrets("Not Found: /s/unknown-token/") == "Not Found: /s/<redacted>/"
    assert (
        redact_secrets("Referer https://gov.example:8443/s/abc/ x")
        == "Referer https://gov.example:8443/s/<redacted>/ x"
    )
    for kept in ("/certificates/", "/surveys/12/links/", "/standards/", "/static/css/app.css", "/reports/s/1/"):
        assert redact_secrets(kept) == kept


def test_djangos_own_log_lines_lose_the_token_too():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/s/Zq8xToken/",), None
    )
    assert RedactSecretPaths().filter(record)
    assert record.getMessage() == "Not Found: /s/<redacted>/"
