"""The production shape, run for real: what docker-compose.yml runs, built the way the Dockerfile builds it.

Once per module, on a scratch PostgreSQL database and the suite's Redis: `collectstatic` with the manifest
storage into a scratch folder, `migrate`, `seed_demo --force`, then gunicorn with gunicorn.conf.py and the
environment of docker-compose.yml (DEBUG off, the secure defaults), behind deploy/Caddyfile with TLS.
Then people use it over HTTPS: every demo role signs in and opens the pages its home page and navigation
offer, a resident answers a survey, anyone checks a certificate. Any 5xx or missing static file fails.
"""

import re
import secrets
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import yaml
from django.conf import settings

from tests.production.client import CLIENT_ADDRESS, USER_AGENT, Browser, Page
from tests.production.servers import start_caddy
from tests.servers import BIN, ROOT, free_port, listening, start, stop, wait_until

pytestmark = pytest.mark.production

ROLES = ("admin", "hr", "head", "trainer", "employee")
PASSWORD = "demo-pass-2026"
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
# Links that lead to no page to check here: signing out, switching language, downloads (their own tests
# cover them) and, from the app's pages, Django admin (checked on its own below).
NOT_PAGES = re.compile(r"^/(accounts/logout|i18n)/|/pdf/?$|[?&]format=")
ADMIN = re.compile(r"^/admin/")


@dataclass
class Production:
    url: str
    root_certificate: Path
    environment: dict[str, str]
    gunicorn_port: int
    gunicorn_log: Path
    caddy_log: Path
    resident_link: str  # the path of a demo survey link, /s/<token>/
    certificate_check: str  # /certificates/<code>/ of a demo certificate
    database: dict

    def browser(self) -> Browser:
        return Browser(self.url, root_certificate=self.root_certificate)

    def count_responses(self) -> int:
        with psycopg2.connect(**self.database) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM surveys_response")
            return cursor.fetchone()[0]


