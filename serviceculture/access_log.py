"""What the server's logs may say about a request.

Residents are anonymous (DESIGN.md): a log line that holds a survey token next to an address or a user
agent ties a person to the link they answered. So the logs obey these rules:

- gunicorn's access log (PrivateAccessLogger, named in gunicorn.conf.py) carries the method, the path
  without its query string, the status, the size and the duration. Nothing else is available to its
  format, whatever `access_log_format` asks for: no client address, no user agent, no referrer, no header.
- Secrets in paths are redacted wherever a path is logged: a survey token (/s/<token>/), a certificate code
  (/certificates/<code>/) and a training check-in code (/training/check-in/<code>/).
  RedactSecretPaths applies the same rule to every record of Django's own logging ("Not Found: /s/...").
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "<redacted>"
# A path segment that is a secret, after the fixed prefix that announces it. The prefix starts a path: at the
# start of the text, after a space, a quote or a bracket, or after the host of a full URL (a logged
# Referer), never inside another path (/reports/s/1/). Query strings (?code=...) never reach a log: the
# access log drops them, and Django logs request.path, which has none.
SECRET_SEGMENT = re.compile(
    r"(?P<prefix>(?:^|[\s\"'(=]|://[^/\s\"']+)/(?:s|certificates|training/check-in)/)[^/\s?\"']+"
)


def redact_secrets(text: str) -> str:
    """The text with every secret path segment replaced by <redacted>."""
    return SECRET_SEGMENT.sub(rf"\g<prefix>{REDACTED}", text)


class PrivateAccessLogger(Logger):
    """gunicorn's logger, with an access log that knows nothing about who asked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        everything = super().atoms(resp, req, environ, request_time)
        # Only these atoms exist; any other one in a format (%(h)s, %(a)s, %({cookie}i)s) prints "-".
        kept = {name: everything[name] for name in ("m", "s", "B", "b", "M", "D", "T", "L", "t", "p", "H")}
        kept["U"] = redact_secrets(environ.get("PATH_INFO", ""))
        return kept


class RedactSecretPaths(logging.Filter):
    """A logging filter that redacts secret path segments from every message that passes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
