"""Run the test suite the way `make test` promises.

- With PostgreSQL and Redis reachable on 127.0.0.1 (as on CI) the suite runs on them, including the
  tests that need a real Celery worker. Otherwise it runs on SQLite and tests/conftest.py says, in one
  loud line, which tests it skipped.
- DATABASE_URL or REDIS_URL set in the environment win over the detection.
- With CI=true a missing service or browser is a failure, not a skip (tests/conftest.py enforces it).
- Static files are collected first, with the production manifest storage, into var/test-static/: the
  suite renders every page the way production does, so a static file that cannot be collected or a
  template that names a missing one fails here.

Arguments are passed to pytest: `make test ARGS="tests/org -k lockout"`.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
# The tests run the checkout this script lives in, even where the virtualenv's editable install points at
# another checkout (a second work tree sharing one .venv).
sys.path.insert(0, str(PROJECT))


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    env = os.environ
    if "DATABASE_URL" not in env and reachable("127.0.0.1", 5432):
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/serviceculture"
    if "REDIS_URL" not in env and reachable("127.0.0.1", 6379):
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    # The suite runs with production-shaped settings; only what a test client cannot do is relaxed.
    env.setdefault("DEBUG", "false")
    env.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
    env.setdefault("SECURE_SSL_REDIRECT", "false")
    env.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    env.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop in the test thread
    env.setdefault("STATIC_ROOT", str(PROJECT / "var" / "test-static"))
    print(f"Tests on {env.get('DATABASE_URL', 'SQLite')}, Redis: {env.get('REDIS_URL', 'none')}", flush=True)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "--verbosity", "0"]
    if subprocess.run(collect, cwd=PROJECT).returncode != 0:
        print("collectstatic failed: production could not serve its static files either.", file=sys.stderr)
        return 1

    import pytest

    return int(pytest.main(argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
