"""Suite-wide rules: which tests need what, the loud skip line, and CI's no-skip rule."""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import make_org, make_user
from tests.servers import OidcAccount, oidc_provider

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _missing_requirements(config) -> dict[str, str]:
    """marker -> why it cannot run here."""
    from django.conf import settings

    missing = {}
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        missing["browser"] = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    elif not shutil.which("pdftoppm"):
        missing["browser"] = "no pdftoppm to read printed PDFs (apt-get install poppler-utils)"
    if not settings.REDIS_URL:
        missing["celery_worker"] = "no Redis (set REDIS_URL or start redis-server on 127.0.0.1:6379)"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgres"] = "not on PostgreSQL (set DATABASE_URL or start PostgreSQL on 127.0.0.1:5432)"
    if not shutil.which("node"):
        missing["oidc"] = "no node to run the test OpenID Connect provider (apt-get install nodejs npm)"
    elif not (ROOT / "node_modules" / "oidc-provider" / "package.json").exists():
        missing["oidc"] = "no node_modules/oidc-provider (run `npm ci`, as `make deps` does)"
    if not shutil.which("caddy"):
        missing["production"] = "no Caddy, the reverse proxy of docker-compose.yml (apt-get install caddy)"
    elif "postgres" in missing or "celery_worker" in missing:
        missing["production"] = "the production shape needs PostgreSQL and Redis"
    return missing


def pytest_configure(config):
    """Workers of `pytest -n` started without scripts/run_tests.py would share one Redis database and take
    each other's Celery tasks (tests/parallel.py): refuse to run that way."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1 and os.environ.get("REDIS_URL") and not os.environ.get("TEST_REDIS_DB"):
        raise pytest.UsageError(
            "pytest-xdist workers need a Redis database each: run the suite with scripts/run_tests.py "
            "(`make test`), which gives them one, or with TEST_WORKERS=1."
        )


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
        reasons = "; ".join(
            f"{count} {marker} tests: {why}" for marker, (count, why) in config._serviceculture_skipped.items()
        )
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


@pytest.fixture
def worker(tmp_path):
    """A real Celery worker (solo pool) on Redis, reading and writing this test's database.
    Tests that use it are marked celery_worker, postgres and django_db(transaction=True)."""
    from serviceculture.celery import app
    from tests.servers import celery_worker

    app.control.purge()  # tasks other tests queued point at rows this test's database does not have
    with celery_worker(log=tmp_path / "worker.log") as process:
        yield process


@pytest.fixture
def redis_down(settings):
    """The cache points at a port where nothing listens: Redis is down."""
    from django.core.cache import cache

    from serviceculture.outages import REDIS_CACHE
    from tests.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "serviceculture.cache.RedisCacheWithFallback",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    cache.clear()  # the counts of earlier tests, in memory
    REDIS_CACHE.forget()  # the clear found Redis down; the test starts before anyone has noticed


@pytest.fixture(autouse=True)
def _no_outage_carried_over():
    """An outage a test provokes lives in the process (serviceculture/outages.py): the next test starts without it."""
    from serviceculture.outages import BROKER, REDIS_CACHE

    yield
    BROKER.forget()
    REDIS_CACHE.forget()


@pytest.fixture(autouse=True)
def _private_files_in_a_scratch_folder(settings, tmp_path):
    """Uploaded private documents (signed certifications) go to the test's own folder, never to var/."""
    settings.PRIVATE_FILES_DIR = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is slow on purpose; the suite creates hundreds of users, so it hashes fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sign_in_counts_start_at_zero():
    """Failed sign-ins and rate limits are counted in the cache (Redis when the suite has it), which outlives a
    test: each test starts with no failures on record."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_optional(settings):
    """With DEBUG off (as the suite runs) HR, heads and admins must use a second factor; the tests that are not
    about it sign them in with a password alone, as under `make run`. tests/accounts/ turns the rule on."""
    settings.MFA_REQUIRED_ROLES = []


@pytest.fixture
def identity_provider(settings, live_server, tmp_path):
    """`with identity_provider(OidcAccount(...), ...) as issuer:` starts a real OpenID Connect provider
    (tests/servers.oidc_provider) that knows those people and points this app's single sign-on at it, the
    live server's callback registered. Tests that use it are marked oidc and django_db(transaction=True)."""
    from serviceculture.oidc import PROVIDER_ID, socialaccount_providers

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain http on loopback
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"  # a test may read the session's row

    @contextmanager
    def start(*accounts: OidcAccount, public_client: bool = False, auth_params: dict | None = None) -> Iterator[str]:
        redirect_uri = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
        with oidc_provider(
            redirect_uri=redirect_uri,
            accounts=list(accounts),
            log=tmp_path / "oidc.log",
            token_endpoint_auth_method="none" if public_client else "client_secret_post",
        ) as issuer:
            settings.OIDC_ISSUER = issuer
            settings.SSO_ENABLED = True
            settings.OIDC_PROVIDER_NAME = "Harbor County sign-in"
            settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
                issuer=issuer,
                client_id="serviceculture",
                secret="" if public_client else "test-client-secret",
                name=settings.OIDC_PROVIDER_NAME,
                scopes=["openid", "email", "profile"],
                auth_params=auth_params,
            )
            yield issuer

    return start
