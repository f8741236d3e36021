"""Run the test suite the way `make test` promises.

- With PostgreSQL and Redis reachable on 127.0.0.1 (as on CI) the suite runs on them, including the
  tests that need a real Celery worker. Otherwise it runs on SQLite and tests/conftest.py says, in one
  loud line, which tests it skipped.
- DATABASE_URL or REDIS_URL set in the environment win over the detection.
- With CI=true a missing service or browser is a failure, not a skip (tests/conftest.py enforces it).
- Static files are collected first, with the production manifest storage, into var/test-static/: the
  suite renders every page the way production does, so a static file that cannot be collected or a
  template that names a missing one fails here.
- With TEST_WORKERS=2 (or more) the tests run on that many pytest-xdist workers, each with its own PostgreSQL test
  database and its own Redis database: REDIS_URL's and the ones below it (15 and 14 by default).
  tests/parallel.py says what else keeps them apart and how files are shared out. A run of one file, or
  one with --pdb or -s, stays in this process. The default is one process: on two workers, three browser
  tests fail when the files before them on their worker leave state behind (not yet found).

Arguments are passed to pytest: `make test ARGS="tests/org -k lockout"`.
"""

import os
import socket
import subprocess
import sys
import urllib.parse
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


def one_file(argv: list[str]) -> bool:
    """Whether the paths among the arguments (`tests/x.py`, `tests/x.py::test_y`) name a single file."""
    paths = {Path(arg.split("::", 1)[0]).resolve() for arg in argv if not arg.startswith("-")}
    paths = {path for path in paths if path.exists()}
    return len(paths) == 1 and next(iter(paths)).is_file()


def redis_database(url: str) -> int:
    """The database number of a redis://, rediss:// or unix:// URL (tests/parallel.py replaces it)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "unix":
        return int(dict(urllib.parse.parse_qsl(parts.query)).get("db", 0))
    return int(parts.path.strip("/") or 0)


def worker_arguments(argv: list[str], env: os._Environ) -> list[str]:
    """The pytest-xdist arguments for this run: one `--tx` per worker, each naming its Redis database."""
    workers = int(env.get("TEST_WORKERS", "1"))
    xdist_given = any(arg.startswith(("-n", "--numprocesses", "--tx", "--dist", "-d")) for arg in argv)
    serial_only = {"--pdb", "--trace", "-s", "--capture=no", "no:xdist"}.intersection(argv)
    if workers < 2 or xdist_given or serial_only or one_file(argv):
        return []
    base = redis_database(env["REDIS_URL"]) if env.get("REDIS_URL") else 0
    # Downwards from REDIS_URL's database, as CI's 15 and 14; upwards where there is no room below.
    step = -1 if base >= workers - 1 else 1
    specs = [f"--tx=popen//env:TEST_REDIS_DB={base + step * worker}" for worker in range(workers)]
    return ["-p", "tests.parallel", *specs, "--dist=loadfile"]


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
    workers = worker_arguments(argv, env)
    print(f"Tests on {env.get('DATABASE_URL', 'SQLite')}, Redis: {env.get('REDIS_URL', 'none')}", flush=True)
    specs = [argument for argument in workers if argument.startswith("--tx")]
    if specs:
        databases = ", ".join(spec.rsplit("=", 1)[1] for spec in specs)
        where = f", on Redis databases {databases}" if env.get("REDIS_URL") else ""
        print(f"{len(specs)} pytest-xdist workers{where}", flush=True)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "--verbosity", "0"]
    if subprocess.run(collect, cwd=PROJECT).returncode != 0:
        print("collectstatic failed: production could not serve its static files either.", file=sys.stderr)
        return 1

    import pytest

    return int(pytest.main([*workers, *argv]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
