"""axe-core on every page of the app, in English and in Spanish, as the person who uses it.

The pages come from tests/fuzz/targets.py, which knows every URL, who opens it and with which objects of the
demo county: each target a plain GET answers with a page (200), except the buttons that post from another
page, plus each evaluation's page as the person
whose workflow step it offers (a different form each). Django admin is left out (its markup is Django's), and
so are the addresses that answer a file or JSON (NOT_PAGES). A page that stops answering HTML fails the walk
instead of being skipped quietly, so this list stays true.

The demo county is seeded once for all of them; one Chromium, one context per person, signed in once. A test
per person and language, so a failure names them and the walk can be split: each person's pages are read in
English, or with the language cookie set to Spanish, as the language switch leaves it.
"""

from collections import defaultdict
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from demo.org import DEMO_PASSWORD
from tests.fuzz.targets import TARGETS, steps

# No django_db mark: the demo county is seeded once for the module (demo_pages), not once per test.
pytestmark = pytest.mark.browser

NOT_PAGES = {
    "healthz": "JSON for the proxy",
    "surveys:link_batch_csv": "a CSV of links",
    "surveys:link_qr": "an image",
    "surveys:export": "a CSV of responses",
    "training:session_qr": "an image",
    "evaluations:certification_document": "the scanned statement",
    "evaluations:payroll_export": "a CSV for payroll",
    "jobs:status": "JSON for the progress bar",
    "jobs:download": "the job's file",
}
LANGUAGES = ("en", "es")
PEOPLE = ("admin", "hr", "head", "trainer", "employee", None)  # None: a resident, not signed in


def pages_by_person() -> dict[str | None, list[str]]:
    """Person (a demo username; None is a resident) -> the paths of the pages they open, each once."""
    pages: dict[str | None, list[str]] = defaultdict(list)
    for name, target in TARGETS.items():
        if target.opens != 200 or name in NOT_PAGES or name.startswith(("api_v1:", "admin:")):
            continue
        if target.page or name in ("evaluations:evaluation_form_step", "evaluations:evaluation_step"):
            continue  # a button that posts from another page (that page is walked), or a workflow step (below)
        pages[target.user].append(reverse(name, kwargs=target.kwargs()))
    for step in steps():
        pages[step.user].append(reverse(step.page[0], kwargs=step.page[1]))
    return {person: list(dict.fromkeys(paths)) for person, paths in pages.items()}


def _walk(page, base: str, paths: list[str], language: str, axe_violations) -> list[str]:
    """Every problem on these pages in the language asked for: a page that is not HTML or not in that
    language, and axe's violations."""
    problems = []
    for path in paths:
        response = page.goto(base + path)
        kind = response.headers.get("content-type", "") if response else ""
        if response is None or response.status != 200 or not kind.startswith("text/html"):
            problems.append(f"{path}: answered {response and response.status} {kind} (a page? see NOT_PAGES)")
            continue
        if urlsplit(page.url).path != urlsplit(path).path:
            problems.append(f"{path}: sent on to {page.url}")
            continue
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{path}: not in {language}")
        problems += [
            f"{language} {path}: {violation['id']} ({violation['help']}) at {violation['nodes'][:3]}"
            for violation in axe_violations(page)
        ]
    return problems


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county, seeded once for the module's tests and committed (the live server reads it from its own
    thread), and each person's pages in it. Emptied afterwards, as a transactional test leaves the database.
    Its signed statements and the export a target finishes go to a scratch folder, never to var/."""
    scratch = tmp_path_factory.mktemp("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_FILES_DIR=scratch / "private", JOBS_DIR=scratch / "jobs"),
    ):
        call_command("seed_demo", "--force", stdout=StringIO())
        yield pages_by_person()
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def signed_in(browser, live_server, demo_pages):
    """person -> their page in a context signed in once for all their pages, in both languages."""
    pages = {}

    def page_of(person: str | None):
        if person not in pages:
            context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
            context.set_default_timeout(15_000)
            pages[person] = page = context.new_page()
            if person is not None:
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("#id_login", person)
                page.fill("#id_password", DEMO_PASSWORD)
                page.click("button[type=submit]:has-text('Sign in')")
                page.wait_for_load_state()
        return pages[person]

    yield page_of
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda person: person or "resident")
def test_axe_finds_no_violation_on_any_page(person, language, demo_pages, signed_in, live_server, axe_violations):
    page = signed_in(person)
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}])
    assert demo_pages[person], "the walk found no page for this person"
    assert _walk(page, live_server.url, demo_pages[person], language, axe_violations) == []
