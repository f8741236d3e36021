"""The suite on several pytest-xdist workers (scripts/run_tests.py loads this plugin with `-p tests.parallel`).

What each worker has of its own, and why:
- PostgreSQL: pytest-django gives each worker its own test database (test_<name>_gw0, test_<name>_gw1, ...).
- Redis: tests flush it and start real Celery workers on it, so two workers on one Redis database would wipe
  each other's counts and take each other's tasks. run_tests.py starts each worker with
  `--tx popen//env:TEST_REDIS_DB=<n>`, and this plugin points REDIS_URL at that database before pytest-django
  reads the settings (execnet cannot carry the URL itself: it cuts its specs at every "//").
- Everything else a test writes or binds is already its own: tmp_path folders (private files, jobs, logs,
  Caddy's data), ports the OS hands out, scratch databases named after the worker's test database.

How the work is shared (`--dist loadfile`, refined here): a file goes whole to one worker, so a module's
fixtures (a production stack, a seeded county) are built once, and tests/fuzz/ goes as one unit, since it
seeds the demo county once for the folder. The units that start browsers or real servers go out first, then
the rest by number of tests, so no long file is left to run alone at the end.
"""

import os
import urllib.parse

import pytest

# Folders that go to one worker as a single unit (their fixtures are package-scoped).
TOGETHER = ("tests/fuzz/",)
# Folders and files whose tests are slow for their number (a browser, real processes): handed out first.
SLOW_FIRST = (
    "tests/fuzz/",
    "tests/browser/test_every_page_axe.py",
    "tests/surveys/test_outages.py",
    "tests/production/",
    "tests/project/test_backup_restore.py",
    "tests/browser/",
)


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


def _make_scheduler_class():
    from xdist.scheduler import LoadFileScheduling

    class FilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return next((folder for folder in TOGETHER if path.startswith(folder)), path)

        def schedule(self) -> None:
            if self.collection is None and self.registered_collections:
                units: dict[str, int] = {}
                for nodeid in next(iter(self.registered_collections.values())):
                    scope = self._split_scope(nodeid)
                    units[scope] = units.get(scope, 0) + 1

                def order(unit: tuple[str, int]) -> tuple[int, int]:
                    scope, tests = unit
                    slow = next((i for i, prefix in enumerate(SLOW_FIRST) if scope.startswith(prefix)), len(SLOW_FIRST))
                    return slow, -tests

                # The base class fills this queue in its own order; keys already in it keep their place.
                self.workqueue.clear()
                for scope, _tests in sorted(units.items(), key=order):
                    self.workqueue[scope] = {}
            super().schedule()

    return FilesTogether


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    return _make_scheduler_class()(config, log)
