"""The suite on several pytest-xdist workers (scripts/run_tests.py loads this plugin with `-p tests.parallel`).

What each worker has of its own, and why:
- PostgreSQL: pytest-django gives each worker its own test database (test_<name>_gw0, test_<name>_gw1, ...).
- Redis: tests flush it and start real Celery workers on it, so two workers on one Redis database would wipe
  each other's counts and take each other's tasks. run_tests.py starts each worker with
  `--tx popen//env:TEST_REDIS_DB=<n>`, and this plugin points REDIS_URL at that database before pytest-django
  reads the settings (execnet cannot carry the URL itself: it cuts its specs at every "//").
- Everything else a test writes or binds is already its own: tmp_path folders (private files, jobs, logs,
  Caddy's data), ports the OS hands out, scratch databases named after the worker's test database.

How the work is shared: `--dist loadfile`, so a file goes whole to one worker and a module's fixtures (a
production stack, a seeded county) are built once per file. (A scheduler that sent the slow files out first
left both workers waiting on a one-test file, pytest-xdist runs an item only once it knows the next: it was
taken out.)
"""

import os
import urllib.parse

import pytest


def with_database(url: str, database: int) -> str:
    """`url` (redis://, rediss:// or unix://) with its database number replaced."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "unix":
        query = [(key, value) for key, value in urllib.parse.parse_qsl(parts.query) if key != "db"]
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode([*query, ("db", database)])))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """In a worker, before any other plugin (pytest-django reads the settings here): its own Redis database."""
    database = os.environ.get("TEST_REDIS_DB")
    if database and os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = with_database(os.environ["REDIS_URL"], int(database))
    yield