def compose_environment(values: dict[str, str]) -> dict[str, str]:
    """The app services' environment in docker-compose.yml, with ${NAME...} taken from `values` or the
    file's own defaults."""

    def substitute(match: re.Match) -> str:
        name, default = match.group(1), match.group(3) or ""
        if name in values:
            return values[name]
        if match.group(2) == ":?":
            raise KeyError(f"docker-compose.yml needs {name}")
        return default

    declared = COMPOSE["x-app"]["environment"]
    return {key: re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", substitute, str(value)) for key, value in declared.items()}


def scratch_database() -> tuple[str, dict]:
    own = settings.DATABASES["default"]
    name = f"{own['NAME'].removeprefix('test_')}_production_shape"[:63]
    server = {
        "host": own["HOST"] or "127.0.0.1",
        "port": own["PORT"] or 5432,
        "user": own["USER"],
        "password": own["PASSWORD"] or "",
    }
    return name, server


def run_database_command(server: dict, statement: str) -> None:
    connection = psycopg2.connect(dbname="postgres", **server)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def demo_path(seed_output: str, label: str) -> str:
    line = next(line for line in seed_output.splitlines() if line.startswith(label))
    return urllib.parse.urlsplit(line.rsplit(" ", 1)[1]).path


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    name, server = scratch_database()
    https_port, http_port, gunicorn_port = free_port(), free_port(), free_port()
    environment = {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        **compose_environment({"SECRET_KEY": secrets.token_urlsafe(50), "SITE_ADDRESS": "localhost"}),
        "DATABASE_URL": f"postgres://{server['user']}:{server['password']}@{server['host']}:{server['port']}/{name}",
        "REDIS_URL": settings.REDIS_URL or "",
        "SITE_URL": f"https://localhost:{https_port}",
        "STATIC_ROOT": str(folder / "static"),
        # Each role signs in with its password and opens its pages; the second factor that production asks
        # of HR, heads and admins has its own tests (tests/accounts/, tests/browser/test_mfa_pages.py).
        "MFA_REQUIRED_ROLES": "",
    }
    run_database_command(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run_database_command(server, f'CREATE DATABASE "{name}"')
    processes: list[subprocess.Popen] = []
    try:
        manage("collectstatic", "--noinput", env=environment)
        manage("migrate", "--noinput", env=environment)
        seeded = manage("seed_demo", "--force", env=environment)
        gunicorn = start(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{gunicorn_port}"],
            env=environment,
            log=folder / "gunicorn.log",
        )
        processes.append(gunicorn)
        wait_until(
            lambda: listening(gunicorn_port),
            seconds=60,
            what="gunicorn up",
            process=gunicorn,
            log=folder / "gunicorn.log",
        )
        caddy, root = start_caddy(
            folder, upstream=f"127.0.0.1:{gunicorn_port}", https_port=https_port, http_port=http_port
        )
        processes.append(caddy)
        yield Production(
            url=f"https://localhost:{https_port}",
            root_certificate=root,
            environment=environment,
            gunicorn_port=gunicorn_port,
            gunicorn_log=folder / "gunicorn.log",
            caddy_log=folder / "caddy.log",
            resident_link=demo_path(seeded, "Resident survey link"),
            certificate_check=demo_path(seeded, "Certificate check"),
            database={"dbname": name, **server},
        )
    finally:
        for process in reversed(processes):
            stop(process)
        run_database_command(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Visit:
    """Opens pages and every static file they use, and writes down what went wrong instead of stopping."""

    checked_assets: set[str] = set()

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.problems: list[str] = []

    def open(self, path: str, *, expect: int = 200) -> Page:
        page = self.browser.get(path)
        if page.status != expect:
            self.problems.append(f"{path} answered {page.status}")
        self.check_assets(page)
        return page

    def check_assets(self, page: Page) -> None:
        for asset in page.assets:
            url = urllib.parse.urljoin(page.url, asset)
            if not url.startswith(self.browser.base_url) or url in self.checked_assets:
                continue
            self.checked_assets.add(url)
            answer = self.browser.get(url)
            if answer.status != 200 or not answer.text:
                self.problems.append(f"{page.path} uses {asset}, which answered {answer.status}")


def pages_linked_from(page: Page, browser: Browser, *, also_skip: re.Pattern | None = None) -> list[str]:
    paths: list[str] = []
    for link in page.links:
        url = urllib.parse.urljoin(page.url, link)
        split = urllib.parse.urlsplit(url)
        path = split.path + (f"?{split.query}" if split.query else "")
        skipped = NOT_PAGES.search(path) or (also_skip and also_skip.search(path))
        if url.startswith(browser.base_url) and not skipped and path not in [*paths, page.path]:
            paths.append(path)
    return paths


@pytest.mark.parametrize("username", ROLES)
def test_each_role_signs_in_and_every_page_its_home_and_menu_offer_opens(production, username):
    visit = Visit(production.browser())
    home = visit.browser.sign_in(username, PASSWORD)
    assert home.status == 200 and home.path == "/", f"{username} could not sign in: {home.status} {home.url}"
    assert home.compressed, "HTML comes through the proxy compressed"
    visit.check_assets(home)
    linked = pages_linked_from(home, visit.browser, also_skip=ADMIN)
    assert len(linked) >= 2, f"{username}'s home page offers almost nothing: {linked}"
    for path in linked:
        visit.open(path)
    assert visit.problems == []


def test_the_program_admin_opens_django_admin_and_its_lists(production):
    visit = Visit(production.browser())
    visit.browser.sign_in("admin", PASSWORD)
    index = visit.open("/admin/")
    models = [path for path in pages_linked_from(index, visit.browser) if re.fullmatch(r"/admin/\w+/\w+/", path)]
    assert len(models) >= 10, models
    for path in models:
        visit.open(path)
    assert visit.problems == []


def test_a_resident_answers_a_survey_and_it_is_stored(production):
    visit = Visit(production.browser())
    form_page = visit.open(production.resident_link)
    form = next(form for form in form_page.forms if any(re.fullmatch(r"q\d+", name) for _, name, _ in form.fields))
    answers: dict[str, list[str]] = {}
    for kind, name, value in form.fields:
        if kind == "radio":
            answers[name] = [value]  # the last option of each question: the best mark
        elif kind in ("hidden", "textarea") or (kind == "text" and re.fullmatch(r"q\d+", name)):
            answers.setdefault(name, [value or "Quick, friendly and clear. Thank you."])
    before = production.count_responses()
    thanks = visit.browser.post(
        form.action or production.resident_link,
        [(name, value) for name, values in answers.items() for value in values],
        referer=form_page.url,
    )
    assert (thanks.status, thanks.path) == (200, production.resident_link + "thanks/"), thanks.text[:2000]
    visit.check_assets(thanks)
    assert production.count_responses() == before + 1
    assert visit.problems == []


def test_anyone_opens_the_standards_page_and_checks_a_certificate(production):
    visit = Visit(production.browser())
    visit.open("/standards/")
    certificate = visit.open(production.certificate_check)
    assert "Elena Marsh" in certificate.text
    visit.open("/certificates/NOT-A-CODE/", expect=404)
    assert visit.problems == []


def test_compose_health_check_passes_against_gunicorn(production):
    command = COMPOSE["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    script = command[3].replace("127.0.0.1:8000", f"127.0.0.1:{production.gunicorn_port}")
    result = subprocess.run(
        [str(BIN / "python"), "-c", script], env=production.environment, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_checklist_passes_with_the_compose_settings(production):
    output = manage("check", "--deploy", "--fail-level", "WARNING", env=production.environment)
    assert "no issues" in output


def test_no_log_holds_a_residents_address_user_agent_survey_token_or_certificate_code(production):
    browser = production.browser()
    assert browser.get(production.resident_link).status == 200
    assert browser.get(production.certificate_check).status == 200
    assert browser.get("/certificates/NOT-A-CODE/").status == 404  # Django logs "Not Found: <path>"
    token = production.resident_link.split("/")[2]
    code = production.certificate_check.split("/")[2]
    time.sleep(0.5)  # gunicorn writes its access line after the response has gone
    gunicorn_log, caddy_log = production.gunicorn_log.read_text(), production.caddy_log.read_text()
    access = [line for line in gunicorn_log.splitlines() if re.search(r'"(GET|POST) /', line)]
    assert '"GET /s/<redacted>/" 200' in gunicorn_log and '"GET /certificates/<redacted>/" 200' in gunicorn_log
    for log in (gunicorn_log, caddy_log):
        for secret in (CLIENT_ADDRESS, USER_AGENT, "ProductionShapeProbe", token, code, "NOT-A-CODE"):
            assert secret not in log
    # Not even the proxy's address: an access line holds no address at all.
    assert not [line for line in access if re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", line)]
