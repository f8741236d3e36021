"""Suite-wide rules: which tests need what, the loud skip line, and CI's no-skip rule."""

import os
import shutil

import pytest

from tests.factories import make_org, make_user  # noqa: F401  (re-exported as fixtures below)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing_requirements(config) -> dict[str, str]:
    """marker -> why it cannot run here."""
    from django.conf import settings

    missing = {}
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        missing["browser"] = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not settings.REDIS_URL:
        missing["celery_worker"] = "no Redis (set REDIS_URL or start redis-server on 127.0.0.1:6379)"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgres"] = "not on PostgreSQL (set DATABASE_URL or start PostgreSQL on 127.0.0.1:5432)"
    return missing


def pytest_collection_modifyitems(config, items):
    missing = _missing_requirements(config)
    skipped: dict[str, int] = {}
    for item in items:
        for marker, why in missing.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=why))
                skipped[marker] = skipped.get(marker, 0) + 1
    config._serviceculture_skipped = {marker: (count, missing[marker]) for marker, count in skipped.items()}
    if IN_CI and skipped:
        reasons = "; ".join(f"{count} {marker} tests: {why}" for marker, (count, why) in config._serviceculture_skipped.items())
        pytest.exit(f"CI=true and required services or browser are missing: {reasons}", returncode=3)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_serviceculture_skipped", {})
    if skipped:
        parts = ", ".join(f"{count} {marker} tests ({why})" for marker, (count, why) in skipped.items())
        terminalreporter.write_line(f"!!! SKIPPED FOR MISSING SERVICES: {parts} !!!", red=True, bold=True)


@pytest.fixture
def org(db):
    """A small county: two sibling departments, each with a division, people and service points."""
    return make_org()


@pytest.fixture
def user_factory(db):
    return make_user
